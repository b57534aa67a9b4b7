export const id = 390;
export const ids = [390];
export const modules = {

/***/ 9525:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  XV: () => (/* binding */ createProxyAgents),
  t3: () => (/* binding */ noProxyFromEnvironment),
  Pr: () => (/* binding */ parseProxyUrl),
  GG: () => (/* binding */ proxyFromEnvironment),
  l: () => (/* binding */ proxyUrlSecrets)
});

// UNUSED EXPORTS: bypassesProxy, redactProxyUrl

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/http/proxy-tunnel.ts



/**
 * An HTTPS agent that reaches its targets through a forward proxy's CONNECT tunnel, with the
 * proxy treated as untrusted:
 *
 * - its answer to CONNECT is read up to 16 KiB of headers (Node's own limit for HTTP headers);
 *   more is refused, so an endless answer cannot fill the memory;
 * - the answer must come within `timeoutMs`, or the socket is closed;
 * - an answer other than 200 fails the request with the status alone: the proxy's body is never
 *   read, nor handed to the SDK as if the service had sent it;
 * - a socket still waiting for the proxy is closed when the agent is destroyed (the clients are
 *   destroyed after every step), so that no connection keeps the process from exiting.
 *
 * (https-proxy-agent, used before, buffers the CONNECT answer without limit, replays a refusal to
 * the SDK as the service's answer, and leaves a socket that never got an answer open for ever.)
 */
/** The proxy refused or botched the tunnel; `$response.statusCode` is the status it answered. */
class ProxyTunnelError extends Error {
    code;
    name = 'ProxyTunnelError';
    $response;
    constructor(message, status, code) {
        super(message);
        this.code = code;
        this.$response = { statusCode: status };
    }
}
const MAX_CONNECT_HEADER_BYTES = 16 * 1024;
class TunnelAgent extends external_node_https_.Agent {
    proxy;
    timeoutMs;
    pending = new Set();
    constructor(proxy, timeoutMs, options = {}) {
        super(options);
        this.proxy = proxy;
        this.timeoutMs = timeoutMs;
    }
    /** Node's Agent waits for the callback when this returns nothing. */
    createConnection(options, callback) {
        const socket = this.connectToProxy();
        this.pending.add(socket);
        let settled = false;
        const settle = (error, tunnel) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            this.pending.delete(socket);
            if (error) {
                socket.destroy();
                callback(error);
            }
            else
                callback(null, tunnel);
        };
        const timer = setTimeout(() => settle(timeoutError(`the proxy did not answer CONNECT within ${this.timeoutMs} ms`)), this.timeoutMs);
        timer.unref();
        socket.once('error', (error) => settle(error));
        socket.once('close', () => settle(new ProxyTunnelError('the proxy closed the connection before answering CONNECT', undefined, 'ECONNRESET')));
        readConnectAnswer(socket, (error, rest) => {
            if (error)
                return settle(error);
            if (rest && rest.length > 0)
                socket.unshift(rest);
            settle(null, (0,external_node_tls_.connect)({ ...options, socket }));
        });
        socket.write(this.connectRequest(options));
        return undefined;
    }
    destroy() {
        for (const socket of this.pending)
            socket.destroy();
        this.pending.clear();
        super.destroy();
    }
    connectToProxy() {
        const host = this.proxy.hostname.replace(/^\[|\]$/g, '');
        const secure = this.proxy.protocol === 'https:';
        const port = Number(this.proxy.port) || (secure ? 443 : 80);
        return secure
            ? (0,external_node_tls_.connect)({ host, port, servername: host, ALPNProtocols: ['http/1.1'] })
            : (0,external_node_net_.connect)({ host, port });
    }
    connectRequest(options) {
        const host = String(options.host ?? '');
        const authority = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 443}`;
        const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
        if (this.proxy.username || this.proxy.password) {
            const credentials = basicCredentials(this.proxy.username, this.proxy.password);
            lines.push(`Proxy-Authorization: Basic ${credentials}`);
        }
        return `${lines.join('\r\n')}\r\n\r\n`;
    }
}
/**
 * The Base64 `user:password` of a Proxy-Authorization header, as this agent and http-proxy-agent
 * both build it (the URL's user name and password, percent-decoded).
 */
function basicCredentials(username, password) {
    const pair = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
    return Buffer.from(pair).toString('base64');
}
function timeoutError(message) {
    const error = new ProxyTunnelError(message, undefined, 'ETIMEDOUT');
    Object.defineProperty(error, 'name', { value: 'TimeoutError' });
    return error;
}
/**
 * Reads the proxy's answer up to the blank line that ends its headers; hands back what came after
 * it (the start of the TLS handshake, normally nothing). Only a 200 opens the tunnel.
 */
function readConnectAnswer(socket, done) {
    let received = Buffer.alloc(0);
    socket.on('data', (chunk) => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) {
            if (received.length > MAX_CONNECT_HEADER_BYTES) {
                done(new ProxyTunnelError(`the proxy's answer to CONNECT has more than ${MAX_CONNECT_HEADER_BYTES / 1024} KiB of headers; refused`));
            }
            return;
        }
        socket.removeAllListeners('data');
        const statusLine = received.subarray(0, received.indexOf('\r\n')).toString('latin1');
        const match = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine);
        const status = match ? Number(match[1]) : undefined;
        if (status === 200)
            return done(null, received.subarray(end + 4));
        if (!match)
            return done(new ProxyTunnelError("the proxy's answer to CONNECT is not HTTP"));
        // The status alone: the reason phrase is the proxy's own text and says nothing the status
        // does not, and a proxy can put anything there, the Proxy-Authorization it was sent included.
        done(new ProxyTunnelError(`the proxy refused to open a tunnel to the endpoint (CONNECT answered HTTP ${status})`, status));
    });
}

;// CONCATENATED MODULE: ./src/http/proxy.ts



/**
 * Proxy support. The AWS SDK reads no proxy variables itself, so the agents built here are
 * handed to both clients' request handlers (clients.ts).
 */
/** The proxy from the environment: the HTTPS variables first (both services are HTTPS), then HTTP. */
function proxyFromEnvironment(env = process.env) {
    return env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || undefined;
}
function noProxyFromEnvironment(env = process.env) {
    return env.NO_PROXY ?? env.no_proxy ?? '';
}
/**
 * A proxy URL that an agent can use: an explicit `http://` or `https://` and a host. The scheme
 * must be spelled out: `new URL` reads a bare `proxy:3128` as the scheme `proxy:`, and the
 * WHATWG parser turns `http:3128` into `http://0.0.12.56/`; both are refused, never guessed at.
 * So are whitespace and control characters (the parser would silently drop a tab or a newline
 * and connect somewhere else) and a user name or password that is not valid percent-encoding:
 * the proxy agents decode them only when the first request is made, and a URIError thrown there
 * would leave a socket to the proxy open and the process running.
 */
function parseProxyUrl(value) {
    const text = value.trim();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    if (/[\s\u0000-\u001f\u007f]/.test(text))
        return undefined;
    if (!/^https?:\/\/[^/?#]/i.test(text))
        return undefined;
    try {
        const url = new URL(text);
        decodeURIComponent(url.username);
        decodeURIComponent(url.password);
        return ['http:', 'https:'].includes(url.protocol) && url.hostname ? url : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The secrets a proxy URL carries (http://user:pass@host): the URL itself, the password and user
 * name as written and percent-decoded, and the Base64 `user:password` that goes out in the
 * Proxy-Authorization header of every CONNECT and proxied request, which a proxy could echo in
 * its answer. None for a URL without credentials. A value that is not a URL is a secret whole.
 */
function proxyUrlSecrets(value) {
    if (!value?.includes('@'))
        return [];
    const secrets = [value];
    try {
        const { username, password } = new URL(value);
        for (const part of [password, username]) {
            if (part)
                secrets.push(part, decodeURIComponent(part));
        }
        if (username || password)
            secrets.push(basicCredentials(username, password));
    }
    catch {
        // Not a URL (or not valid percent-encoding): the whole value above; input checks report it.
    }
    return secrets;
}
/** The URL as it can be logged: without its user name and password. */
function redactProxyUrl(url) {
    return `${url.protocol}//${url.host}`;
}
/**
 * NO_PROXY as curl reads it: `*` for everything, or comma/space separated hosts, each matching
 * itself and its subdomains (a leading `.` or `*.` is optional), optionally with `:port`.
 */
function bypassesProxy(host, port, noProxy) {
    const hostname = host.toLowerCase().replace(/^\[|\]$/g, '');
    return noProxy
        .toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean)
        .some((entry) => {
        if (entry === '*')
            return true;
        const { pattern, entryPort } = splitEntry(entry);
        if (entryPort !== undefined && entryPort !== port)
            return false;
        if (pattern === '')
            return false;
        return hostname === pattern || hostname.endsWith(`.${pattern}`);
    });
}
/**
 * One NO_PROXY entry as host and optional port: `host`, `host:port`, `[v6]`, `[v6]:port`, or a
 * bare IPv6 address (`::1`, whose colons are not a port). A leading `.` or `*.` is dropped.
 */
function splitEntry(entry) {
    const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
    if (bracketed)
        return withPort(bracketed[1] ?? '', bracketed[2]);
    const hostPort = /^([^:]*):(\d+)$/.exec(entry);
    const [host, port] = hostPort ? [hostPort[1] ?? '', hostPort[2]] : [entry, undefined];
    return withPort(host.replace(/^\*?\./, ''), port);
}
function withPort(pattern, port) {
    return port === undefined ? { pattern } : { pattern, entryPort: Number(port) };
}
/**
 * Hands the request to the agent NO_PROXY decides on. `secureEndpoint` tells the proxy agents
 * (agent-base) whether to speak TLS to the target, which they would otherwise guess from the
 * call stack.
 */
function route({ proxied, direct, noProxy }, request, options, secure) {
    // Node may hand the port over as a string when the request was made with one.
    const port = Number(options.port || (secure ? 443 : 80));
    const agent = bypassesProxy(options.host ?? '', port, noProxy) ? direct : proxied;
    agent.addRequest(request, { ...options, secureEndpoint: secure });
}
/**
 * Sends each request to the proxy agent, or to a direct one for hosts that NO_PROXY names.
 * The choice is made synchronously in addRequest, which http.ClientRequest calls from its
 * constructor: http-proxy-agent rewrites the request line to an absolute URI there, before
 * the header is written. (An agent-base router that decides in its asynchronous connect()
 * hands the request over after the SDK has ended it; on a kept-alive proxy socket the
 * already-written relative request line then goes out unpatched and the proxy cannot route it.)
 */
class HttpRoutingAgent extends external_node_http_.Agent {
    route;
    constructor(route) {
        // keepAlive here too: http.ClientRequest reads it from this agent to decide whether the
        // connection (owned by the agent routed to) may be kept for the next call.
        super({ keepAlive: true });
        this.route = route;
    }
    addRequest(request, options) {
        route(this.route, request, options, false);
    }
    destroy() {
        this.route.proxied.destroy();
        this.route.direct.destroy();
        super.destroy();
    }
}
/** The same for HTTPS targets (protocol `https:`, port 443), which the proxy agent tunnels with CONNECT. */
class HttpsRoutingAgent extends external_node_https_.Agent {
    route;
    constructor(route) {
        // keepAlive here too: http.ClientRequest reads it from this agent to decide whether the
        // connection (owned by the agent routed to) may be kept for the next call.
        super({ keepAlive: true });
        this.route = route;
    }
    addRequest(request, options) {
        route(this.route, request, options, true);
    }
    destroy() {
        this.route.proxied.destroy();
        this.route.direct.destroy();
        super.destroy();
    }
}
/**
 * Agents for both schemes: HTTPS targets tunnel with CONNECT (proxy-tunnel.ts, which bounds the
 * proxy's answer in size and `tunnelTimeoutMs`), plain HTTP ones go as absolute URIs.
 * http-proxy-agent (and agent-base and debug behind it) is loaded only here, when a proxy
 * applies: a step without one does not pay for it (it is a chunk of its own in the bundles).
 */
async function createProxyAgents(proxy, noProxy, tunnelTimeoutMs = 10_000) {
    const { HttpProxyAgent } = await __webpack_require__.e(/* import() */ 856).then(__webpack_require__.bind(__webpack_require__, 856));
    const options = { keepAlive: true };
    return {
        httpAgent: new HttpRoutingAgent({
            proxied: new HttpProxyAgent(proxy, options),
            direct: new external_node_http_.Agent(options),
            noProxy,
        }),
        httpsAgent: new HttpsRoutingAgent({
            proxied: new TunnelAgent(proxy, tunnelTimeoutMs, options),
            direct: new external_node_https_.Agent(options),
            noProxy,
        }),
    };
}


/***/ }),

/***/ 8902:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hu: () => (/* binding */ outcomeUnknown),
/* harmony export */   LH: () => (/* binding */ withRetries),
/* harmony export */   ag: () => (/* binding */ requestOptions),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   cO: () => (/* binding */ DEFAULT_RETRY_POLICY),
/* harmony export */   f7: () => (/* binding */ MalformedResponseError),
/* harmony export */   i5: () => (/* binding */ RetriesExhaustedError)
/* harmony export */ });
/* unused harmony exports classify, retryAfterMs, backoffDelay, attemptLimits, nextAttemptFits */
/* harmony import */ var _time_deadline_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(793);

/** The attempt's timeout as the AWS SDK's per-request handler option, when it has one. */
function requestOptions(limits) {
    return limits.timeoutMs === undefined ? {} : { requestTimeout: limits.timeoutMs };
}
/** An attempt shorter than this is not started: it could not get an answer. */
const MIN_ATTEMPT_MS = 1000;
/** Sized so that 64 jobs starting together against a 10 requests/second limit all get through. */
const DEFAULT_RETRY_POLICY = {
    maxAttempts: 10,
    baseDelayMs: 200,
    throttlingBaseDelayMs: 1000,
    maxDelayMs: 20_000,
};
/** A response that could not be used (not JSON, members missing): a half-sent body is worth another try. */
class MalformedResponseError extends Error {
    detail;
    name = 'MalformedResponseError';
    /** Which members were missing or unusable: our words, never the response's values. */
    constructor(detail) {
        super(`malformed response: ${detail}`);
        this.detail = detail;
    }
}
/** The failure after the last attempt, with what the caller needs to describe it. */
class RetriesExhaustedError extends Error {
    lastError;
    attempts;
    elapsedMs;
    budgetSpent;
    name = 'RetriesExhaustedError';
    constructor(lastError, attempts, elapsedMs, 
    /** True when the call's time budget, not the attempts, ended it. */
    budgetSpent = false) {
        super('retries exhausted');
        this.lastError = lastError;
        this.attempts = attempts;
        this.elapsedMs = elapsedMs;
        this.budgetSpent = budgetSpent;
    }
}
const THROTTLING_NAMES = new Set([
    'TooManyRequestsException',
    'SlowDownException',
    'ThrottlingException',
    'Throttling',
]);
const NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EAI_AGAIN',
]);
/** The HTTP status of a failed call: the SDK's metadata, or the raw response's. */
function statusOf(error) {
    return error.$metadata?.httpStatusCode ?? error.$response?.statusCode;
}
/** Whether another attempt could succeed. 4xx answers (401, 403, invalid_grant, …) never are. */
function classify(error) {
    const shape = (typeof error === 'object' && error !== null ? error : {});
    const status = statusOf(shape);
    if (status === 429 || (shape.name !== undefined && THROTTLING_NAMES.has(shape.name)))
        return 'throttling';
    if (status !== undefined && status >= 500)
        return 'transient';
    // Any other error status is final, whatever its body: a proxy's 407 or an HTML 403 page that
    // does not parse as the service's JSON is an answer, not a half-sent response.
    if (status !== undefined && status >= 400)
        return undefined;
    if (shape.name === 'TimeoutError' ||
        shape.name === 'MalformedResponseError' ||
        shape.name === 'SyntaxError') {
        return 'transient';
    }
    if (shape.code && NETWORK_CODES.has(shape.code))
        return 'transient';
    // Some SDK paths wrap socket errors and keep the code only in the message.
    const message = typeof shape.message === 'string' ? shape.message : '';
    if (status === undefined && [...NETWORK_CODES].some((code) => message.includes(code)))
        return 'transient';
    return undefined;
}
/** The node-http-handler's connection timeout: the request never left, so its outcome is known. */
const NOT_CONNECTED = /did not establish a connection/;
/** Lost after sending: the peer reset or closed the connection, or the pipe broke mid-request. */
const CUT_OFF_CODES = new Set(['ECONNRESET', 'EPIPE']);
/**
 * Whether a failed attempt may nevertheless have been carried out by the service: it timed out
 * or was cut off after the request was sent, a gateway lost the answer (502, 504), or an answer
 * came but could not be read. Such an attempt of a non-idempotent call (a refresh that rotates
 * the token) may have changed state that a retry then runs into.
 */
function outcomeUnknown(error) {
    const shape = (typeof error === 'object' && error !== null ? error : {});
    const status = statusOf(shape);
    if (status === 502 || status === 504)
        return true;
    if (status !== undefined && status >= 300)
        return false;
    if (shape.name === 'TimeoutError')
        return !NOT_CONNECTED.test(shape.message ?? '');
    if (shape.name === 'MalformedResponseError' || shape.name === 'SyntaxError')
        return true;
    if (shape.code && CUT_OFF_CODES.has(shape.code))
        return true;
    return /ECONNRESET|EPIPE|socket hang up/.test(shape.message ?? '');
}
/** Retry-After (seconds or an HTTP date) or x-amz-retry-after (milliseconds), if the answer had one. */
function retryAfterMs(error, now = Date.now()) {
    const headers = error?.$response?.headers ?? {};
    const amz = Number(headers['x-amz-retry-after']);
    if (headers['x-amz-retry-after'] && Number.isFinite(amz) && amz >= 0)
        return amz;
    const value = headers['retry-after'];
    if (!value)
        return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0)
        return seconds * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** Full jitter: a random wait up to base × 2^(attempt-1), at least Retry-After, at most maxDelayMs. */
function backoffDelay(policy, attempt, kind, hintMs, random = Math.random) {
    const base = kind === 'throttling' ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
    const ceiling = Math.min(policy.maxDelayMs, base * 2 ** (attempt - 1));
    const jittered = random() * ceiling;
    return Math.round(Math.min(policy.maxDelayMs, Math.max(jittered, hintMs ?? 0)));
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Runs `attempt` until it succeeds, fails with something not worth retrying (rethrown as is),
 * uses up the attempts or the call's budget (RetriesExhaustedError, carrying the last cause), or
 * the step's deadline passes (DeadlinePassedError, whatever the attempt was doing).
 */
async function withRetries(policy, attempt, wait = sleep) {
    const started = Date.now();
    const elapsed = () => Date.now() - started;
    const { deadline } = policy;
    for (let number = 1;; number++) {
        try {
            deadline?.check();
            const limits = attemptLimits(policy, elapsed());
            return await (deadline ? deadline.race(attempt(limits)) : attempt(limits));
        }
        catch (error) {
            const kind = classify(error);
            // A definite answer is told as it is, even at the deadline; a failure that another attempt
            // could mend (the timeout the deadline itself cut the attempt with, say) is the deadline's.
            if (!kind)
                throw error;
            if (deadline?.passed())
                throw new _time_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlinePassedError */ .Jw(deadline.limitMs);
            if (number >= policy.maxAttempts)
                throw new RetriesExhaustedError(error, number, elapsed());
            const delayMs = backoffDelay(policy, number, kind, retryAfterMs(error));
            if (!nextAttemptFits(policy.budget, elapsed() + delayMs))
                throw new RetriesExhaustedError(error, number, elapsed(), true);
            policy.onRetry?.({ attempt: number, maxAttempts: policy.maxAttempts, delayMs, kind, error });
            await waitWithin(deadline, delayMs, wait);
        }
    }
}
/** The attempt's timeout: its own, cut to what the budget (unless whole) and the deadline leave. */
function attemptLimits(policy, elapsedMs) {
    const { budget, deadline } = policy;
    const limits = [
        budget?.attemptTimeoutMs,
        budget && !budget.wholeAttempts ? budget.totalMs - elapsedMs : undefined,
        deadline?.remainingMs(),
    ].filter((ms) => ms !== undefined);
    return limits.length > 0 ? { timeoutMs: Math.max(1, Math.min(...limits)) } : {};
}
/** Whether another attempt, starting `startMs` into the call, fits in its budget. */
function nextAttemptFits(budget, startMs) {
    if (!budget)
        return true;
    const needed = budget.wholeAttempts
        ? budget.attemptTimeoutMs
        : Math.min(MIN_ATTEMPT_MS, budget.attemptTimeoutMs);
    return startMs + needed <= budget.totalMs;
}
/** The wait before the next attempt; the deadline, if it comes first, ends the call there. */
async function waitWithin(deadline, delayMs, wait) {
    if (!deadline || delayMs < deadline.remainingMs()) {
        await wait(delayMs);
        return;
    }
    await wait(deadline.remainingMs());
    throw new _time_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlinePassedError */ .Jw(deadline.limitMs);
}


/***/ }),

/***/ 1762:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P_: () => (/* binding */ maskProxyCredentials),
/* harmony export */   pI: () => (/* binding */ maskInLogs),
/* harmony export */   q: () => (/* binding */ maskSecretInputs)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(716);
/* harmony import */ var _http_proxy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9525);
/* harmony import */ var _secrets_known_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7554);
/* harmony import */ var _sso_session_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3027);




/**
 * Masks a value in the runner's logs, and remembers it (known-secrets.ts) so that log.ts and every
 * echoed text withhold it, and its pieces, as a reader sees it (known-secrets.ts): the runner's
 * mask matches only the value as it is. Values shorter than 8 characters are skipped: they are no
 * secret worth the name, and the runner would blank every occurrence of them in the log (a
 * one-character "s" turned "refresh token" into "refre***h token"). Linear in the value's length,
 * so tens of thousands of masks (one per account id) cost linear time.
 */
const maskInLogs = (secret) => {
    if (!(0,_secrets_known_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .isPlausibleSecret */ .sT)(secret))
        return;
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(secret);
    (0,_secrets_known_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .rememberSecret */ .Gz)(secret);
};
/**
 * Masks the secret inputs and, for a JSON session document, each secret member inside it: the
 * runner masks a secret as a whole, not the pieces a JSON parser takes out of it. A document
 * that does not parse is still masked whole; input validation reports it afterwards.
 */
function maskSecretInputs(inputs, mask) {
    for (const input of inputs) {
        const value = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(input);
        mask(value);
        for (const member of secretMembers(value))
            mask(member);
    }
}
function secretMembers(value) {
    if (!value.trimStart().startsWith('{'))
        return [];
    try {
        const document = JSON.parse(value);
        if (typeof document !== 'object' || document === null)
            return [];
        const record = document;
        return _sso_session_js__WEBPACK_IMPORTED_MODULE_3__/* .SESSION_SECRET_KEYS */ .Re.map((key) => record[key]).filter((member) => typeof member === 'string');
    }
    catch {
        return [];
    }
}
/** A proxy URL's credentials, in every form a request or a proxy's answer could show them. */
function maskProxyCredentials(value, mask) {
    for (const secret of (0,_http_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyUrlSecrets */ .l)(value))
        mask(secret);
}


/***/ }),

/***/ 6941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  de: () => (/* binding */ NEUTRAL_VOCABULARY),
  BJ: () => (/* binding */ describeProblem),
  nh: () => (/* binding */ describeSessionDefect),
  Fh: () => (/* binding */ phraseCause)
});

// EXTERNAL MODULE: ./src/shared/plural.ts
var shared_plural = __webpack_require__(2783);
// EXTERNAL MODULE: ./src/time/deadline.ts
var deadline = __webpack_require__(793);
;// CONCATENATED MODULE: ./src/time/relative-time.ts

/** "in 3 days", "in 40 minutes", "already passed". */
function timeUntil(when, now) {
    const minutes = Math.floor((when.getTime() - now.getTime()) / 60_000);
    if (minutes < 0)
        return 'already passed';
    if (minutes < 120)
        return `in ${plural(minutes, 'minute')}`;
    const hours = Math.floor(minutes / 60);
    if (hours < 48)
        return `in ${hours} hours`;
    return `in ${Math.floor(hours / 24)} days`;
}
/** "90 seconds", "10 minutes": how long something was waited for. */
function describeWait(ms) {
    const seconds = Math.round(ms / 1000);
    if (seconds < 120)
        return (0,shared_plural/* plural */.L)(seconds, 'second');
    return `${Math.round(seconds / 60)} minutes`;
}

;// CONCATENATED MODULE: ./src/sso/describe-problem.ts



/** Words for no front end in particular: what IdentityCenterError's own message uses. */
const NEUTRAL_VOCABULARY = {
    session: 'the session document',
    sessionSubject: 'The session document',
    sessionAgain: 'the document',
    accountId: 'the account id',
    roleName: 'the role name',
    clientCredentials: 'the client id or secret',
    self: 'the caller',
    proxySettings: 'the proxy settings',
    newSecrets: 'sign in to IAM Identity Center again for a new session',
    signInAgain: 'Sign in again',
    timeLimit: 'The time limit',
    region: 'the region',
};
/** One sentence (or two) about `problem`, in the caller's words. Never a secret, never a body. */
function describeProblem(problem, v) {
    switch (problem.kind) {
        case 'access-token-rejected':
            return `IAM Identity Center rejected the access token (401 UnauthorizedException): it has expired or was revoked. ${rejectedTokenAdvice(problem.justRefreshed, v)}`;
        case 'no-access':
            if (!problem.roleName)
                return `${problem.operation} was refused: no access (${problem.status} ForbiddenException).`;
            return `No access: the token's user is not assigned the permission set '${problem.roleName}' in account ${problem.accountId} (${problem.status} ForbiddenException). Check ${v.roleName} and ${v.accountId}, and the assignment in IAM Identity Center.`;
        case 'not-found':
            if (!problem.roleName)
                return `${problem.operation} found nothing (404 ResourceNotFoundException).`;
            return `${problem.operation} found nothing for account ${problem.accountId} and role '${problem.roleName}' (404 ResourceNotFoundException). Check ${v.accountId} and ${v.roleName}.`;
        case 'refresh-token-refused':
            return `${refusedRefreshToken(problem.afterAmbiguousAttempt)} To get a new one, ${v.newSecrets}.`;
        case 'client-refused':
            return `IAM Identity Center refused the client registration (invalid_client): ${v.clientCredentials} is wrong, or the registration ${registrationPhrase(problem.registrationExpiresAt, problem.observedAt)}. To register anew, ${v.newSecrets}.`;
        case 'session-token-expired':
            return `The access token in ${v.session} ${expiryPhrase(problem.expiresAt, problem.checkedAt)} and ${v.sessionAgain} has no refresh token to renew it. To get a new session, ${v.newSecrets}.`;
        case 'session-malformed':
            return `${v.sessionSubject} ${describeSessionDefect(problem.defect)}.`;
        case 'sign-in-ended':
            return signInEnded(problem.reason, problem.minutes, v);
        case 'sign-in-timed-out':
            return `Nobody approved the sign-in request within ${describeWait(problem.waitedMs)}. ${v.signInAgain} and approve it in the browser sooner.`;
        case 'authorization-code-refused':
            return problem.reason === 'denied'
                ? `IAM Identity Center denied the token request (access_denied). ${v.signInAgain}, or ask your IAM Identity Center administrator for access.`
                : `IAM Identity Center refused the authorization code (invalid_grant): it expired, was already used, or does not match this sign-in. ${v.signInAgain}.`;
        case 'deadline-passed':
            return `${v.timeLimit} (${(0,deadline/* formatSeconds */.Xo)(problem.limitMs)}) passed while ${problem.operation}${targetPhrase(problem)} was still waiting for an answer.`;
        case 'call-failed':
            return callFailed(problem, v);
    }
}
/** " for account N and role 'R'", " for account N", or nothing. */
function targetPhrase(target) {
    if (!target.accountId)
        return '';
    const role = target.roleName ? ` and role '${target.roleName}'` : '';
    return ` for account ${target.accountId}${role}`;
}
/** What to do about a rejected access token depends on whether it was just refreshed. */
function rejectedTokenAdvice(justRefreshed, v) {
    const ended = 'the session was revoked or ended (sign-out, or the session duration set in IAM Identity Center)';
    if (justRefreshed === undefined)
        return `To get a new one, ${v.newSecrets}.`;
    if (justRefreshed) {
        return `The token was just refreshed, so ${ended}. To start a new session, ${v.newSecrets}.`;
    }
    if (v.renewableSources) {
        return `Give a fresh access token, or give a refresh token (${v.renewableSources}) so that ${v.self} renews it. To get one, ${v.newSecrets}.`;
    }
    return `The token had not reached its expiry, so ${ended}. To start a new session, ${v.newSecrets}.`;
}
function refusedRefreshToken(afterAmbiguousAttempt) {
    if (afterAmbiguousAttempt) {
        return 'IAM Identity Center refused the refresh token (invalid_grant) on a retry, after an earlier attempt of this refresh got no usable answer (it timed out or was cut off after the request was sent). That attempt may have reached the service, which then rotated the refresh token and retired this one, and its answer, with the new refresh token, was lost; or the token had expired or was revoked. Either way it cannot be used again, and refreshing one refresh token from many places at once makes this likelier: refresh once and share the access token.';
    }
    return 'IAM Identity Center refused the refresh token (invalid_grant): it has expired, was revoked, or was replaced by a newer one when the token was last rotated.';
}
function registrationPhrase(expiresAt, now) {
    return expiresAt
        ? expiresAtPhrase(expiresAt, now)
        : 'has expired (registrations last about 90 days)';
}
function expiryPhrase(expiresAt, now) {
    return expiresAt ? expiresAtPhrase(expiresAt, now) : 'has no expiry';
}
/** "expired at …" or "expires at …", as seen at `now`. */
function expiresAtPhrase(expiresAt, now) {
    const tense = expiresAt.getTime() <= now.getTime() ? 'expired' : 'expires';
    return `${tense} at ${expiresAt.toISOString()}`;
}
/** What is wrong with the document, as the rest of a sentence about it. Never quotes its text. */
function describeSessionDefect(defect) {
    switch (defect.kind) {
        case 'not-json':
            return 'is not valid JSON (expected the AWS CLI SSO token cache document)';
        case 'not-an-object':
            return 'must be a JSON object with the keys of the AWS CLI SSO token cache';
        case 'not-a-string':
            return `has a '${defect.member}' that is not a string`;
        case 'not-a-timestamp':
            return `has a '${defect.member}' that is not an ISO 8601 UTC timestamp (e.g. 2026-11-26T08:04:36Z)`;
        case 'access-token-without-expiry':
            return "has an 'accessToken' but no 'expiresAt'";
        case 'incomplete-refresh':
            return `has no '${defect.missing.join("', '")}', which a refresh needs`;
        case 'no-token':
            return "has neither an 'accessToken' nor a 'refreshToken' with 'clientId' and 'clientSecret'";
    }
}
function signInEnded(reason, minutes, v) {
    switch (reason) {
        case 'expired':
            return `The sign-in request expired before it was approved (device codes last about ${minutes} minutes, expired_token). ${v.signInAgain} and approve it in the browser sooner.`;
        case 'denied':
            return `The sign-in request was denied in the browser (access_denied). ${v.signInAgain} and choose Allow, or ask your IAM Identity Center administrator for access.`;
        case 'invalid_grant':
            return `IAM Identity Center no longer accepts this sign-in request (invalid_grant): its device code is unknown or was already used. ${v.signInAgain}.`;
    }
}
function callFailed(problem, v) {
    const exhausted = problem.retriesExhausted;
    const tries = exhausted ? triesPhrase(exhausted) : undefined;
    const unreached = unreachedHost(problem.cause, v);
    if (unreached)
        return `${problem.operation} ${unreached(tries ? ` after ${tries}` : '')}`;
    const cause = phraseCause(problem.cause, v);
    if (!tries)
        return `${problem.operation} failed: ${cause}`;
    return `${problem.operation} failed after ${tries}; last cause: ${cause}`;
}
function triesPhrase({ attempts, elapsedMs, budgetSpent }) {
    const budget = budgetSpent ? ', all the time one call may take' : '';
    return `${(0,shared_plural/* plural */.L)(attempts, 'attempt')} over ${(elapsedMs / 1000).toFixed(1)}s${budget}`;
}
/**
 * The lookups that failed, in a few words. Only these: a wrong region gives a host name that does
 * not exist, while a refused or timed-out connection (a dead proxy, a firewall) keeps its cause.
 */
const UNREACHED = {
    ENOTFOUND: 'the name does not resolve',
    EAI_AGAIN: 'the name could not be looked up',
};
/**
 * For a call whose host name did not resolve: the rest of a sentence naming the host it tried and
 * the two things to check, given the retries.
 */
function unreachedHost(cause, v) {
    if (cause.kind !== 'error' || !cause.host || !cause.code)
        return undefined;
    const why = UNREACHED[cause.code];
    if (!why)
        return undefined;
    const { host, code } = cause;
    return (tries) => `could not reach ${host}${tries}: ${why} (${code}). Check ${v.region} and this machine's network (DNS, firewall, ${v.proxySettings} where a proxy is needed).`;
}
/** The cause in one line: the status, the service's error name and message, or the network code. */
function phraseCause(cause, v) {
    switch (cause.kind) {
        case 'malformed-response':
            if (cause.detail)
                return `malformed response: ${cause.detail}`;
            return `the service returned a malformed response body (HTTP ${cause.status ?? '?'})`;
        case 'proxy-refused':
            return `HTTP 407: the proxy refused the request (Proxy Authentication Required); check the user name and password in ${v.proxySettings}`;
        case 'error': {
            const parts = [cause.status ? `HTTP ${cause.status}` : undefined, cause.name, cause.code];
            const label = [...new Set(parts.filter(Boolean))].join(' ');
            if (!label)
                return cause.message || 'unknown error';
            return cause.message ? `${label}: ${cause.message}` : label;
        }
    }
}


/***/ }),

/***/ 884:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UF: () => (/* binding */ IdentityCenterError),
/* harmony export */   Zw: () => (/* binding */ problemOf)
/* harmony export */ });
/* unused harmony export describeFailure */
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8382);
/* harmony import */ var _describe_problem_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6941);


/**
 * The one error the core throws about IAM Identity Center and session documents. Its message
 * is a neutral sentence (no input or flag names) for whoever prints it unphrased; front ends
 * phrase `problem` in their own words instead.
 */
class IdentityCenterError extends Error {
    problem;
    name = 'IdentityCenterError';
    constructor(problem) {
        super((0,_describe_problem_js__WEBPACK_IMPORTED_MODULE_1__/* .describeProblem */ .BJ)(problem, _describe_problem_js__WEBPACK_IMPORTED_MODULE_1__/* .NEUTRAL_VOCABULARY */ .de));
        this.problem = problem;
    }
}
/** The problem an error carries, if it is an IdentityCenterError. */
function problemOf(error) {
    return error instanceof IdentityCenterError ? error.problem : undefined;
}
/**
 * The sentence a front end shows for any thrown value: a Problem in its own words, anything
 * else by its message (front-end errors are already written in its words).
 */
function describeFailure(error, vocabulary) {
    const problem = problemOf(error);
    return problem ? describeProblem(problem, vocabulary) : describeError(error);
}


/***/ }),

/***/ 3027:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E5: () => (/* binding */ serializeSsoSession),
/* harmony export */   HF: () => (/* binding */ renewedSession),
/* harmony export */   K8: () => (/* binding */ canRefresh),
/* harmony export */   Re: () => (/* binding */ SESSION_SECRET_KEYS),
/* harmony export */   t0: () => (/* binding */ parseSsoSession)
/* harmony export */ });
/* unused harmony export parseTimestamp */
/* harmony import */ var _secrets_neutralise_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(863);
/* harmony import */ var _identity_center_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(884);


const STRING_KEYS = [
    'startUrl',
    'region',
    'accessToken',
    'refreshToken',
    'clientId',
    'clientSecret',
];
const DATE_KEYS = ['expiresAt', 'registrationExpiresAt'];
/** The members whose values are secrets: they are masked before anything else happens. */
const SESSION_SECRET_KEYS = [
    'accessToken',
    'refreshToken',
    'clientId',
    'clientSecret',
];
/**
 * RFC 3339 as botocore (`...36Z`), the JS SDK (`...36.842Z`) and old CLI v2 builds (`...36UTC`)
 * write it. A bare `Date.parse` would also accept local-time forms that are ambiguous.
 */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|UTC|[+-]\d{2}:\d{2})$/;
function parseTimestamp(value) {
    if (!TIMESTAMP.test(value))
        return undefined;
    const date = new Date(value.replace(/UTC$/, 'Z'));
    return Number.isNaN(date.getTime()) ? undefined : date;
}
/**
 * Parses and checks a session document. A problem is reported as data (which member, what is
 * wrong) and never quotes the text: it is a secret, and JSON.parse's own messages echo a
 * snippet of it. The caller names the document in its own words (an input, a file).
 */
function parseSsoSession(text) {
    const document = parseJsonObject(text);
    const session = {};
    for (const key of STRING_KEYS) {
        const value = optionalString(document, key);
        if (value !== undefined)
            session[key] = value;
    }
    for (const key of DATE_KEYS) {
        const value = optionalString(document, key);
        if (value === undefined)
            continue;
        const date = parseTimestamp(value);
        if (!date)
            malformed({ kind: 'not-a-timestamp', member: key });
        session[key] = date;
    }
    return checkUsable(session);
}
function malformed(defect) {
    throw new _identity_center_error_js__WEBPACK_IMPORTED_MODULE_1__/* .IdentityCenterError */ .UF({ kind: 'session-malformed', defect });
}
function parseJsonObject(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        malformed({ kind: 'not-json' });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        malformed({ kind: 'not-an-object' });
    }
    return parsed;
}
function optionalString(document, key) {
    const value = document[key];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string')
        malformed({ kind: 'not-a-string', member: key });
    return value === '' ? undefined : value;
}
/** A session must either hold a current access token or be able to refresh one. */
function checkUsable(session) {
    if (session.accessToken && !session.expiresAt) {
        malformed({ kind: 'access-token-without-expiry' });
    }
    const refreshKeys = ['refreshToken', 'clientId', 'clientSecret'];
    const missing = refreshKeys.filter((key) => !session[key]);
    if (missing.length > 0 && missing.length < refreshKeys.length && !session.accessToken) {
        malformed({ kind: 'incomplete-refresh', missing });
    }
    if (!session.accessToken && missing.length === refreshKeys.length) {
        malformed({ kind: 'no-token' });
    }
    return session;
}
/** True when the session holds everything a refresh_token grant needs. */
function canRefresh(session) {
    return Boolean(session.refreshToken && session.clientId && session.clientSecret);
}
/**
 * The session as the AWS CLI cache JSON, with timestamps in the JS SDK's ISO form. Written with
 * neutraliseJson: the document is printed, stored as a secret and set as an output, and its
 * values (tokens from the service among them) must not be able to form a workflow command.
 */
function serializeSsoSession(session, indent = 2) {
    const document = {};
    for (const [key, value] of Object.entries(session)) {
        if (value !== undefined)
            document[key] = value instanceof Date ? value.toISOString() : value;
    }
    return (0,_secrets_neutralise_js__WEBPACK_IMPORTED_MODULE_0__/* .neutraliseJson */ .rb)(JSON.stringify(document, null, indent));
}
/**
 * The session after a refresh: the new access token and its expiry, and the refresh token the
 * service answered with (botocore and the JS SDK write back the same way).
 */
function renewedSession(session, token) {
    return {
        ...session,
        accessToken: token.accessToken,
        ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}),
        ...(token.rotatedRefreshToken ? { refreshToken: token.rotatedRefreshToken } : {}),
    };
}


/***/ }),

/***/ 4529:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DD: () => (/* binding */ registrationOf),
/* harmony export */   HI: () => (/* binding */ warnRotatedAfterJob),
/* harmony export */   Jr: () => (/* binding */ surfaceRotationAfterJob)
/* harmony export */ });
/* unused harmony export surfacingRotation */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(716);
/* harmony import */ var _runner_constants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1871);
/* harmony import */ var _runner_log_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7708);
/* harmony import */ var _runner_masking_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1762);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8382);
/* harmony import */ var _sso_session_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3027);
/* harmony import */ var _vocabulary_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4187);







/**
 * A refresh that rotated the refresh token: the stored secret may stop working, so the new one
 * must reach the workflow whichever action (main or list-accounts) did the refresh, and however
 * the rest of the step goes. Credentials are another matter: the caller publishes them only
 * when everything, the write-back included, has succeeded.
 */
/**
 * Runs the step's work, telling it where to report the token the moment it is resolved. Then,
 * whether the work succeeded or failed, a rotation is surfaced: the masked outputs, and either
 * the write-back or a warning. A failed work keeps its own error (a failed write-back is added
 * as another error annotation); a failed write-back alone fails the step.
 */
async function surfacingRotation(settings, work) {
    let token;
    let outcome;
    try {
        outcome = { value: await work((resolved) => (token = resolved)) };
    }
    catch (error) {
        outcome = { error };
    }
    const writeBackError = token ? await surfaceRotation(settings, token) : undefined;
    if ('error' in outcome) {
        if (writeBackError)
            log.error(describeError(writeBackError));
        throw outcome.error;
    }
    if (writeBackError)
        throw writeBackError;
    return outcome.value;
}
/** Outputs and warning (or write-back) for a rotated token; the write-back's failure is returned. */
async function surfaceRotation(settings, token) {
    if (!token.rotatedRefreshToken)
        return undefined;
    const value = setRotationOutputs(settings.tokenSource, token);
    if (!settings.writeBack) {
        warnRotated(settings.tokenSource);
        return undefined;
    }
    try {
        await writeBack(settings, settings.writeBack, value);
        return undefined;
    }
    catch (error) {
        warnRotated(settings.tokenSource);
        return new UserError(`${describeError(error)} The rotated value is still in this step's '${outputOf(settings.tokenSource)}' output (masked).`);
    }
}
/** Loaded only here: the GitHub client and libsodium are a chunk of their own. */
async function writeBack(settings, target, value) {
    const { writeSecret } = await Promise.all(/* import() */[__webpack_require__.e(768), __webpack_require__.e(582)]).then(__webpack_require__.bind(__webpack_require__, 582));
    const outcome = await writeSecret(target, value, settings.proxy);
    const where = target.environment
        ? `the secret '${target.secretName}' of the environment '${target.environment}'`
        : `the repository secret '${target.secretName}'`;
    _runner_log_js__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`IAM Identity Center rotated the refresh token; ${where} now holds the new ${settings.tokenSource.kind === 'sso-session' ? 'session document' : 'refresh token'} (${outcome}).`);
}
/**
 * The rotated refresh token (and, for sso-session, the renewed document) as masked outputs.
 * Returns what the stored secret must become: the token, or the whole document.
 */
function setRotationOutputs(source, token) {
    core.setOutput(Outputs.RefreshToken, token.rotatedRefreshToken ?? '');
    const value = secretValue(source, token);
    if (source.kind === 'sso-session')
        core.setOutput(Outputs.SsoSession, value);
    return value;
}
/** What the stored secret must become: the rotated token, or the whole renewed document (masked). */
function secretValue(source, token) {
    if (source.kind !== 'sso-session')
        return token.rotatedRefreshToken ?? '';
    const document = (0,_sso_session_js__WEBPACK_IMPORTED_MODULE_5__/* .serializeSsoSession */ .E5)((0,_sso_session_js__WEBPACK_IMPORTED_MODULE_5__/* .renewedSession */ .HF)(source.session, token), 0);
    (0,_runner_masking_js__WEBPACK_IMPORTED_MODULE_3__/* .maskInLogs */ .pI)(document);
    return document;
}
/**
 * After the job (renew-credentials' post step): a tool of the job refreshed the token and the
 * service rotated the refresh token. No output can carry it any more, so it is written back
 * with update-secret, or a warning says that the stored secret may no longer work. Never throws:
 * the post step must go on to its cleanup.
 */
async function surfaceRotationAfterJob(settings, token) {
    const value = secretValue(settings.tokenSource, token);
    let failure = '';
    if (settings.writeBack) {
        try {
            await writeBack(settings, settings.writeBack, value);
            return;
        }
        catch (error) {
            failure = ` ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .describeError */ .Uc)(error)}`;
        }
    }
    warnRotatedAfterJob(settings, failure);
}
/** The stored secret may no longer work: which input, why (`failure`), and what to do. */
function warnRotatedAfterJob(settings, failure, what = 'A tool in this job refreshed the access token and IAM Identity Center rotated the refresh token') {
    const input = settings.tokenSource.kind === 'sso-session' ? _runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.SsoSession : _runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.RefreshToken;
    const remedy = settings.writeBack
        ? _vocabulary_js__WEBPACK_IMPORTED_MODULE_6__/* .LOGIN_HINT */ .SP
        : `give '${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.UpdateSecret}' so that the post step writes it back, or ${_vocabulary_js__WEBPACK_IMPORTED_MODULE_6__/* .LOGIN_HINT */ .SP}`;
    _runner_log_js__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`${what}: the secret you pass as '${input}' may no longer work.${failure} Before the next run, ${remedy}.`);
}
/** The step's own client registration (from its inputs, never from a file), if it has one. */
function registrationOf(source) {
    if (source.kind === 'refresh-token')
        return source;
    if (source.kind !== 'sso-session')
        return undefined;
    const { clientId, clientSecret } = source.session;
    return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}
function outputOf(source) {
    return source.kind === 'sso-session' ? Outputs.SsoSession : Outputs.RefreshToken;
}
/** A warning annotation that says which secret to replace with which output. */
function warnRotated(source) {
    const input = source.kind === 'sso-session' ? Inputs.SsoSession : Inputs.RefreshToken;
    log.warning(`IAM Identity Center rotated the refresh token: the stored one may no longer work. Replace the secret you pass as '${input}' with this step's '${outputOf(source)}' output (masked) before the next run, or let the step do it with '${Inputs.UpdateSecret}'.`);
}


/***/ }),

/***/ 7038:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  nP: () => (/* binding */ getTokenSettings),
  jW: () => (/* binding */ maskTokenInputs)
});

// UNUSED EXPORTS: SECRET_INPUTS

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var core = __webpack_require__(716);
// EXTERNAL MODULE: ./src/runner/constants.ts
var constants = __webpack_require__(1871);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/sso/session.ts
var session = __webpack_require__(3027);
;// CONCATENATED MODULE: ./src/github-api/write-back-inputs.ts




/** GitHub's rule: letters, digits and `_`, not starting with a digit or with GITHUB_. */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
/**
 * GitHub's rule for environment names: at most 255 characters, not case sensitive (its docs,
 * "Managing environments for deployment"); in the REST path the name is one URL-encoded segment
 * (a `/` goes as %2F). Beyond that: no control or invisible format character, and not `.` or
 * `..`, which encoding leaves as they are and a URL resolves as path steps: `..` would move the
 * write from /environments/NAME/secrets to the repository's own secrets. (Inputs are read
 * trimmed, so there is no blank name or whitespace at either end to refuse.)
 */
const ENVIRONMENT = /^[^\p{Cc}\p{Cf}]{1,255}$/u;
function isEnvironmentName(name) {
    return ENVIRONMENT.test(name) && name !== '.' && name !== '..';
}
/**
 * Reads and checks update-secret, update-secret-environment and github-token, before any
 * request: a write-back that could not work must fail the step before it refreshes anything.
 */
function getWriteBack(source, env = process.env) {
    const secretName = core/* getInput */.V4(constants/* Inputs */.G0.UpdateSecret);
    if (!secretName) {
        refuseWithoutSecret(constants/* Inputs */.G0.GithubToken);
        refuseWithoutSecret(constants/* Inputs */.G0.UpdateSecretEnvironment);
        return undefined;
    }
    checkSecretName(secretName);
    checkRotatable(source);
    const githubToken = core/* getInput */.V4(constants/* Inputs */.G0.GithubToken);
    if (!githubToken) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.GithubToken, `is required with '${constants/* Inputs */.G0.UpdateSecret}': a fine-grained personal access token or GitHub App token with the repository permission "Secrets: write" (the workflow's GITHUB_TOKEN cannot write secrets)`);
    }
    const environment = core/* getInput */.V4(constants/* Inputs */.G0.UpdateSecretEnvironment);
    if (environment && !isEnvironmentName(environment)) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.UpdateSecretEnvironment, "must be an environment name as GitHub accepts it: at most 255 characters, no control or invisible characters, and not '.' or '..'");
    }
    return {
        secretName,
        ...(environment ? { environment } : {}),
        githubToken,
        apiUrl: apiUrlOf(env),
        repository: repositoryOf(env),
    };
}
function refuseWithoutSecret(input) {
    if (core/* getInput */.V4(input)) {
        throw new errors/* InputError */.dz(input, `is used only with '${constants/* Inputs */.G0.UpdateSecret}' (the secret to write a rotated token to); give that too, or remove '${input}'`);
    }
}
function checkSecretName(name) {
    if (!SECRET_NAME.test(name) || /^GITHUB_/i.test(name)) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.UpdateSecret, 'must be a secret name: letters, digits and _, not starting with a digit or GITHUB_ (e.g. SSO_REFRESH_TOKEN)');
    }
}
/** Only a refresh can rotate: an access token (or a session without a refresh token) never does. */
function checkRotatable(source) {
    const rotatable = source.kind === 'refresh-token' ||
        (source.kind === 'sso-session' && (0,session/* canRefresh */.K8)(source.session));
    if (rotatable)
        return;
    throw new errors/* InputError */.dz(constants/* Inputs */.G0.UpdateSecret, `needs a token source that can rotate: '${constants/* Inputs */.G0.RefreshToken}', or an '${constants/* Inputs */.G0.SsoSession}' with a refresh token; ${source.kind === 'access-token' ? `'${constants/* Inputs */.G0.AccessToken}' is` : 'this session document is'} never refreshed, so there is nothing to write back`);
}
function apiUrlOf(env) {
    const value = env.GITHUB_API_URL || 'https://api.github.com';
    try {
        const url = new URL(value);
        if (['https:', 'http:'].includes(url.protocol) && url.hostname)
            return url;
    }
    catch {
        // reported below
    }
    throw new errors/* UserError */.yo(`GITHUB_API_URL is not an http(s) URL, so '${constants/* Inputs */.G0.UpdateSecret}' cannot reach the GitHub API.`);
}
function repositoryOf(env) {
    const repository = env.GITHUB_REPOSITORY ?? '';
    if (REPOSITORY.test(repository))
        return repository;
    throw new errors/* UserError */.yo(`GITHUB_REPOSITORY does not name a repository (owner/name), so '${constants/* Inputs */.G0.UpdateSecret}' has no repository to write to.`);
}

// EXTERNAL MODULE: ./src/http/proxy.ts + 1 modules
var proxy = __webpack_require__(9525);
// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(8902);
// EXTERNAL MODULE: ./src/runner/input-readers.ts
var input_readers = __webpack_require__(3351);
// EXTERNAL MODULE: ./src/runner/masking.ts
var masking = __webpack_require__(1762);
// EXTERNAL MODULE: ./src/shared/plural.ts
var plural = __webpack_require__(2783);
// EXTERNAL MODULE: ./src/shared/validation.ts
var validation = __webpack_require__(2610);
// EXTERNAL MODULE: ./src/sso/describe-problem.ts + 1 modules
var describe_problem = __webpack_require__(6941);
// EXTERNAL MODULE: ./src/sso/identity-center-error.ts
var identity_center_error = __webpack_require__(884);
;// CONCATENATED MODULE: ./src/steps/token-inputs.ts













/** The inputs that carry secrets; masked before anything else runs. */
const SECRET_INPUTS = [
    constants/* Inputs */.G0.AccessToken,
    constants/* Inputs */.G0.RefreshToken,
    constants/* Inputs */.G0.ClientId,
    constants/* Inputs */.G0.ClientSecret,
    constants/* Inputs */.G0.SsoSession,
    constants/* Inputs */.G0.GithubToken,
];
/**
 * The first thing either action does: masks the secret inputs (and each secret member of an
 * sso-session document) and a proxy URL's credentials, before any input is even checked.
 */
function maskTokenInputs(mask = masking/* maskInLogs */.pI) {
    (0,masking/* maskSecretInputs */.q)(SECRET_INPUTS, mask);
    (0,masking/* maskProxyCredentials */.P_)(core/* getInput */.V4(constants/* Inputs */.G0.HttpProxy) || (0,proxy/* proxyFromEnvironment */.GG)(), mask);
}
/** Reads and checks the token inputs; throws an error naming the first bad one. */
function getTokenSettings() {
    const tokenSource = getTokenSource();
    return {
        ssoRegion: getSsoRegion(tokenSource),
        tokenSource,
        maxAttempts: getMaxAttempts(),
        timeLimitMs: (0,input_readers/* getTimeLimitMs */.tW)(),
        proxy: getProxy(),
        tokenHandoff: getTokenHandoff(tokenSource),
        writeBack: getWriteBack(tokenSource),
    };
}
function getTokenSource() {
    const given = [constants/* Inputs */.G0.AccessToken, constants/* Inputs */.G0.RefreshToken, constants/* Inputs */.G0.SsoSession].filter((name) => core/* getInput */.V4(name));
    if (given.length === 0) {
        checkClientInputsAlone();
        throw new errors/* UserError */.yo(`No token given: set one of '${constants/* Inputs */.G0.AccessToken}', '${constants/* Inputs */.G0.RefreshToken}' (with '${constants/* Inputs */.G0.ClientId}' and '${constants/* Inputs */.G0.ClientSecret}') or '${constants/* Inputs */.G0.SsoSession}'.`);
    }
    if (given.length > 1) {
        throw new errors/* UserError */.yo(`Give only one token source; got '${given.join("' and '")}'.`);
    }
    checkClientInputs(given[0] === constants/* Inputs */.G0.RefreshToken);
    if (given[0] === constants/* Inputs */.G0.AccessToken) {
        return { kind: 'access-token', accessToken: core/* getInput */.V4(constants/* Inputs */.G0.AccessToken) };
    }
    if (given[0] === constants/* Inputs */.G0.RefreshToken) {
        return {
            kind: 'refresh-token',
            refreshToken: core/* getInput */.V4(constants/* Inputs */.G0.RefreshToken),
            clientId: core/* getInput */.V4(constants/* Inputs */.G0.ClientId),
            clientSecret: core/* getInput */.V4(constants/* Inputs */.G0.ClientSecret),
        };
    }
    return { kind: 'sso-session', session: readSsoSession() };
}
/** The sso-session document; what is wrong with it is an error about the input. */
function readSsoSession() {
    try {
        return (0,session/* parseSsoSession */.t0)(core/* getInput */.V4(constants/* Inputs */.G0.SsoSession));
    }
    catch (error) {
        const problem = (0,identity_center_error/* problemOf */.Zw)(error);
        if (problem?.kind !== 'session-malformed')
            throw error;
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.SsoSession, (0,describe_problem/* describeSessionDefect */.nh)(problem.defect));
    }
}
/** Why a secret input is empty most of the time: `${{ secrets.NAME }}` of an unset or misspelt NAME. */
const UNSET = ' (a secret that is not set, or whose name is misspelt, reads as empty in the workflow)';
/**
 * client-id or client-secret without any token: the refresh token they belong with came empty.
 * Said so, rather than "no token given", as the workflow author did give one.
 */
function checkClientInputsAlone() {
    const given = [constants/* Inputs */.G0.ClientId, constants/* Inputs */.G0.ClientSecret].filter((name) => core/* getInput */.V4(name));
    if (given.length === 0)
        return;
    throw new errors/* InputError */.dz(constants/* Inputs */.G0.RefreshToken, `is empty, but '${given.join("' and '")}' ${(0,plural/* byCount */.F)(given.length, 'is', 'are')} set${UNSET}`);
}
/** client-id and client-secret belong with refresh-token, and only there. */
function checkClientInputs(usingRefreshToken) {
    for (const input of [constants/* Inputs */.G0.ClientId, constants/* Inputs */.G0.ClientSecret]) {
        const present = core/* getInput */.V4(input) !== '';
        if (usingRefreshToken && !present) {
            throw new errors/* InputError */.dz(input, `is empty; it is required with '${constants/* Inputs */.G0.RefreshToken}'${UNSET}`);
        }
        if (!usingRefreshToken && present) {
            throw new errors/* InputError */.dz(input, `is used only with '${constants/* Inputs */.G0.RefreshToken}'; remove it or give a refresh token`);
        }
    }
}
/** sso-region, or the sso-session document's region; when both are given they must agree. */
function getSsoRegion(source) {
    const input = (0,input_readers/* getRegion */.JN)(constants/* Inputs */.G0.SsoRegion);
    const fromSession = source.kind === 'sso-session' ? source.session.region : undefined;
    if (fromSession !== undefined && !(0,validation/* isRegion */.Dp)(fromSession)) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.SsoSession, "has a 'region' that is not an AWS region name");
    }
    if (input && fromSession && input !== fromSession) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.SsoRegion, `is '${input}' but the '${constants/* Inputs */.G0.SsoSession}' document's region is '${fromSession}'; they must agree`);
    }
    const region = input ?? fromSession;
    if (!region) {
        const why = source.kind === 'sso-session' ? ` (the '${constants/* Inputs */.G0.SsoSession}' document has no 'region')` : '';
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.SsoRegion, `is required${why}`);
    }
    return region;
}
/**
 * A handoff is sealed with the registration's client secret: the source must hold one. An
 * access-token source never does, so the combination is refused rather than ignored.
 */
function getTokenHandoff(source) {
    const value = core/* getInput */.V4(constants/* Inputs */.G0.TokenHandoff);
    if (!value)
        return undefined;
    if (source.kind === 'access-token') {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.TokenHandoff, `cannot be used with '${constants/* Inputs */.G0.AccessToken}': a handoff opens only with the client secret of the '${constants/* Inputs */.G0.RefreshToken}' or '${constants/* Inputs */.G0.SsoSession}' source that made it. Give that source here too, or remove '${constants/* Inputs */.G0.TokenHandoff}'`);
    }
    if (source.kind === 'sso-session' && !source.session.clientSecret) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.TokenHandoff, `needs the client secret to open, and the '${constants/* Inputs */.G0.SsoSession}' document has no 'clientSecret'. Give the document the handoff was made with, or remove '${constants/* Inputs */.G0.TokenHandoff}'`);
    }
    return value;
}
const MAX_ATTEMPTS_LIMIT = 100;
/** A whole number of attempts; left empty, the default that the load test passes with. */
function getMaxAttempts() {
    return ((0,input_readers/* getWholeNumber */.FH)(constants/* Inputs */.G0.RetryMaxAttempts, MAX_ATTEMPTS_LIMIT) ?? retry/* DEFAULT_RETRY_POLICY */.cO.maxAttempts);
}
/** http-proxy, else HTTPS_PROXY / https_proxy / HTTP_PROXY / http_proxy; NO_PROXY applies to both. */
function getProxy() {
    const input = core/* getInput */.V4(constants/* Inputs */.G0.HttpProxy);
    const fromEnvironment = input ? undefined : (0,proxy/* proxyFromEnvironment */.GG)();
    const value = input || fromEnvironment;
    if (!value)
        return undefined;
    const url = (0,proxy/* parseProxyUrl */.Pr)(value);
    const problem = 'must be an http:// or https:// proxy URL, e.g. http://proxy.example.com:3128';
    if (!url && input)
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.HttpProxy, problem);
    if (!url)
        throw new errors/* UserError */.yo(`The proxy in the environment (HTTPS_PROXY or HTTP_PROXY) ${problem}.`);
    return {
        url,
        source: input ? constants/* Inputs */.G0.HttpProxy : 'environment',
        noProxy: (0,proxy/* noProxyFromEnvironment */.t3)(),
    };
}


/***/ }),

/***/ 4187:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SP: () => (/* binding */ LOGIN_HINT),
/* harmony export */   V1: () => (/* binding */ GITHUB_VOCABULARY)
/* harmony export */ });
/* unused harmony exports PROFILE_VOCABULARY, describeForWorkflow */
/* harmony import */ var _disk_file_lock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5151);
/* harmony import */ var _runner_constants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1871);
/* harmony import */ var _sso_identity_center_error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(884);
/* harmony import */ var _time_deadline_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(793);




/** How a workflow gets new token secrets; named in every "get a new token" hint of both actions. */
const LOGIN_HINT = 'mint new token secrets with `aws-sso-credentials login` (docs/getting-the-secrets.md) and replace the stored ones';
/** The core's problems in the actions' words: their inputs, and the secrets the workflow stores. */
const GITHUB_VOCABULARY = {
    session: `'${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.SsoSession}'`,
    sessionSubject: `Input '${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.SsoSession}'`,
    sessionAgain: 'the document',
    accountId: _runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.AccountId,
    roleName: _runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.RoleName,
    clientCredentials: `${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.ClientId} or ${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.ClientSecret}`,
    renewableSources: `${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.RefreshToken} with ${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.ClientId} and ${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.ClientSecret}, or an ${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.SsoSession} that has one`,
    self: 'the action',
    proxySettings: `${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.HttpProxy} or HTTPS_PROXY`,
    newSecrets: LOGIN_HINT,
    signInAgain: 'Run `aws-sso-credentials login` again',
    timeLimit: `The step's time limit '${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.ActionTimeoutS}'`,
    region: `${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.SsoRegion} (or the region in '${_runner_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.SsoSession}')`,
};
/**
 * For a line of the `profiles` input: the message starts with the profile and its line, so the
 * account and role are that line's, not the account-id and role-name inputs (unused then).
 */
const PROFILE_VOCABULARY = {
    ...GITHUB_VOCABULARY,
    accountId: 'the account id',
    roleName: 'the role name',
};
/** The sentence an action step fails with (or a warning carries), for anything thrown. */
function describeForWorkflow(error, vocabulary = GITHUB_VOCABULARY) {
    if (error instanceof LockTimeoutError)
        return describeLockWait(error, vocabulary);
    return describeFailure(error, vocabulary);
}
/** A lock another process held until the step's time limit (or the longest wait) passed. */
function describeLockWait(error, vocabulary) {
    const held = `${error.holder} held ${error.lockFile}`;
    const ended = error.deadlineLimitMs === undefined
        ? `${held.charAt(0).toUpperCase()}${held.slice(1)} for ${formatSeconds(error.waitedMs)}`
        : `${vocabulary.timeLimit} (${formatSeconds(error.deadlineLimitMs)}) passed while ${held}`;
    return `${ended}. If no job is changing that file any more, remove the lock.`;
}


/***/ })

};
