export const id = 582;
export const ids = [582];
export const modules = {

/***/ 582:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  writeSecret: () => (/* binding */ writeSecret)
});

// EXTERNAL MODULE: ./node_modules/libsodium-wrappers/dist/modules-esm/libsodium-wrappers.mjs + 1 modules
var libsodium_wrappers = __webpack_require__(4768);
// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(8902);
// EXTERNAL MODULE: ./src/runner/constants.ts
var constants = __webpack_require__(1871);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/sso/service-errors.ts
var service_errors = __webpack_require__(7014);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: ./src/http/proxy.ts + 1 modules
var proxy = __webpack_require__(9525);
// EXTERNAL MODULE: ./src/secrets/untrusted-text.ts
var untrusted_text = __webpack_require__(1351);
;// CONCATENATED MODULE: ./src/github-api/github-rest.ts





/** An answer worth another attempt; shaped as retry.ts reads status and Retry-After. */
class RetryableAnswer extends Error {
    response;
    name = 'RetryableAnswer';
    $response;
    constructor(response) {
        super(`HTTP ${response.status}`);
        this.response = response;
        const headers = {};
        for (const [name, value] of Object.entries(response.headers)) {
            headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        this.$response = { statusCode: response.status, headers };
    }
}
const ATTEMPT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 64 * 1024;
const REST_RETRY_POLICY = {
    maxAttempts: 3,
    baseDelayMs: 500,
    throttlingBaseDelayMs: 2000,
    maxDelayMs: 10_000,
};
/**
 * One API call, retried under REST_RETRY_POLICY. Any other answer (2xx, 4xx) is returned for the
 * caller to read; a retryable one left after the last attempt ends as RetriesExhaustedError.
 */
async function callGitHub(target, method, path, body) {
    const agents = target.proxy
        ? await (0,proxy/* createProxyAgents */.XV)(target.proxy.url, target.proxy.noProxy)
        : undefined;
    try {
        return await (0,retry/* withRetries */.LH)(REST_RETRY_POLICY, async () => {
            const response = await send(target, method, path, body, agents);
            if (response.status === 429 || response.status >= 500)
                throw new RetryableAnswer(response);
            return response;
        });
    }
    finally {
        agents?.httpAgent.destroy();
        agents?.httpsAgent.destroy();
    }
}
/** GITHUB_API_URL may carry a path (GitHub Enterprise Server: /api/v3). */
function urlOf(apiUrl, path) {
    return new URL(`${apiUrl.href.replace(/\/+$/, '')}${path}`);
}
function send(target, method, path, body, agents) {
    const url = urlOf(target.apiUrl, path);
    const secure = url.protocol === 'https:';
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${target.token}`,
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'aws-sso-credentials',
        ...(payload === undefined
            ? {}
            : {
                'Content-Type': 'application/json',
                'Content-Length': String(Buffer.byteLength(payload)),
            }),
    };
    const agent = agents ? (secure ? agents.httpsAgent : agents.httpAgent) : undefined;
    return new Promise((resolve, reject) => {
        const request = (secure ? external_node_https_.request : external_node_http_.request)(url, {
            method,
            headers,
            ...(agent ? { agent } : {}),
        });
        const timer = setTimeout(() => {
            request.destroy(Object.assign(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS} ms`), {
                name: 'TimeoutError',
            }));
        }, ATTEMPT_TIMEOUT_MS);
        request.on('error', (error) => {
            clearTimeout(timer);
            reject(error);
        });
        request.on('response', (response) => {
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size > MAX_BODY_BYTES)
                    request.destroy(new Error('the answer is too large'));
                else
                    chunks.push(chunk);
            });
            response.on('end', () => {
                clearTimeout(timer);
                const text = Buffer.concat(chunks).toString('utf8');
                resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text });
            });
            response.on('error', reject);
        });
        request.end(payload);
    });
}
/**
 * GitHub's own `message` of an error answer, as one short line, if it has one: made safe as every
 * echoed text is (untrusted-text.ts), so known secrets (the github-token first) are withheld
 * before anything else, token-like runs too, and the text is shortened only between words.
 */
function gitHubMessage(response) {
    try {
        const { message } = JSON.parse(response.body);
        if (typeof message !== 'string')
            return undefined;
        const line = (0,untrusted_text/* untrustedText */.Ui)(message, 200);
        return line === '' ? undefined : line;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/github-api/secret-writer.ts






const KEY_ID = /^[\x21-\x7e]{1,256}$/;
async function writeSecret(settings, value, proxy) {
    const target = {
        apiUrl: settings.apiUrl,
        token: settings.githubToken,
        ...(proxy ? { proxy } : {}),
    };
    const secrets = secretsPath(settings);
    const publicKey = await readPublicKey(target, `${secrets}/public-key`, settings);
    const encrypted = await sealFor(publicKey.key, value);
    const response = await request(target, 'PUT', `${secrets}/${encodeURIComponent(settings.secretName)}`, settings, {
        encrypted_value: encrypted,
        key_id: publicKey.keyId,
    });
    if (response.status === 201)
        return 'created';
    if (response.status === 204)
        return 'updated';
    throw refusal(response, settings);
}
/**
 * `/repos/{owner}/{repo}/actions/secrets` or `/repos/{owner}/{repo}/environments/{env}/secrets`,
 * every name one encoded segment (write-back-inputs.ts refuses `.` and `..`, which encoding
 * leaves as path steps).
 */
function secretsPath(settings) {
    const [owner = '', repo = ''] = settings.repository.split('/');
    const repository = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
    return settings.environment
        ? `${repository}/environments/${encodeURIComponent(settings.environment)}/secrets`
        : `${repository}/actions/secrets`;
}
async function readPublicKey(target, path, settings) {
    const response = await request(target, 'GET', path, settings);
    if (response.status !== 200)
        throw refusal(response, settings);
    let parsed;
    try {
        parsed = JSON.parse(response.body);
    }
    catch {
        parsed = undefined;
    }
    const { key_id: keyId, key } = (parsed ?? {});
    const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : undefined;
    await libsodium_wrappers/* default.ready */.Ay.ready;
    if (typeof keyId !== 'string' ||
        !KEY_ID.test(keyId) ||
        bytes?.length !== libsodium_wrappers/* default */.Ay.crypto_box_PUBLICKEYBYTES) {
        throw new errors/* UserError */.yo(`GitHub's answer for the public key of ${where(settings)} is not a key_id and a 32-byte key, so the secret '${settings.secretName}' was not written.`);
    }
    return { keyId, key: new Uint8Array(bytes) };
}
async function sealFor(publicKey, value) {
    await libsodium_wrappers/* default.ready */.Ay.ready;
    const sealed = libsodium_wrappers/* default */.Ay.crypto_box_seal(libsodium_wrappers/* default.from_string */.Ay.from_string(value), publicKey);
    return libsodium_wrappers/* default.to_base64 */.Ay.to_base64(sealed, libsodium_wrappers/* default.base64_variants */.Ay.base64_variants.ORIGINAL);
}
/** One call; network failures and answers still retryable after the last attempt are explained. */
async function request(target, method, path, settings, body) {
    try {
        return await callGitHub(target, method, path, body);
    }
    catch (error) {
        const cause = error instanceof retry/* RetriesExhaustedError */.i5 ? error.lastError : error;
        const answer = cause.response;
        const tries = error instanceof retry/* RetriesExhaustedError */.i5 ? ` after ${error.attempts} attempts` : '';
        const why = answer ? httpLabel(answer) : networkCause(cause);
        throw new errors/* UserError */.yo(`Writing the secret '${settings.secretName}' of ${where(settings)} failed${tries}: ${why}.`);
    }
}
function networkCause(error) {
    const { name, code } = (error ?? {});
    if (name === 'TimeoutError')
        return 'the GitHub API did not answer in time';
    return code ? `${code} (${(0,errors/* describeError */.Uc)(error)})` : (0,service_errors/* describeCause */.V$)(error);
}
function httpLabel(response) {
    const message = gitHubMessage(response);
    return message ? `HTTP ${response.status}: ${message}` : `HTTP ${response.status}`;
}
function where(settings) {
    return settings.environment
        ? `the environment '${settings.environment}' of ${settings.repository}`
        : `the repository ${settings.repository}`;
}
/** The permission a token needs for this kind of secret, as GitHub names it. */
function permission(settings) {
    const needed = settings.environment
        ? 'the repository permissions "Secrets: write" and "Environments: write"'
        : 'the repository permission "Secrets: write"';
    return `a fine-grained personal access token or a GitHub App token with ${needed} on ${settings.repository} (or a classic token with the repo scope); the workflow's GITHUB_TOKEN cannot write secrets`;
}
/** An answer that is not the one asked for: what it means for the token and what to do. */
function refusal(response, settings) {
    const token = `'${constants/* Inputs */.G0.GithubToken}'`;
    const secret = `the secret '${settings.secretName}' of ${where(settings)}`;
    const label = httpLabel(response);
    switch (response.status) {
        case 401:
            return new errors/* UserError */.yo(`GitHub refused ${token} (${label}) when writing ${secret}: the token is invalid or has expired. Give ${permission(settings)}.`);
        case 403:
            return new errors/* UserError */.yo(`GitHub did not let ${token} write ${secret} (${label}): the token lacks the permission. Give ${permission(settings)}.`);
        case 404:
            return new errors/* UserError */.yo(`GitHub answered ${label} for ${secret}: ${token} cannot see the repository${settings.environment ? ', or the environment does not exist' : ''}. Give ${permission(settings)}.`);
        default:
            return new errors/* UserError */.yo(`GitHub refused to write ${secret} (${label}).`);
    }
}


/***/ }),

/***/ 1351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ui: () => (/* binding */ untrustedText)
/* harmony export */ });
/* unused harmony exports withholdTokens, shortenBetweenWords */
/* harmony import */ var _known_secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7554);
/* harmony import */ var _neutralise_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(863);


/**
 * Text from an untrusted answer (an error code or message from a service or a proxy), made fit
 * for a one-line message: controls and invisible characters go and every piece of 8 or more
 * characters of a secret this process knows is withheld, also where whitespace splits it
 * (known-secrets.ts); then values that look like tokens are withheld, the text is neutralised
 * (neutralise.ts) and shortened only between words.
 *
 * Why no piece of a secret of 8 characters or more can remain: a known secret's pieces are
 * withheld wherever they are; an unknown one has no whitespace, so it sits inside one word, and a
 * word that looks like a token is replaced whole, while any other word is kept whole or dropped
 * whole when the text is shortened, never cut.
 */
function untrustedText(text, maxLength) {
    // Neutralised before it is shortened: a `::` after a line break is broken while the line break
    // is still there to show where a line starts (shortening folds whitespace).
    return shortenBetweenWords((0,_neutralise_js__WEBPACK_IMPORTED_MODULE_1__/* .neutralise */ .$0)(withholdTokens((0,_known_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .withholdSecrets */ .RK)(String(text)))), maxLength);
}
const WITHHELD = '[withheld]';
/**
 * Runs of 20 or more characters of the base64, base64url, hex and percent-encoding alphabets
 * that hold a digit or one of `+/=%~`, and any such run of 40 or more: what tokens, keys and
 * encoded credentials look like. Exception names (`ServiceUnavailableException`) have none of
 * those and stay readable; dotted host names are split at their dots and stay too.
 */
const TOKEN_RUN = /[A-Za-z0-9+/=_~%-]{20,}/g;
function withholdTokens(text) {
    return text.replace(TOKEN_RUN, (run) => run.length >= 40 || /[0-9+=%~]/.test(run) ? WITHHELD : run);
}
/**
 * At most `maxLength` characters (plus an ellipsis), cut only at whitespace: the word the limit
 * falls in is dropped, not cut. Whitespace runs are first collapsed to one space.
 */
function shortenBetweenWords(text, maxLength) {
    const line = text.replace(/\s+/g, ' ').trim();
    if (line.length <= maxLength)
        return line;
    const cut = line.lastIndexOf(' ', maxLength);
    return `${cut > 0 ? line.slice(0, cut) : ''}…`;
}


/***/ }),

/***/ 7014:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V$: () => (/* binding */ describeCause),
/* harmony export */   cb: () => (/* binding */ callService)
/* harmony export */ });
/* unused harmony exports explainServiceError, causeOf */
/* harmony import */ var _http_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8902);
/* harmony import */ var _secrets_untrusted_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1351);
/* harmony import */ var _time_deadline_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(793);
/* harmony import */ var _describe_problem_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6941);
/* harmony import */ var _identity_center_error_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(884);





/**
 * Runs one API call under the retry policy and turns any failure into an IdentityCenterError
 * that says what happened. `call` should include checking the response, so that a malformed
 * one is retried, and give its request the attempt's timeout (`limits`).
 */
async function callService(context, call, policy = _http_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_RETRY_POLICY */ .cO) {
    try {
        return await (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .withRetries */ .LH)(policy, call);
    }
    catch (error) {
        throw explainServiceError(error, context);
    }
}
function explainServiceError(error, context) {
    return new _identity_center_error_js__WEBPACK_IMPORTED_MODULE_4__/* .IdentityCenterError */ .UF(problemFromServiceError(error, context));
}
/** What a failed call amounts to: a known service answer, or the call and its last cause. */
function problemFromServiceError(error, context) {
    if (error instanceof _time_deadline_js__WEBPACK_IMPORTED_MODULE_2__/* .DeadlinePassedError */ .Jw) {
        const { operation, accountId, roleName } = context;
        return {
            kind: 'deadline-passed',
            operation,
            limitMs: error.limitMs,
            ...(accountId ? { accountId } : {}),
            ...(roleName ? { roleName } : {}),
        };
    }
    const exhausted = error instanceof _http_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .RetriesExhaustedError */ .i5 ? error : undefined;
    const last = exhausted ? exhausted.lastError : error;
    const known = knownProblem(shapeOf(last), context);
    if (known)
        return known;
    return {
        kind: 'call-failed',
        operation: context.operation,
        ...(exhausted ? { retriesExhausted: exhaustion(exhausted) } : {}),
        cause: causeOf(last),
    };
}
function exhaustion({ attempts, elapsedMs, budgetSpent }) {
    return { attempts, elapsedMs, ...(budgetSpent ? { budgetSpent } : {}) };
}
/** The service answers that mean something to the caller, whatever the operation. */
function knownProblem(shape, context) {
    const { operation, accountId, roleName } = context;
    const target = { ...(accountId ? { accountId } : {}), ...(roleName ? { roleName } : {}) };
    switch (shape.name) {
        case 'UnauthorizedException':
            return {
                kind: 'access-token-rejected',
                operation,
                ...(context.tokenJustRefreshed === undefined
                    ? {}
                    : { justRefreshed: context.tokenJustRefreshed }),
            };
        case 'ForbiddenException':
            return { kind: 'no-access', operation, status: (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(shape) ?? 403, ...target };
        case 'ResourceNotFoundException':
            return { kind: 'not-found', operation, ...target };
        case 'InvalidGrantException':
            return {
                kind: 'refresh-token-refused',
                operation,
                ...(context.afterAmbiguousAttempt ? { afterAmbiguousAttempt: true } : {}),
            };
        case 'InvalidClientException':
            return {
                kind: 'client-refused',
                operation,
                ...(context.registrationExpiresAt
                    ? { registrationExpiresAt: context.registrationExpiresAt }
                    : {}),
                observedAt: new Date(),
            };
        default:
            return undefined;
    }
}
/** The last cause, in one line (e.g. for a retry log): its status, name, code and message. */
function describeCause(error, vocabulary = _describe_problem_js__WEBPACK_IMPORTED_MODULE_3__/* .NEUTRAL_VOCABULARY */ .de) {
    return (0,_describe_problem_js__WEBPACK_IMPORTED_MODULE_3__/* .phraseCause */ .Fh)(causeOf(error), vocabulary);
}
/**
 * What can be said safely about an error: never the body of a response that did not parse.
 * Every field of an answer (name, code, message, error, description) is untrusted: each one is
 * made safe on its own (untrusted-text.ts), so that no field can end the line, start a workflow
 * command, or show part of a token.
 */
function causeOf(error) {
    const shape = textFields(error);
    const status = (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(shape);
    if (shape.name === 'MalformedResponseError') {
        return { kind: 'malformed-response', detail: shape.detail ?? 'unusable' };
    }
    // 407 comes from a proxy, not from AWS: its body is whatever the proxy sends.
    if (status === 407)
        return { kind: 'proxy-refused' };
    // Our own sentence about an answer we refused (it names members and bounds, never values).
    if (OWN_MESSAGES.has(shape.name ?? '')) {
        return { kind: 'error', message: (0,_secrets_untrusted_text_js__WEBPACK_IMPORTED_MODULE_1__/* .untrustedText */ .Ui)(shape.message ?? '', 300) };
    }
    // JSON.parse messages quote the body, and a half-sent body can hold credentials: never echo it.
    if (shape.name === 'SyntaxError' || shape.message?.includes('Deserialization error')) {
        return { kind: 'malformed-response', ...(status ? { status } : {}) };
    }
    const name = shape.name && shape.name !== 'Error' ? (0,_secrets_untrusted_text_js__WEBPACK_IMPORTED_MODULE_1__/* .untrustedText */ .Ui)(shape.name, 100) : undefined;
    const code = shape.code ? (0,_secrets_untrusted_text_js__WEBPACK_IMPORTED_MODULE_1__/* .untrustedText */ .Ui)(shape.code, 100) : undefined;
    // OIDC errors carry no message member (the SDK fills in 'UnknownError'); their text is error_description.
    const message = shape.message && shape.message !== 'UnknownError' ? shape.message : undefined;
    const detail = (0,_secrets_untrusted_text_js__WEBPACK_IMPORTED_MODULE_1__/* .untrustedText */ .Ui)(message ?? shape.error_description ?? shape.error ?? '', 300);
    const host = status ? undefined : shape.host;
    return {
        kind: 'error',
        ...(status ? { status } : {}),
        ...(name ? { name } : {}),
        ...(code ? { code } : {}),
        ...(host ? { host: (0,_secrets_untrusted_text_js__WEBPACK_IMPORTED_MODULE_1__/* .untrustedText */ .Ui)(host, 253) } : {}),
        ...(detail ? { message: detail } : {}),
    };
}
/** Errors whose message this project wrote itself about an answer it refused. */
const OWN_MESSAGES = new Set(['InvalidResponseError', 'ResponseTooLargeError', 'ProxyTunnelError']);
/**
 * The error with only the fields that are strings: the SDK copies every member of an error body
 * onto the error, so `message` or `code` can be a number, an object or a list.
 */
function textFields(error) {
    const raw = (typeof error === 'object' && error !== null ? error : {});
    const text = (value) => (typeof value === 'string' ? value : undefined);
    return {
        name: text(raw.name),
        message: text(raw.message),
        code: text(raw.code),
        error: text(raw.error),
        error_description: text(raw.error_description),
        detail: text(raw.detail),
        host: text(raw.hostname) ?? text(raw.address),
        $metadata: raw.$metadata,
        $response: raw.$response,
    };
}
function shapeOf(error) {
    return (typeof error === 'object' && error !== null ? error : {});
}


/***/ })

};
