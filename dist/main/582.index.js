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
// EXTERNAL MODULE: ./src/http/proxy.ts + 3 modules
var proxy = __webpack_require__(1561);
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


/***/ })

};
