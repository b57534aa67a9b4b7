export const id = 235;
export const ids = [235];
export const modules = {

/***/ 4235:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_CLIENT_NAME: () => (/* binding */ DEFAULT_CLIENT_NAME),
  DEFAULT_TIMEOUT_MS: () => (/* binding */ DEFAULT_TIMEOUT_MS),
  HEADLESS: () => (/* binding */ HEADLESS),
  loginCommand: () => (/* binding */ loginCommand)
});

// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/shared/validation.ts
var validation = __webpack_require__(2610);
// EXTERNAL MODULE: ./src/sso/clients.ts + 215 modules
var clients = __webpack_require__(8615);
// EXTERNAL MODULE: ./src/cli/args.ts + 1 modules
var cli_args = __webpack_require__(6890);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/cli/browser.ts

/** How long a command may take to fail before it is taken to be a browser that stays open. */
const OPENER_GRACE_MS = 5_000;
/** Splits one BROWSER entry into words; single and double quotes group, as in a shell. */
function splitCommand(entry) {
    const words = [];
    for (const [, double, single, bare] of entry.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
        words.push(double ?? single ?? bare ?? '');
    }
    return words;
}
/** A command line with the URL put where `%s` is, or appended when there is no `%s`. */
function withUrl(words, url) {
    const [program, ...args] = words;
    if (!program)
        return undefined;
    if (!args.some((arg) => arg.includes('%s')))
        return [program, ...args, url];
    return [program, ...args.map((arg) => arg.replaceAll('%s', url))];
}
/** Signed in over SSH: the machine's own screen, if it has one, is not the person's. */
function overSsh(env) {
    return Boolean(env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY);
}
/**
 * The platform's own opener. macOS and Windows always have one, except over SSH, where it would
 * open the page on the remote machine's screen. Linux has one with a display (X11, Wayland,
 * forwarded X over SSH) or under WSL outside SSH; without, xdg-open would pick a text browser.
 */
function platformCommands(platform, env) {
    const display = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
    if (platform === 'darwin')
        return overSsh(env) ? [] : [['open']];
    // rundll32 takes the URL as one argument; `cmd /c start` would read its & as a command separator.
    if (platform === 'win32')
        return overSsh(env) ? [] : [['rundll32', 'url.dll,FileProtocolHandler']];
    const wsl = Boolean(env.WSL_DISTRO_NAME) && !overSsh(env);
    if (!display && !wsl)
        return [];
    return [['xdg-open'], ...(wsl ? [['wslview']] : [])];
}
/** Whether any command could open a browser here: BROWSER is set, or the platform has an opener. */
function canOpenBrowser(env, platform = process.platform) {
    return browserCommands('about:blank', env, platform).length > 0;
}
/** Why no browser can be opened here, for a sentence: "(…)". */
const NO_BROWSER_REASON = 'no display, and BROWSER is not set';
/** Every command to try, in order: BROWSER's entries, then the platform's. */
function browserCommands(url, env, platform = process.platform) {
    const separator = platform === 'win32' ? ';' : ':';
    const chosen = (env.BROWSER ?? '').split(separator).filter((entry) => entry.trim() !== '');
    const entries = [...chosen.map(splitCommand), ...platformCommands(platform, env)];
    return entries.flatMap((words) => {
        const command = withUrl(words, url);
        return command ? [command] : [];
    });
}
/**
 * Starts the first command that works. A command that exits 0, or is still running after the
 * grace period (a browser in the foreground), counts as opened; it is left running on its own.
 */
async function openBrowser(url, env, platform = process.platform, graceMs = OPENER_GRACE_MS) {
    const commands = browserCommands(url, env, platform);
    if (commands.length === 0) {
        return { opened: false, reason: NO_BROWSER_REASON };
    }
    const reasons = [];
    for (const command of commands) {
        const failure = await tryCommand(command, env, graceMs);
        if (failure === undefined)
            return { opened: true };
        reasons.push(`${command[0]}: ${failure}`);
    }
    return { opened: false, reason: reasons.join('; ') };
}
/** undefined when the command opened the page; else why not. */
function tryCommand([program, ...args], env, graceMs) {
    return new Promise((resolve) => {
        // Its own process group and no stdio: a browser's chatter stays off the terminal, and it
        // outlives this command.
        const child = (0,external_node_child_process_.spawn)(program, args, { env, stdio: 'ignore', detached: true });
        // Neither keeps this process alive: it ends when the sign-in is done, whatever the browser does.
        child.unref();
        const timer = setTimeout(() => resolve(undefined), graceMs);
        timer.unref();
        child.once('error', (error) => {
            clearTimeout(timer);
            resolve(error.code === 'ENOENT' ? 'not found' : (error.code ?? 'could not be started'));
        });
        child.once('exit', (code, signal) => {
            clearTimeout(timer);
            resolve(code === 0 ? undefined : signal ? `ended by ${signal}` : `exit status ${code}`);
        });
    });
}

// EXTERNAL MODULE: ./src/cli/client-options.ts
var client_options = __webpack_require__(4196);
;// CONCATENATED MODULE: ./src/cli/gh-secret.ts


/** What is kept of gh's stderr: enough for its last line, bounded whatever it prints. */
const STDERR_LIMIT = 64 * 1024;
/** GitHub's rule for secret names: letters, digits and _, not starting with a digit or GITHUB_. */
function isSecretName(name) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name);
}
/**
 * `gh ...args` with `input` on stdin, to the end. A plain child process: the CLI runs on a
 * terminal, not on a runner, so nothing of the Actions toolkit belongs here.
 */
function runGh(args, input) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('gh', args, { stdio: ['pipe', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk) => {
            stderr = (stderr + chunk).slice(-STDERR_LIMIT);
        });
        child.once('error', reject);
        child.once('close', (code, signal) => resolve({ exitCode: code ?? signal ?? 'unknown', stderr }));
        // gh may exit without reading stdin (a bad name, no repository): its exit code says why.
        child.stdin.once('error', () => { });
        child.stdin.end(input, 'utf8');
    });
}
/**
 * Before the sign-in, not after it: gh is installed and signed in (`gh auth status`), so that a
 * sign-in is not spent on a document that then has nowhere to go.
 */
async function checkGitHubCli(name) {
    const result = await runGhOrExplain(['auth', 'status'], '', name);
    if (result.exitCode === 0)
        return;
    throw new errors/* UserError */.yo(`\`gh auth status\` failed (exit ${result.exitCode})${lastLine(result.stderr)}; sign in with \`gh auth login\` before \`login --gh-secret\`, or use --output and \`gh secret set ${name} < FILE\`.`);
}
/**
 * `gh secret set NAME` with the value on stdin: an argument would be visible to every process
 * on the machine (ps, /proc) and in shell history. gh picks the repository from the working
 * directory (or GH_REPO), as it does for anyone running it by hand.
 */
async function setGitHubSecret(name, value) {
    const result = await runGhOrExplain(['secret', 'set', name], value, name);
    if (result.exitCode !== 0) {
        // gh read the value from stdin, so its complaint cannot contain it.
        throw new errors/* UserError */.yo(`\`gh secret set ${name}\` failed (exit ${result.exitCode})${lastLine(result.stderr)}.`);
    }
}
/** runGh, with "not installed" said in words that lead somewhere. */
async function runGhOrExplain(args, input, name) {
    try {
        return await runGh(args, input);
    }
    catch (error) {
        const notFound = error.code === 'ENOENT';
        const why = notFound ? 'it is not on PATH' : (0,errors/* describeError */.Uc)(error);
        throw new errors/* UserError */.yo(`Could not run \`gh\` (the GitHub CLI) to store the secret ${name}: ${why}. Install it from https://cli.github.com/, or use --output and \`gh secret set ${name} < FILE\`.`);
    }
}
/** ": " and gh's last line on stderr, or nothing. */
function lastLine(stderr) {
    const line = stderr.trim().split('\n').at(-1)?.trim() ?? '';
    return line ? `: ${line}` : '';
}

// EXTERNAL MODULE: ./src/cli/help.ts
var help = __webpack_require__(7911);
// EXTERNAL MODULE: ./src/shared/plural.ts
var plural = __webpack_require__(2783);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sso-oidc/dist-es/commandBuilder.js
var commandBuilder = __webpack_require__(9332);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sso-oidc/dist-es/schemas/schemas_0.js + 2 modules
var schemas_0 = __webpack_require__(3435);
;// CONCATENATED MODULE: ./node_modules/@aws-sdk/client-sso-oidc/dist-es/commands/RegisterClientCommand.js


class RegisterClientCommand extends (0,commandBuilder/* command */.G5)(commandBuilder/* _ep0 */.lq, commandBuilder/* _mw0 */.yt, "RegisterClient", schemas_0/* RegisterClient$ */.Dr) {
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sso-oidc/dist-es/commands/CreateTokenCommand.js
var CreateTokenCommand = __webpack_require__(623);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-es/submodules/endpoints/index.js + 9 modules
var endpoints = __webpack_require__(9643);
// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(8902);
;// CONCATENATED MODULE: ./src/shared/hash.ts

/**
 * Every digest the project takes, each named by what it hashes and how it is written. Text is
 * hashed as UTF-8 unless the name says otherwise.
 */
/** SHA-256 of text (UTF-8), as 64 hex digits: a token or state file checked later, a tag. */
function sha256Hex(text) {
    return createHash('sha256').update(text, 'utf8').digest('hex');
}
/**
 * SHA-256 of the bytes a file held, given as the latin1 text it was read as (credentials-file.ts
 * reads and writes latin1 so that every byte survives), as 64 hex digits.
 */
function sha256HexOfLatin1(text) {
    return createHash('sha256').update(text, 'latin1').digest('hex');
}
/** SHA-256 of text (UTF-8) in base64url without padding: PKCE's S256 code challenge. */
function sha256Base64Url(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text, 'utf8').digest('base64url');
}
/** SHA-1 of text (UTF-8), as 40 hex digits: how the AWS CLI names its cache files. */
function sha1Hex(text) {
    return createHash('sha1').update(text, 'utf8').digest('hex');
}

;// CONCATENATED MODULE: ./node_modules/@aws-sdk/client-sso-oidc/dist-es/commands/StartDeviceAuthorizationCommand.js


class StartDeviceAuthorizationCommand extends (0,commandBuilder/* command */.G5)(commandBuilder/* _ep0 */.lq, commandBuilder/* _mw0 */.yt, "StartDeviceAuthorization", schemas_0/* StartDeviceAuthorization$ */.UA) {
}

// EXTERNAL MODULE: ./src/time/clock.ts
var time_clock = __webpack_require__(3355);
// EXTERNAL MODULE: ./src/sso/identity-center-error.ts
var identity_center_error = __webpack_require__(884);
// EXTERNAL MODULE: ./src/sso/response-shapes.ts
var response_shapes = __webpack_require__(2223);
// EXTERNAL MODULE: ./src/sso/service-errors.ts + 1 modules
var service_errors = __webpack_require__(1829);
// EXTERNAL MODULE: ./src/sso/token.ts
var token = __webpack_require__(3066);
;// CONCATENATED MODULE: ./src/sso/device-flow.ts







/**
 * The OAuth 2.0 device authorization grant (RFC 8628) against SSO OIDC: register a client,
 * start a device authorization, and poll CreateToken until the person approves it in a browser.
 */
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const REFRESH_TOKEN_GRANT = 'refresh_token';
/** Without this scope the service issues a fixed 8-hour token and no refresh token. */
const ACCOUNT_ACCESS_SCOPE = 'sso:account:access';
/** RFC 8628 §3.5: the interval when the response gives none, and what each slow_down adds. */
const DEFAULT_INTERVAL_SECONDS = 5;
const SLOW_DOWN_INCREMENT_SECONDS = 5;
const DEVICE_REGISTRATION = {
    grantTypes: [DEVICE_CODE_GRANT, REFRESH_TOKEN_GRANT],
};
/**
 * RegisterClient as a public client with the sso:account:access scope (so that a refresh token
 * is issued): by default for the device code, or for the grants and redirects `shape` names.
 */
async function registerClient(oidc, clientName, options, shape = DEVICE_REGISTRATION) {
    const command = new RegisterClientCommand({
        clientName,
        clientType: 'public',
        scopes: [ACCOUNT_ACCESS_SCOPE],
        grantTypes: [...shape.grantTypes],
        ...(shape.redirectUris ? { redirectUris: [...shape.redirectUris] } : {}),
        ...(shape.issuerUrl ? { issuerUrl: shape.issuerUrl } : {}),
    });
    return (0,service_errors/* callService */.cb)({ operation: 'RegisterClient' }, async (limits) => readRegistration(await oidc.send(command, (0,retry/* requestOptions */.ag)(limits)), options.mask), options.retry ?? retry/* DEFAULT_RETRY_POLICY */.cO);
}
/** The registration, every member checked; the secret is masked before anything else. */
function readRegistration(response, mask) {
    if ((0,response_shapes/* isOpaqueToken */.by)(response.clientSecret))
        mask(response.clientSecret);
    const clientId = (0,response_shapes/* member */.Dc)(response.clientId, response_shapes/* isOpaqueToken */.by, 'clientId', response_shapes/* OPAQUE_TOKEN_RULE */.lj);
    const clientSecret = (0,response_shapes/* member */.Dc)(response.clientSecret, response_shapes/* isOpaqueToken */.by, 'clientSecret', response_shapes/* OPAQUE_TOKEN_RULE */.lj);
    // Epoch seconds on the wire; anything past the year 5000 is not a date.
    const expiresAtSeconds = (0,response_shapes/* member */.Dc)(response.clientSecretExpiresAt, (value) => (0,response_shapes/* isWholeNumberUpTo */.pQ)(value, 95_617_584_000), 'clientSecretExpiresAt', 'is not a time in epoch seconds');
    if (!clientId || !clientSecret) {
        throw new retry/* MalformedResponseError */.f7('no clientId or clientSecret');
    }
    const expiresAt = expiresAtSeconds ? new Date(expiresAtSeconds * 1000) : undefined;
    return { clientId, clientSecret, ...(expiresAt ? { expiresAt } : {}) };
}
/** StartDeviceAuthorization: the code the person confirms and the page where they do it. */
async function startDeviceAuthorization(oidc, client, startUrl, options) {
    const { clientId, clientSecret } = client;
    const command = new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl });
    return (0,service_errors/* callService */.cb)({ operation: 'StartDeviceAuthorization', ...registrationOf(client) }, async (limits) => readDeviceAuthorization(await oidc.send(command, (0,retry/* requestOptions */.ag)(limits)), options.mask), options.retry ?? retry/* DEFAULT_RETRY_POLICY */.cO);
}
/** A person reads the code and opens the page: both are checked like everything else. */
const USER_CODE = /^[A-Za-z0-9-]{1,64}$/;
function isUserCode(value) {
    return typeof value === 'string' && USER_CODE.test(value);
}
/** An http(s) URL of printable ASCII without whitespace, at most 2 KiB: it is shown in a terminal. */
function isPageUrl(value) {
    if (typeof value !== 'string' || !/^[\x21-\x7e]{1,2048}$/.test(value))
        return false;
    try {
        return ['https:', 'http:'].includes(new URL(value).protocol);
    }
    catch {
        return false;
    }
}
function readDeviceAuthorization(response, mask) {
    // The device code is a bearer secret until it is redeemed; the user code is shown on purpose.
    if ((0,response_shapes/* isOpaqueToken */.by)(response.deviceCode))
        mask(response.deviceCode);
    const deviceCode = (0,response_shapes/* member */.Dc)(response.deviceCode, response_shapes/* isOpaqueToken */.by, 'deviceCode', response_shapes/* OPAQUE_TOKEN_RULE */.lj);
    const userCode = (0,response_shapes/* member */.Dc)(response.userCode, isUserCode, 'userCode', 'is not 1-64 letters, digits or -');
    const urlRule = 'is not an http(s) URL of printable ASCII';
    const verificationUri = (0,response_shapes/* member */.Dc)(response.verificationUri, isPageUrl, 'verificationUri', urlRule);
    const complete = (0,response_shapes/* member */.Dc)(response.verificationUriComplete, isPageUrl, 'verificationUriComplete', urlRule);
    // A day to approve, a 5-minute interval: anything longer is no device flow a person waits for.
    const expiresIn = (0,response_shapes/* member */.Dc)(response.expiresIn, (value) => (0,response_shapes/* isWholeNumberUpTo */.pQ)(value, 24 * 60 * 60), 'expiresIn', 'is not a whole number of seconds from 1 to a day');
    const interval = (0,response_shapes/* member */.Dc)(response.interval, (value) => (0,response_shapes/* isWholeNumberUpTo */.pQ)(value, 300), 'interval', 'is not a whole number of seconds from 1 to 300');
    if (!deviceCode || !userCode || !verificationUri) {
        throw new retry/* MalformedResponseError */.f7('no deviceCode, userCode or verificationUri');
    }
    return {
        deviceCode,
        userCode,
        verificationUri,
        ...(complete ? { verificationUriComplete: complete } : {}),
        // The CLI's comment says device codes last 10 minutes; assume that when none is given.
        expiresInSeconds: expiresIn ?? 600,
        intervalSeconds: interval ?? DEFAULT_INTERVAL_SECONDS,
    };
}
function registrationOf(client) {
    return client.expiresAt ? { registrationExpiresAt: client.expiresAt } : {};
}
/** The OAuth error codes of RFC 8628 §3.5, as the SDK names the exceptions and as the body says. */
const POLL_ERRORS = [
    ['AuthorizationPendingException', 'authorization_pending', 'pending'],
    ['SlowDownException', 'slow_down', 'slow_down'],
    ['ExpiredTokenException', 'expired_token', 'expired'],
    ['AccessDeniedException', 'access_denied', 'denied'],
    ['InvalidGrantException', 'invalid_grant', 'invalid_grant'],
];
function pollResultOf(error) {
    const shape = (typeof error === 'object' && error !== null ? error : {});
    const match = POLL_ERRORS.find(([name, code]) => shape.name === name || shape.error === code);
    return match ? { kind: match[2] } : undefined;
}
/**
 * One CreateToken call with the device code. The expected "not yet" answers come back as values,
 * not errors, so that the retry policy never sees them: it would take slow_down for throttling.
 */
async function pollOnce(oidc, client, device, options, now) {
    const command = new CreateTokenCommand/* CreateTokenCommand */.b({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        grantType: DEVICE_CODE_GRANT,
        deviceCode: device.deviceCode,
    });
    const call = async (limits) => {
        try {
            const response = await oidc.send(command, (0,retry/* requestOptions */.ag)(limits));
            return { kind: 'token', token: readToken(response, options.mask, now) };
        }
        catch (error) {
            const result = pollResultOf(error);
            if (result)
                return result;
            throw error;
        }
    };
    const context = { operation: 'CreateToken', ...registrationOf(client) };
    return (0,service_errors/* callService */.cb)(context, call, options.retry ?? retry/* DEFAULT_RETRY_POLICY */.cO);
}
/** The device grant's token: the same checks as a refresh (token.ts readTokenResponse). */
function readToken(response, mask, now) {
    const { accessToken, expiresIn, refreshToken } = (0,token/* readTokenResponse */.jz)(response, mask);
    const expiresAt = new Date(now + expiresIn * 1000);
    return { accessToken, expiresAt, ...(refreshToken ? { refreshToken } : {}) };
}
/** An answer that ends the login without a token. */
function failure(reason, minutes) {
    return new identity_center_error/* IdentityCenterError */.UF({ kind: 'sign-in-ended', reason, minutes });
}
/**
 * Polls CreateToken until the person approves: the first poll at once, then every `interval`
 * seconds; slow_down adds 5 s for good. Stops at the service's expired_token, or locally a
 * minute after the device code's lifetime in case the service never says so.
 */
async function pollForToken(oidc, client, device, options) {
    const clock = options.clock ?? time_clock/* systemClock */.m;
    const started = clock.now();
    const deadline = started + (device.expiresInSeconds + 60) * 1000;
    const minutes = Math.max(1, Math.round(device.expiresInSeconds / 60));
    let interval = device.intervalSeconds;
    for (;;) {
        const result = await pollOnce(oidc, client, device, options, clock.now());
        if (result.kind === 'token')
            return result.token;
        if (result.kind !== 'pending' && result.kind !== 'slow_down')
            throw failure(result.kind, minutes);
        if (result.kind === 'slow_down')
            interval += SLOW_DOWN_INCREMENT_SECONDS;
        options.onPoll?.(result.kind, interval);
        const next = clock.now() + interval * 1000;
        if (next > deadline)
            throw failure('expired', minutes);
        // The next poll would come after the caller's limit: stop now rather than overrun it.
        if (options.waitUntil !== undefined && next > options.waitUntil) {
            throw new identity_center_error/* IdentityCenterError */.UF({
                kind: 'sign-in-timed-out',
                waitedMs: options.waitUntil - started,
            });
        }
        await clock.sleep(interval * 1000);
    }
}
/**
 * The whole sign-in: register, start, let the caller show the code, poll. Returns the session
 * document the action takes as `sso-session` (the AWS CLI cache keys).
 */
async function deviceLogin(oidc, request, prompt, options) {
    const client = await registerClient(oidc, request.clientName, options);
    const device = await startDeviceAuthorization(oidc, client, request.startUrl, options);
    prompt(device);
    const token = await pollForToken(oidc, client, device, options);
    return loginSession(request, client, token);
}
/** The session document of a completed sign-in, whichever grant produced the token. */
function loginSession(request, client, token) {
    return {
        startUrl: request.startUrl,
        region: request.region,
        accessToken: token.accessToken,
        expiresAt: token.expiresAt,
        ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        ...registrationOf(client),
    };
}

;// CONCATENATED MODULE: ./src/sso/authorization-code.ts








/**
 * The OAuth 2.0 authorization-code grant with PKCE (RFC 7636) against SSO OIDC, as the AWS CLI
 * runs it since 2.22 (`SSOTokenFetcherAuth`): register a client for the loopback redirect, send
 * the browser to the OIDC endpoint's /authorize page, and trade the code it comes back with for a
 * token. Where the browser comes back to is the caller's business (a loopback listener).
 */
const AUTHORIZATION_CODE_GRANT = 'authorization_code';
/** Registered without a port, as the AWS CLI does: a loopback redirect may use any port (RFC 8252 §7.3). */
const LOOPBACK_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';
const CALLBACK_PATH = '/oauth/callback';
/** RFC 7636 §4.1: the unreserved characters a code verifier is made of. */
const VERIFIER_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
/** The AWS CLI's verifier length (RFC 7636 allows 43-128). */
const VERIFIER_LENGTH = 64;
/** S256: base64url(sha256(verifier)) without padding. */
function challengeOf(verifier) {
    // The verifier is ASCII (RFC 7636), so its UTF-8 bytes are its ASCII bytes.
    return sha256Base64Url(verifier);
}
/** A verifier of 64 unreserved characters, each drawn uniformly, and its S256 challenge. */
function createPkcePair() {
    let verifier = '';
    while (verifier.length < VERIFIER_LENGTH) {
        for (const byte of (0,external_node_crypto_.randomBytes)(VERIFIER_LENGTH)) {
            // 198 = 3 × 66: bytes at or above it would favour the first characters.
            if (byte < 198 && verifier.length < VERIFIER_LENGTH)
                verifier += VERIFIER_ALPHABET[byte % 66];
        }
    }
    return { verifier, challenge: challengeOf(verifier) };
}
/** The CSRF guard of the redirect: a fresh UUID, checked when the browser comes back. */
function newState() {
    return (0,external_node_crypto_.randomUUID)();
}
/**
 * The page the person signs in on: `/authorize` on the OIDC endpoint, with the query the AWS CLI
 * sends (note the key `scopes`, space-joined).
 */
function authorizeUrl(oidcEndpoint, parameters) {
    const url = new URL('/authorize', oidcEndpoint.origin);
    const query = [
        ['response_type', 'code'],
        ['client_id', parameters.clientId],
        ['redirect_uri', parameters.redirectUri],
        ['state', parameters.state],
        ['code_challenge_method', 'S256'],
        ['scopes', parameters.scopes.join(' ')],
        ['code_challenge', parameters.challenge],
    ];
    // %20 rather than URLSearchParams' '+': what the CLI sends, and unambiguous in any parser.
    url.search = query.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
    return url.href;
}
/**
 * The OIDC endpoint exactly as the SDK resolves it for a call: AWS_ENDPOINT_URL_SSO_OIDC and
 * the config file's endpoint settings when present, else `https://oidc.REGION.amazonaws.com`.
 */
async function resolveOidcEndpoint(oidc) {
    const probe = { clientName: 'endpoint-probe', clientType: 'public' };
    const endpoint = await (0,endpoints/* getEndpointFromInstructions */.rC)(probe, RegisterClientCommand, oidc.config);
    return new URL(endpoint.url.href);
}
/** CreateToken with the code, as the AWS CLI sends it: the redirect with its port, the verifier. */
async function exchangeCode(oidc, client, exchange, options) {
    const command = new CreateTokenCommand/* CreateTokenCommand */.b({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        grantType: AUTHORIZATION_CODE_GRANT,
        code: exchange.code,
        redirectUri: exchange.redirectUri,
        codeVerifier: exchange.verifier,
    });
    const call = async (limits) => {
        const now = Date.now();
        try {
            return readToken(await oidc.send(command, (0,retry/* requestOptions */.ag)(limits)), options.mask, now);
        }
        catch (error) {
            const { name } = (error ?? {});
            // Final answers about this code, not failures to retry.
            if (name === 'InvalidGrantException')
                return 'invalid_grant';
            if (name === 'AccessDeniedException')
                return 'denied';
            throw error;
        }
    };
    const context = { operation: 'CreateToken', ...registrationOf(client) };
    const result = await (0,service_errors/* callService */.cb)(context, call, options.retry ?? retry/* DEFAULT_RETRY_POLICY */.cO);
    if (result === 'invalid_grant' || result === 'denied') {
        throw new identity_center_error/* IdentityCenterError */.UF({ kind: 'authorization-code-refused', reason: result });
    }
    return result;
}
/**
 * The whole sign-in: register for the loopback redirect, let the caller open the authorize URL,
 * wait for the code, exchange it. Returns the session document (the AWS CLI cache keys).
 */
async function authorizationCodeLogin(oidc, request, receiver, present, options) {
    const client = await registerClient(oidc, request.clientName, options, {
        grantTypes: [AUTHORIZATION_CODE_GRANT, REFRESH_TOKEN_GRANT],
        redirectUris: [LOOPBACK_REDIRECT_URI],
        issuerUrl: request.startUrl,
    });
    const pkce = createPkcePair();
    options.mask(pkce.verifier);
    const state = newState();
    const endpoint = options.oidcEndpoint ?? (await resolveOidcEndpoint(oidc));
    const url = authorizeUrl(endpoint, {
        clientId: client.clientId,
        redirectUri: receiver.redirectUri,
        state,
        challenge: pkce.challenge,
        scopes: [ACCOUNT_ACCESS_SCOPE],
    });
    // Waiting before the browser can come back. Handled at once, so that an answer arriving while
    // the URL is still being presented (or after presenting failed) is never an unhandled rejection.
    const code = receiver.waitForCode(state);
    code.catch(() => undefined);
    await present(url);
    const exchange = { code: await code, redirectUri: receiver.redirectUri, verifier: pkce.verifier };
    options.mask(exchange.code);
    const token = await exchangeCode(oidc, client, exchange, options);
    return loginSession(request, client, token);
}

// EXTERNAL MODULE: ./src/time/relative-time.ts
var relative_time = __webpack_require__(5595);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/cli/callback-listener.ts





/**
 * The loopback end of the authorization-code flow: an HTTP listener on 127.0.0.1 (a random port)
 * that answers only `GET /oauth/callback`, takes the first callback with this sign-in's state as
 * the outcome, shows the person a page, and closes at once. Everything about the callback is
 * untrusted: any local process or web page can send the browser here, so the state decides and
 * nothing is echoed. A callback with another state (or none) is answered with an error page and
 * changes nothing: the listener keeps waiting for the right one until the deadline, so a stray
 * or hostile request cannot end someone's sign-in.
 */
const AGAIN = 'Nothing was written. Run `aws-sso-credentials login` again';
/** The browser came back, but not with a code for this sign-in. */
class CallbackError extends errors/* UserError */.yo {
    name = 'CallbackError';
}
/**
 * What a callback's query means, given the state this sign-in sent; undefined when the state is
 * not this sign-in's (an old tab, another process, a page that is not IAM Identity Center's).
 */
function interpretCallback(query, expectedState) {
    if (query.get('state') !== expectedState)
        return undefined;
    const error = query.get('error');
    if (error !== null)
        return { error: deniedOrFailed(error, query.get('error_description')) };
    const code = query.get('code');
    // Codes are opaque but bounded; anything else is not one to send on to CreateToken.
    if (code === null || !/^[\x21-\x7e]{1,4096}$/.test(code)) {
        return {
            error: new CallbackError(`The browser came back without an authorization code. ${AGAIN}.`),
        };
    }
    return { code };
}
function deniedOrFailed(error, description) {
    if (error === 'access_denied') {
        return new CallbackError(`The sign-in was denied in the browser (access_denied). ${AGAIN} and choose Allow, or ask your IAM Identity Center administrator for access.`);
    }
    const code = /^[a-z_]{1,64}$/.test(error) ? error : 'an unrecognised error';
    const detail = description ? `: ${printable(description)}` : '';
    return new CallbackError(`The sign-in page returned an error (${code}${detail}). ${AGAIN}.`);
}
/** A page's words, made safe for a terminal: printable ASCII only, one line, bounded. */
function printable(text) {
    const line = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
    return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
function timeoutError(timeoutMs, strays) {
    const refused = strays === 0
        ? ''
        : ` (${(0,plural/* byCount */.F)(strays, 'one callback', (0,plural/* plural */.L)(strays, 'callback'))} with a state that does not belong to this sign-in ${(0,plural/* byCount */.F)(strays, 'was', 'were')} refused: an old tab, or a page that is not IAM Identity Center's)`;
    return new CallbackError(`No sign-in came back from the browser within ${(0,relative_time/* describeWait */.N)(timeoutMs)}${refused}. ${AGAIN}; --timeout waits longer, and --use-device-code suits a machine whose browser cannot reach 127.0.0.1.`);
}
/** Starts listening on 127.0.0.1 at a port the system picks. */
async function startCallbackListener(options) {
    let settle;
    let expected;
    let strays = 0;
    const server = (0,external_node_http_.createServer)((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH)
            return notFound(res);
        if (!settle || expected === undefined)
            return page(res, 409, PAGES.notWaiting);
        const outcome = interpretCallback(url.searchParams, expected);
        if (!outcome) {
            strays += 1;
            return page(res, 400, PAGES.notThisSignIn);
        }
        const done = settle;
        settle = undefined;
        page(res, 'code' in outcome ? 200 : 400, 'code' in outcome ? PAGES.done : PAGES.failed, () => done(outcome));
    });
    await listen(server);
    const { port } = server.address();
    const close = async () => {
        settle?.({ error: new CallbackError(`Stopped waiting for the browser. ${AGAIN}.`) });
        settle = undefined;
        if (!server.listening)
            return;
        await new Promise((resolve) => server.close(() => resolve()));
    };
    const waitForCode = (state) => {
        expected = state;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => settle?.({ error: timeoutError(options.timeoutMs, strays) }), options.timeoutMs);
            settle = (outcome) => {
                clearTimeout(timer);
                settle = undefined;
                // Closes as soon as the answer is in: nothing else is ever served.
                void close();
                server.closeAllConnections();
                if ('code' in outcome)
                    resolve(outcome.code);
                else
                    reject(outcome.error);
            };
        });
    };
    return { port, redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, waitForCode, close };
}
function listen(server) {
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
        });
    });
}
/** Pages that send nothing anywhere else: no scripts, no links, no referrer, no caching. */
const HEADERS = {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
};
function html(title, text) {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>body{font-family:system-ui,sans-serif;margin:4em auto;max-width:34em;line-height:1.5}</style></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
}
/** Fixed texts: nothing from the request is ever reflected into a page. */
const PAGES = {
    done: html('Signed in', 'aws-sso-credentials has the sign-in it was waiting for. You may close this tab and return to the terminal.'),
    failed: html('Sign-in not completed', 'aws-sso-credentials did not get a sign-in it can use. The terminal says why; you may close this tab.'),
    notThisSignIn: html('Not this sign-in', 'This page does not belong to the sign-in aws-sso-credentials is waiting for (an old tab, or a link from elsewhere). It is still waiting: sign in on the page it opened.'),
    notWaiting: html('Not waiting', 'aws-sso-credentials is not waiting for a sign-in here. You may close this tab.'),
};
function page(res, status, body, then) {
    res.writeHead(status, { ...HEADERS, 'Content-Length': Buffer.byteLength(body) });
    res.end(body, then);
}
function notFound(res) {
    const body = 'Not found\n';
    res.writeHead(404, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        Connection: 'close',
    });
    res.end(body);
}

;// CONCATENATED MODULE: ./src/cli/login-flows.ts






function indented(url) {
    return `\n    ${url}\n\n`;
}
/** The authorization-code prompt: the URL always, so that a browser that did not open is no dead end. */
function authorizePrompt(url, opening, timeoutMs) {
    const lead = opening
        ? 'Opening the sign-in page in your browser. If it does not open, open this URL in a browser on this machine:'
        : 'To sign in, open this URL in a browser on this machine:';
    return `\n${lead}\n${indented(url)}Waiting for the sign-in (up to ${(0,relative_time/* describeWait */.N)(timeoutMs)})...\n`;
}
/** The device-code prompt: the page, and the code the page must show. */
function devicePrompt(device, opening) {
    const minutes = Math.max(1, Math.round(device.expiresInSeconds / 60));
    const lead = opening
        ? 'Opening the sign-in page in your browser. If it does not open, open this page in a browser (on any device) and approve the request:'
        : 'To sign in, open this page in a browser (on any device) and approve the request:';
    return [
        '',
        lead,
        '',
        `    ${device.verificationUriComplete ?? device.verificationUri}`,
        '',
        `The page must show this code: ${device.userCode}`,
        `Waiting for approval (the code expires in ${(0,plural/* plural */.L)(minutes, 'minute')})...`,
        '',
    ].join('\n');
}
/**
 * Opens the URL unless told not to, without holding up the sign-in: the wait for the browser
 * has already begun, and a browser may come back before its opener has even exited. Says so
 * when no browser could be started; the wait goes on either way.
 */
function offerBrowser(url, settings, io) {
    if (settings.noBrowser)
        return;
    void openBrowser(url, io.env).then((result) => {
        if (!result.opened) {
            io.err(`Could not open a browser (${result.reason}); open the URL above yourself.\n`);
        }
    });
}
/** Authorization code with PKCE: a loopback listener for the redirect, closed however it ends. */
async function authorizationCodeFlow(clients, settings, io, mask) {
    const listener = await startCallbackListener({ timeoutMs: settings.timeoutMs });
    try {
        const present = (url) => {
            io.err(authorizePrompt(url, !settings.noBrowser, settings.timeoutMs));
            offerBrowser(url, settings, io);
        };
        return await authorizationCodeLogin(clients.oidc, settings.request, listener, present, {
            mask,
            retry: clients.retry,
        });
    }
    finally {
        await listener.close();
    }
}
/** The device-authorization flow: the page and code on stderr, polling until approved. */
async function deviceCodeFlow(clients, settings, io, mask) {
    const prompt = (device) => {
        io.err(devicePrompt(device, !settings.noBrowser));
        offerBrowser(device.verificationUriComplete ?? device.verificationUri, settings, io);
    };
    return deviceLogin(clients.oidc, settings.request, prompt, {
        mask,
        retry: clients.retry,
        waitUntil: Date.now() + settings.timeoutMs,
        onPoll: (outcome, interval) => {
            if (outcome === 'slow_down')
                io.err(`Asked to poll more slowly: now every ${interval} s.\n`);
        },
    });
}

// EXTERNAL MODULE: ./src/disk/platform.ts
var disk_platform = __webpack_require__(6058);
;// CONCATENATED MODULE: ./src/cli/login-summary.ts


function when(date, now) {
    return date ? `${date.toISOString()} (${(0,relative_time/* timeUntil */.e)(date, now)})` : 'not reported by the service';
}
function whereWritten(destination, platform) {
    const lines = [];
    if (destination.file)
        lines.push(`Wrote the session document to ${destination.file} (${(0,disk_platform/* privateFileWording */.S)(platform)}).`);
    if (destination.secret)
        lines.push(`Stored the session document as the GitHub secret ${destination.secret}.`);
    if (lines.length === 0)
        lines.push('Printed the session document on stdout.');
    return lines;
}
/** The three lifetimes that decide when the stored secrets stop working, and what to do then. */
function lifetimes(session, now) {
    const access = `  access token         expires ${when(session.expiresAt, now)}`;
    if (!session.refreshToken) {
        return [
            `${access}; it cannot be renewed:`,
            '  IAM Identity Center issued no refresh token, so the document stops working then.',
        ];
    }
    return [
        `${access}; renewed with the refresh token`,
        '  refresh session      ends with the IAM Identity Center session duration (8 hours by default,',
        '                       up to 90 days; not reported by the service), or at sign-out: then run login again',
        `  client registration  expires ${when(session.registrationExpiresAt, now)}: then run login again`,
    ];
}
function secretAdvice(destination, region) {
    if (destination.secret)
        return [];
    const file = destination.file ?? 'FILE';
    return [
        '',
        'Store it as GitHub secrets, either the whole document as SSO_SESSION (input sso-session):',
        `  gh secret set SSO_SESSION < ${file}`,
        `or three of its values (inputs refresh-token, client-id, client-secret; sso-region: ${region ?? 'REGION'}):`,
        '  SSO_REFRESH_TOKEN  the value of "refreshToken"',
        '  SSO_CLIENT_ID      the value of "clientId"',
        '  SSO_CLIENT_SECRET  the value of "clientSecret"',
    ];
}
/** The lines `login` prints on stderr when it is done: names and times only, never a secret. */
function loginSummary(session, destination, now = new Date(), platform = process.platform) {
    return `\n${[
        `Signed in to ${session.startUrl} (${session.region}).`,
        ...whereWritten(destination, platform),
        ...lifetimes(session, now),
        ...secretAdvice(destination, session.region),
    ].join('\n')}\n`;
}

// EXTERNAL MODULE: ./src/cli/session-file.ts + 3 modules
var session_file = __webpack_require__(9618);
// EXTERNAL MODULE: ./src/cli/vocabulary.ts
var vocabulary = __webpack_require__(2916);
;// CONCATENATED MODULE: ./src/cli/login.ts












const OPTIONS = {
    'start-url': { type: 'string' },
    'sso-region': { type: 'string' },
    output: { type: 'string' },
    'client-name': { type: 'string' },
    'gh-secret': { type: 'string' },
    'use-device-code': { type: 'boolean' },
    'no-browser': { type: 'boolean' },
    timeout: { type: 'string' },
};
const DEFAULT_CLIENT_NAME = 'aws-sso-credentials';
/** As long as the AWS CLI waits for the browser, and as long as a device code lives. */
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
function isHttpsUrl(value) {
    try {
        return new URL(value).protocol === 'https:';
    }
    catch {
        return false;
    }
}
function checkFlags(values) {
    const startUrl = (0,cli_args/* requiredFlag */.SN)(values, 'start-url', 'login');
    const region = (0,cli_args/* requiredFlag */.SN)(values, 'sso-region', 'login');
    const clientName = (0,cli_args/* stringFlag */.AM)(values, 'client-name') ?? DEFAULT_CLIENT_NAME;
    const output = (0,cli_args/* stringFlag */.AM)(values, 'output');
    const ghSecret = (0,cli_args/* stringFlag */.AM)(values, 'gh-secret');
    (0,cli_args/* checkFormat */.KA)('start-url', startUrl, isHttpsUrl, 'must be your access portal URL, e.g. https://d-1234567890.awsapps.com/start');
    (0,cli_args/* checkFormat */.KA)('sso-region', region, validation/* isRegion */.Dp, 'must be an AWS region name such as us-east-1');
    (0,cli_args/* checkFormat */.KA)('client-name', clientName, (v) => /^[\x21-\x7e ]{1,128}$/.test(v), 'must be 1-128 printable ASCII characters');
    (0,cli_args/* checkFormat */.KA)('gh-secret', ghSecret, isSecretName, 'must be a GitHub secret name: letters, digits and _, not starting with a digit or GITHUB_');
    return {
        startUrl,
        region,
        clientName,
        useDeviceCode: values['use-device-code'] === true,
        noBrowser: values['no-browser'] === true,
        timeoutMs: (0,cli_args/* durationFlag */.h5)(values, 'timeout') ?? DEFAULT_TIMEOUT_MS,
        output,
        ghSecret,
    };
}
/**
 * The default sign-in needs a browser on this machine (it comes back to a listener on
 * 127.0.0.1): without one, say so at once rather than wait out the timeout.
 */
const HEADLESS = `No browser can be opened here (${NO_BROWSER_REASON}; an SSH session counts as no display). Sign in with --use-device-code: it shows a page and a code to approve in a browser on any device (or set BROWSER, or use --no-browser to open the URL on this machine yourself).`;
/**
 * `login`: the authorization code with PKCE (or, with --use-device-code, the device code), then
 * the document to its destinations.
 */
async function loginCommand(args, io, mask) {
    const values = (0,cli_args/* parseFlags */.bQ)('login', args, OPTIONS);
    if (values.help)
        return io.out(help/* LOGIN_HELP */._S);
    const flags = checkFlags(values);
    // Before the browser step rather than after it, when the document could not be written.
    if (flags.output)
        await (0,session_file/* checkSessionTarget */.C)(flags.output, '--output');
    if (flags.ghSecret)
        await checkGitHubCli(flags.ghSecret);
    const browser = !flags.noBrowser && canOpenBrowser(io.env);
    if (!flags.useDeviceCode && !flags.noBrowser && !browser)
        throw new errors/* UserError */.yo(HEADLESS);
    const flow = flags.useDeviceCode ? deviceCodeFlow : authorizationCodeFlow;
    const settings = { request: flags, noBrowser: !browser, timeoutMs: flags.timeoutMs };
    const session = await (0,vocabulary/* inCliWords */.fn)((0,vocabulary/* cliVocabulary */.Dp)(), () => (0,clients/* withClients */.Bv)(flags.region, (0,client_options/* cliClientOptions */.O)(io), (clients) => flow(clients, settings, io, mask)));
    const destination = await deliver(session, flags, io);
    io.err(loginSummary(session, destination));
}
/** To the file, to GitHub, or to stdout when neither was asked for (or the GitHub step failed). */
async function deliver(session, flags, io) {
    if (flags.output)
        await (0,session_file/* writeSessionFile */.s8)(flags.output, session);
    if (flags.ghSecret) {
        try {
            await setGitHubSecret(flags.ghSecret, (0,session_file/* sessionDocument */.KZ)(session).trimEnd());
        }
        catch (error) {
            if (flags.output)
                throw error;
            io.out((0,session_file/* sessionDocument */.KZ)(session));
            throw new errors/* UserError */.yo(`${(0,errors/* describeError */.Uc)(error)} The session document was printed on stdout instead.`);
        }
    }
    if (!flags.output && !flags.ghSecret)
        io.out((0,session_file/* sessionDocument */.KZ)(session));
    return { file: flags.output, secret: flags.ghSecret };
}


/***/ })

};
