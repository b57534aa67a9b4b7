export const id = 344;
export const ids = [344];
export const modules = {

/***/ 6993:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ defaultProvider)
/* harmony export */ });
/* harmony import */ var _left_out_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1449);

/**
 * Stands in for @aws-sdk/credential-provider-node, the SDK's default AWS credential chain
 * (environment, SSO, INI, process, web identity, ECS and EC2 metadata, and the nested STS and
 * SSO clients behind them): about 300 KB. The SSO OIDC client imports it as its default, but
 * CreateToken, RegisterClient and StartDeviceAuthorization are unsigned and the SSO portal
 * takes a bearer token, so no AWS credentials are ever asked for.
 */
const REASON = 'IAM Identity Center calls are unsigned and need no AWS credentials';
/** Called when a client is built; the provider it returns is called only to sign a request. */
const defaultProvider = () => (0,_left_out_js__WEBPACK_IMPORTED_MODULE_0__/* .leftOut */ .ig)('@aws-sdk/credential-provider-node', 'credential provider', REASON);


/***/ }),

/***/ 9070:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ SignatureV4)
/* harmony export */ });
/* harmony import */ var _left_out_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1449);

/**
 * Stands in for @smithy/signature-v4, the SigV4 request signer: every operation this project
 * calls is declared `smithy.api#noAuth` (the signer would also need AWS credentials, which
 * the credential-provider-node stand-in never gives).
 */
const SignatureV4 = (0,_left_out_js__WEBPACK_IMPORTED_MODULE_0__/* .leftOutClass */ .ik)('@smithy/signature-v4', 'SignatureV4', 'every IAM Identity Center call this project makes is unsigned');


/***/ }),

/***/ 3335:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  redeemRefreshToken: () => (/* binding */ redeemRefreshToken)
});

// EXTERNAL MODULE: ./src/runner/masking.ts
var masking = __webpack_require__(1762);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sso/dist-es/SSOClient.js + 12 modules
var SSOClient = __webpack_require__(6136);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sso-oidc/dist-es/SSOOIDCClient.js + 8 modules
var SSOOIDCClient = __webpack_require__(1161);
// EXTERNAL MODULE: ./src/disk/config-files.ts
var config_files = __webpack_require__(2445);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-es/node-http-handler.js + 12 modules
var node_http_handler = __webpack_require__(2635);
;// CONCATENATED MODULE: ./src/http/bounded-handler.ts


const MAX_BODY_BYTES = 1024 * 1024;
/** An answer larger than the bound: never read to the end, never echoed. */
class ResponseTooLargeError extends Error {
    name = 'ResponseTooLargeError';
    $metadata;
    constructor(maxBytes, status) {
        super(`the response body is larger than ${sizeOf(maxBytes)}; refused without reading the rest`);
        this.$metadata = { httpStatusCode: status };
    }
}
/** The body did not arrive in time; named TimeoutError so that it is retried like one. */
class ResponseDeadlineError extends Error {
    name = 'TimeoutError';
    code = 'ETIMEDOUT';
    $metadata;
    constructor(deadlineMs, status) {
        super(`the response did not complete within the ${deadlineMs} ms requestTimeout (headers and body)`);
        this.$metadata = { httpStatusCode: status };
    }
}
function sizeOf(bytes) {
    return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
/** A little after the deadline, in case the handler's own timeout did not end the attempt. */
const ABORT_GRACE_MS = 1000;
class BoundedHttpHandler extends node_http_handler/* NodeHttpHandler */.$ {
    bounds;
    constructor(options, bounds) {
        super(options);
        this.bounds = bounds;
    }
    async handle(request, options = {}) {
        const started = Date.now();
        // A call may give its own per-attempt timeout (CreateToken does); the deadline follows it.
        const deadlineMs = options.requestTimeout ?? this.bounds.deadlineMs;
        const abort = new AbortController();
        const safetyNet = setTimeout(() => abort.abort(), deadlineMs + ABORT_GRACE_MS);
        safetyNet.unref();
        try {
            const abortSignal = options.abortSignal ?? abort.signal;
            const result = await super.handle(request, {
                ...options,
                ...(abortSignal ? { abortSignal } : {}),
            });
            const remainingMs = deadlineMs - (Date.now() - started);
            result.response.body = boundBody(result.response, { ...this.bounds, deadlineMs }, remainingMs);
            return result;
        }
        finally {
            clearTimeout(safetyNet);
        }
    }
}
function declaredLength(response) {
    const entry = Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-length');
    const length = Number(entry?.[1]);
    return entry && Number.isFinite(length) ? length : undefined;
}
/** The response body behind a counting, time-limited stream. */
function boundBody(response, bounds, remainingMs) {
    const source = response.body;
    if (!source || typeof source.on !== 'function')
        return source;
    return new BoundedBody(source, {
        ...bounds,
        remainingMs,
        status: response.statusCode,
        declaredLength: declaredLength(response),
    });
}
/**
 * Passes the body on until it ends, it grows past the size bound, or the deadline comes. Starts
 * when the SDK first reads it: by then the SDK listens for its errors, so that a failure can
 * never go unheard (an unheard stream error would leave the SDK waiting for ever).
 */
class BoundedBody extends external_node_stream_.Readable {
    source;
    limits;
    started = false;
    done = false;
    received = 0;
    timer;
    constructor(source, limits) {
        super();
        this.source = source;
        this.limits = limits;
    }
    _read() {
        if (this.started) {
            this.source.resume();
            return;
        }
        this.started = true;
        const { declaredLength, maxBodyBytes, status } = this.limits;
        if (declaredLength !== undefined && declaredLength > maxBodyBytes) {
            this.fail(new ResponseTooLargeError(maxBodyBytes, status));
            return;
        }
        this.timer = setTimeout(() => this.fail(new ResponseDeadlineError(this.limits.deadlineMs, status)), Math.max(0, this.limits.remainingMs));
        this.timer.unref();
        this.source.on('data', (chunk) => this.accept(chunk));
        this.source.on('end', () => this.finish());
        this.source.on('error', (error) => this.fail(error));
    }
    accept(chunk) {
        if (this.done)
            return;
        this.received += chunk.length;
        if (this.received > this.limits.maxBodyBytes) {
            this.fail(new ResponseTooLargeError(this.limits.maxBodyBytes, this.limits.status));
            return;
        }
        if (!this.push(chunk))
            this.source.pause();
    }
    finish() {
        if (this.done)
            return;
        this.done = true;
        clearTimeout(this.timer);
        this.push(null);
    }
    /** Destroying the message closes the socket: the rest is never read, and it is not reused. */
    fail(error) {
        if (this.done)
            return;
        this.done = true;
        clearTimeout(this.timer);
        this.source.destroy();
        this.destroy(error);
    }
    _destroy(error, callback) {
        clearTimeout(this.timer);
        if (!this.done) {
            this.done = true;
            this.source.destroy();
        }
        callback(error);
    }
}

// EXTERNAL MODULE: ./src/http/proxy.ts + 1 modules
var proxy = __webpack_require__(9525);
// EXTERNAL MODULE: ./src/http/retry.ts
var http_retry = __webpack_require__(8902);
;// CONCATENATED MODULE: ./src/sso/limits.ts
/** Limits of the IAM Identity Center core, shared by every front end. */
/**
 * Portal calls in flight at once for profiles and for ListAccountRoles: 50 profiles at 200 ms per
 * call take four rounds of calls, under a second, instead of ten seconds one by one
 * (`npm run bench`, docs/performance.md), while a burst stays small enough for the portal's
 * throttling (and what is throttled is retried with backoff anyway).
 */
const PORTAL_CONCURRENCY = 16;
/** A cached access token is used only while it has at least this long left (the JS SDK's own window). */
const limits_ACCESS_TOKEN_REFRESH_WINDOW_MS = (/* unused pure expression or super */ null && (5 * 60 * 1000));
/**
 * The per-attempt deadline of a CreateToken refresh, against 10 s for every other call. A refresh
 * is the one call a retry can make worse: if the service rotates refresh tokens, an attempt that
 * reached it and whose answer was then cut off has already retired the token the retry sends. So
 * a slow but healthy answer must be waited for: 30 s is three times what a loaded machine was seen
 * to need (answers of 10 s and more when 64 jobs start on 2 cores). What bounds the whole call
 * against a silent endpoint is not this but REFRESH_BUDGET: attempts alone (10 × 30 s plus
 * backoff) held a step for 334 s.
 */
const CREATE_TOKEN_TIMEOUT_MS = 30_000;
/**
 * Every call but a refresh: 10 s per attempt (these calls answer in well under a second), 25 s
 * in all. A silent endpoint gets two whole attempts and a shortened third (these calls are
 * idempotent: cutting one costs only the retry); throttled answers come back at once, so they
 * get many retries in 25 s (the load suite's 64 jobs needed at most 8, within 27 s per step).
 */
const CALL_BUDGET = { attemptTimeoutMs: 10_000, totalMs: 25_000 };
/**
 * A CreateToken refresh: whole attempts of 30 s only (never one cut short: see above), and 62 s
 * in all, room for two of them and the wait between. Quick failures (5xx, throttling) are
 * retried while a whole attempt still fits.
 */
const REFRESH_BUDGET = {
    attemptTimeoutMs: CREATE_TOKEN_TIMEOUT_MS,
    totalMs: 62_000,
    wholeAttempts: true,
};
/**
 * The longest the main step can spend on endpoints that accept connections and never answer,
 * at the default settings: a refresh that spent its budget and still got an answer, then
 * credentials that get none (the profiles' calls run at once, 16 in flight, and the first
 * failure starts no more), plus a second of slack per call for a timeout that fires late.
 * __tests__/unit/deadline-budget.test.ts holds it to 90 s.
 */
const SILENT_STEP_BOUND_MS = REFRESH_BUDGET.totalMs + CALL_BUDGET.totalMs + 2 * 1000;

;// CONCATENATED MODULE: ./src/sso/clients.ts







/** 10 s per attempt (limits.ts), 5 s to connect. */
const DEFAULT_TIMEOUTS = {
    requestTimeoutMs: CALL_BUDGET.attemptTimeoutMs,
    connectionTimeoutMs: 5_000,
};
/** Creates the clients, hands them to `use`, and closes their connections however `use` ends. */
async function withClients(region, options, use) {
    const clients = await createClients(region, options);
    try {
        return await use(clients);
    }
    finally {
        clients.oidc.destroy();
        clients.portal.destroy();
    }
}
/**
 * Builds unsigned clients (these APIs take no AWS credentials). No `endpoint` is set on
 * purpose: the SDK then honours AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC, which is how
 * private endpoints, the tests and the demo point the action elsewhere.
 */
async function createClients(region, options = {}) {
    const { requestHandler, retry, refreshRetry } = await createTransport(options);
    // maxAttempts 1: retries are retry.ts's job, so that there is one policy and one error message.
    const config = { region, maxAttempts: 1, requestHandler, customUserAgent: 'aws-sso-credentials' };
    return { oidc: new SSOOIDCClient/* SSOOIDCClient */.Q(config), portal: new SSOClient/* SSOClient */.$(config), retry, refreshRetry };
}
/**
 * The bounded HTTP handler (timeouts, proxy, 1 MiB per body) and the retry policy for `options`;
 * also used by the STS client of role chaining (src/sts/), so that every call is bounded alike.
 */
async function createTransport(options = {}) {
    // The SDK reads these files with no bound; a FIFO there would hang the step (config-files.ts).
    (0,config_files/* checkSharedConfigFiles */.f4)();
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options };
    const agents = options.proxy
        ? await (0,proxy/* createProxyAgents */.XV)(options.proxy.url, options.proxy.noProxy, timeouts.requestTimeoutMs)
        : {};
    // Bounded: at most 1 MiB per body, and the whole response within requestTimeout.
    const bounds = { maxBodyBytes: MAX_BODY_BYTES, deadlineMs: timeouts.requestTimeoutMs };
    const requestHandler = new BoundedHttpHandler({
        connectionTimeout: timeouts.connectionTimeoutMs,
        requestTimeout: timeouts.requestTimeoutMs,
        // Without this the handler only logs a warning when requestTimeout passes.
        throwOnRequestTimeout: true,
        ...agents,
    }, bounds);
    const retry = {
        ...http_retry/* DEFAULT_RETRY_POLICY */.cO,
        maxAttempts: options.maxAttempts || http_retry/* DEFAULT_RETRY_POLICY */.cO.maxAttempts,
        onRetry: options.onRetry,
        deadline: options.deadline,
        budget: {
            attemptTimeoutMs: timeouts.requestTimeoutMs,
            totalMs: options.callBudgetMs ?? CALL_BUDGET.totalMs,
        },
    };
    const refreshRetry = { ...retry, budget: options.refreshBudget ?? REFRESH_BUDGET };
    return { requestHandler, retry, refreshRetry };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sso-oidc/dist-es/commands/CreateTokenCommand.js + 4 modules
var CreateTokenCommand = __webpack_require__(7844);
// EXTERNAL MODULE: ./src/sso/identity-center-error.ts
var identity_center_error = __webpack_require__(884);
// EXTERNAL MODULE: ./src/sso/response-shapes.ts
var response_shapes = __webpack_require__(2223);
// EXTERNAL MODULE: ./src/sso/service-errors.ts
var service_errors = __webpack_require__(7014);
// EXTERNAL MODULE: ./src/sso/session.ts
var session = __webpack_require__(3027);
;// CONCATENATED MODULE: ./src/sso/token.ts







/** Picks or mints the access token for a token source; every new secret goes to `mask` first. */
async function resolveAccessToken(source, oidc, mask, now = new Date(), retry = DEFAULT_RETRY_POLICY) {
    switch (source.kind) {
        case 'access-token':
            return { accessToken: source.accessToken, refreshed: false, renewable: false };
        case 'refresh-token':
            return refreshAccessToken(oidc, source, mask, now, retry);
        case 'sso-session':
            return fromSession(source.session, oidc, mask, now, retry);
    }
}
/**
 * A token the caller vouches for (it checked the time left): used as is, no CreateToken. It
 * stays renewable when its source is, so that warnings about what runs out are the same as
 * for a token minted here.
 */
function useGivenToken(source, given) {
    const session = source.kind === 'sso-session' ? source.session : undefined;
    return {
        accessToken: given.accessToken,
        expiresAt: given.expiresAt,
        refreshed: false,
        renewable: source.kind === 'refresh-token' || (session !== undefined && canRefresh(session)),
        handedOver: true,
        ...(session ? registrationOf(session) : {}),
    };
}
/** True while the session's access token has at least five minutes left (no refresh needed). */
function hasUsableAccessToken(session, now = new Date()) {
    const { accessToken, expiresAt } = session;
    if (!accessToken || !expiresAt)
        return false;
    return expiresAt.getTime() - now.getTime() >= ACCESS_TOKEN_REFRESH_WINDOW_MS;
}
/**
 * Uses the session's access token while it has at least five minutes left (as the AWS SDKs
 * do), otherwise refreshes it.
 */
async function fromSession(session, oidc, mask, now, retry) {
    const { accessToken, expiresAt } = session;
    if (accessToken && expiresAt && hasUsableAccessToken(session, now)) {
        return {
            accessToken,
            expiresAt,
            refreshed: false,
            renewable: canRefresh(session),
            ...registrationOf(session),
        };
    }
    if (!canRefresh(session)) {
        throw new IdentityCenterError({
            kind: 'session-token-expired',
            ...(expiresAt ? { expiresAt } : {}),
            checkedAt: now,
        });
    }
    return refreshAccessToken(oidc, session, mask, now, retry);
}
/** CreateToken with the refresh_token grant. The response's refresh token, if any, is authoritative. */
async function refreshAccessToken(oidc, grant, mask, now = new Date(), retry = http_retry/* DEFAULT_RETRY_POLICY */.cO) {
    // Mutable on purpose: an attempt whose outcome is unknown marks it, so that an invalid_grant
    // on a later attempt is explained as what it most likely is.
    const context = {
        operation: 'CreateToken',
        ...registrationOf(grant),
    };
    const command = new CreateTokenCommand/* CreateTokenCommand */.b({
        clientId: grant.clientId,
        clientSecret: grant.clientSecret,
        grantType: 'refresh_token',
        refreshToken: grant.refreshToken,
    });
    const issued = await (0,service_errors/* callService */.cb)(context, async (limits) => {
        try {
            // The attempt's timeout is CREATE_TOKEN_TIMEOUT_MS (REFRESH_BUDGET), or less only when
            // the step's own deadline ends sooner.
            const response = await oidc.send(command, {
                requestTimeout: CREATE_TOKEN_TIMEOUT_MS,
                ...(0,http_retry/* requestOptions */.ag)(limits),
            });
            return readTokenResponse(response, mask);
        }
        catch (error) {
            if ((0,http_retry/* outcomeUnknown */.Hu)(error))
                context.afterAmbiguousAttempt = true;
            throw error;
        }
    }, retry);
    const rotated = issued.refreshToken && issued.refreshToken !== grant.refreshToken
        ? { rotatedRefreshToken: issued.refreshToken }
        : {};
    return {
        accessToken: issued.accessToken,
        expiresAt: new Date(now.getTime() + issued.expiresIn * 1000),
        refreshed: true,
        renewable: true,
        ...rotated,
        ...registrationOf(grant),
    };
}
/**
 * A CreateToken answer, checked member by member (response-shapes.ts) before anything uses it.
 * Tokens that have a token's shape are masked as they arrive, before the rest is checked, so that
 * not even a complaint about the answer can show them. Shared with the device flow.
 */
function readTokenResponse(response, mask) {
    if ((0,response_shapes/* isOpaqueToken */.by)(response.accessToken))
        mask(response.accessToken);
    if ((0,response_shapes/* isOpaqueToken */.by)(response.refreshToken))
        mask(response.refreshToken);
    const accessToken = (0,response_shapes/* member */.Dc)(response.accessToken, response_shapes/* isOpaqueToken */.by, 'accessToken', response_shapes/* OPAQUE_TOKEN_RULE */.lj);
    const refreshToken = (0,response_shapes/* member */.Dc)(response.refreshToken, response_shapes/* isOpaqueToken */.by, 'refreshToken', response_shapes/* OPAQUE_TOKEN_RULE */.lj);
    const expiresIn = (0,response_shapes/* member */.Dc)(response.expiresIn, (value) => (0,response_shapes/* isWholeNumberUpTo */.pQ)(value, response_shapes/* MAX_LIFETIME_MS */.oe / 1000), 'expiresIn', 'is not a whole number of seconds from 1 to 7 days');
    if (!accessToken || expiresIn === undefined) {
        throw new http_retry/* MalformedResponseError */.f7('no accessToken or expiresIn');
    }
    return { accessToken, expiresIn, ...(refreshToken ? { refreshToken } : {}) };
}
/** The registration's expiry as an optional member, from a grant or a session document. */
function registrationOf(holder) {
    return holder.registrationExpiresAt
        ? { registrationExpiresAt: holder.registrationExpiresAt }
        : {};
}

// EXTERNAL MODULE: ./src/steps/client-options.ts
var client_options = __webpack_require__(5203);
// EXTERNAL MODULE: ./src/steps/rotation.ts
var rotation = __webpack_require__(4529);
;// CONCATENATED MODULE: ./src/steps/redeem.ts






/**
 * A chunk of its own: the post step loads the AWS SDK only to redeem a token.
 *
 * A refresh token found on the job's disk after the job, which a tool of the job (or anything
 * else) put there: redeemed once (CreateToken, refresh grant) with the step's own registration,
 * so that only what IAM Identity Center issues, and answers now, can be written back. Returns
 * the renewed token (its refresh token: the one the service answered with, or the one redeemed
 * when it did not rotate); a refusal throws as any failed refresh does.
 */
async function redeemRefreshToken(settings, refreshToken) {
    const registration = (0,rotation/* registrationOf */.DD)(settings.tokenSource);
    if (!registration)
        throw new errors/* UserError */.yo('The step has no client registration to redeem with.');
    const token = await withClients(settings.ssoRegion, (0,client_options/* stepClientOptions */.MM)(settings), (clients) => refreshAccessToken(clients.oidc, { ...registration, refreshToken }, masking/* maskInLogs */.pI, new Date(), clients.refreshRetry));
    // Accepted as it is: proven, and now as secret as the ones the service hands out.
    if (!token.rotatedRefreshToken)
        (0,masking/* maskInLogs */.pI)(refreshToken);
    return {
        accessToken: token.accessToken,
        ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}),
        rotatedRefreshToken: token.rotatedRefreshToken ?? refreshToken,
    };
}


/***/ })

};
