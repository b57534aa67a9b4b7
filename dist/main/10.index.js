export const id = 10;
export const ids = [10];
export const modules = {

/***/ 3010:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishEndpoint: () => (/* binding */ publishEndpoint)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var core = __webpack_require__(716);
// EXTERNAL MODULE: ./src/runner/constants.ts
var constants = __webpack_require__(1871);
// EXTERNAL MODULE: ./src/runner/log.ts
var log = __webpack_require__(7708);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./src/runner/masking.ts
var masking = __webpack_require__(1762);
// EXTERNAL MODULE: ./src/shared/aws-env.ts
var aws_env = __webpack_require__(7182);
// EXTERNAL MODULE: ./src/shared/endpoint-protocol.ts
var endpoint_protocol = __webpack_require__(9673);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/disk/bounded-read.ts
var bounded_read = __webpack_require__(153);
;// CONCATENATED MODULE: ./src/action/endpoint-log.ts

/** The most of the endpoint's log file that is read back; its last part is what is shown. */
const MAX_LOG_FILE_BYTES = 1024 * 1024;
/**
 * The last `maxBytes` of the endpoint's log, read back as every file is (a later step may have
 * put a link, a FIFO or another user's file in its place): through the one bounded reader, a
 * private file of this user. Missing: ''; refused: why, in words. Neutralised by the log.
 */
async function readEndpointLog(file, maxBytes) {
    const read = await (0,bounded_read/* readBounded */.CB)(file, {
        maxBytes: MAX_LOG_FILE_BYTES,
        ownUser: true,
        forbiddenModeBits: 0o077,
    });
    if (read.kind === 'missing')
        return '';
    if (read.kind === 'refused')
        return `(not read: ${read.reason})`;
    return read.text.slice(-maxBytes);
}

// EXTERNAL MODULE: ./src/action/renewal.ts + 1 modules
var action_renewal = __webpack_require__(1349);
;// CONCATENATED MODULE: ./src/action/endpoint.ts















/**
 * renew-credentials: endpoint, the main step's half. The session goes to a detached process
 * (dist/main/endpoint/) through its stdin, never argv, the environment or a file; the step waits
 * only for the port it listens on, then exports the container credential provider's two
 * variables. The post step closes it (close-endpoint.ts) with a control secret kept in the
 * step's state, never in the job's environment.
 */
/** How long the step waits for the endpoint to say it listens. */
const HANDSHAKE_DEADLINE_MS = 15_000;
/** Variables the endpoint does not get: the step's inputs, the runner's tokens. */
const WITHHELD_VARIABLE = /^(INPUT_|STATE_|ACTIONS_(RUNTIME|ID_TOKEN|CACHE|RESULTS)_)/;
const ContainerEnv = {
    FullUri: 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    AuthorizationToken: 'AWS_CONTAINER_AUTHORIZATION_TOKEN',
};
const secret = () => (0,external_node_crypto_.randomBytes)(32).toString('hex');
/** Starts the endpoint for `roles` and waits for its port; the secrets are masked first. */
async function startEndpoint(settings, renewal, token, roles) {
    const [authorization, control, seal] = [secret(), secret(), secret()];
    for (const value of [authorization, control, seal])
        (0,masking/* maskInLogs */.pI)(value);
    const launch = {
        version: 1,
        ssoRegion: settings.ssoRegion,
        token: launchToken(settings, renewal, token),
        roles: roles.map(launchRole),
        authorization,
        control,
        seal,
        transport: {
            maxAttempts: settings.maxAttempts,
            ...(settings.proxy
                ? { proxy: { url: settings.proxy.url.href, noProxy: settings.proxy.noProxy } }
                : {}),
        },
    };
    const logFile = (0,external_node_path_.join)((0,external_node_path_.resolve)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)()), `aws-sso-credentials-endpoint-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}.log`);
    const { pid, port } = await spawnEndpoint(launch, logFile);
    const url = `http://127.0.0.1:${port}${endpoint_protocol/* CREDENTIALS_PATH */.xo}`;
    return { url, authorization, state: { port, control, seal, logFile, pid } };
}
function launchToken(settings, renewal, token) {
    const grant = renewal.holdsRefreshToken ? (0,action_renewal/* refreshGrantOf */.dn)(settings.tokenSource) : undefined;
    const registration = token.registrationExpiresAt ?? grantRegistration(settings);
    return {
        accessToken: token.accessToken,
        ...(token.expiresAt ? { expiresAt: token.expiresAt.toISOString() } : {}),
        ...(grant
            ? {
                refresh: {
                    refreshToken: token.rotatedRefreshToken ?? grant.refreshToken,
                    clientId: grant.clientId,
                    clientSecret: grant.clientSecret,
                    ...(registration ? { registrationExpiresAt: registration.toISOString() } : {}),
                },
            }
            : {}),
    };
}
function grantRegistration(settings) {
    const { tokenSource } = settings;
    return tokenSource.kind === 'sso-session' ? tokenSource.session.registrationExpiresAt : undefined;
}
function launchRole(role) {
    const current = {
        AccessKeyId: role.credentials.accessKeyId,
        SecretAccessKey: role.credentials.secretAccessKey,
        Token: role.credentials.sessionToken,
        Expiration: role.credentials.expiration.toISOString(),
        AccountId: role.servedAccountId,
    };
    return {
        key: role.key,
        accountId: role.accountId,
        roleName: role.roleName,
        ...(role.chain ? { chain: role.chain } : {}),
        current,
    };
}
/** The bundle next to this one: dist/main/endpoint/index.js. */
function endpointScript() {
    return (0,external_node_path_.join)((0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url)), 'endpoint', 'index.js');
}
/** The step's environment without its inputs and the runner's tokens; RUNNER_TRACKING_ID stays. */
function endpointEnvironment(env = process.env) {
    return Object.fromEntries(Object.entries(env).filter(([name]) => !WITHHELD_VARIABLE.test(name.toUpperCase())));
}
/**
 * Spawns the endpoint detached, with no handle of the step's (stdout and stderr go to the 0600
 * log file; the runner waits for a step's pipes), writes the launch document to its stdin and
 * reads the port from fd 3, which the endpoint closes right after.
 */
async function spawnEndpoint(launch, logFile) {
    const logFd = (0,external_node_fs_.openSync)(logFile, 'wx', 0o600);
    let child;
    try {
        child = (0,external_node_child_process_.spawn)(process.execPath, [endpointScript()], {
            detached: true,
            windowsHide: true,
            stdio: ['pipe', logFd, logFd, 'pipe'],
            env: endpointEnvironment(),
        });
    }
    finally {
        (0,external_node_fs_.closeSync)(logFd);
    }
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(`${JSON.stringify(launch)}\n`);
    try {
        const port = await readHandshake(child);
        return { pid: child.pid ?? 0, port };
    }
    catch (error) {
        child.kill('SIGKILL');
        const logged = (await readEndpointLog(logFile, 4096)).trim() || '(empty)';
        throw new errors/* UserError */.yo(`The credential endpoint did not start (${error instanceof Error ? error.message : String(error)}). Its log: ${logged}`);
    }
    finally {
        child.stdin?.destroy();
        child.stdio[3]?.destroy();
        child.unref();
    }
}
function readHandshake(child) {
    const pipe = child.stdio[3];
    return new Promise((resolvePort, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`no port within ${HANDSHAKE_DEADLINE_MS / 1000} s`)), HANDSHAKE_DEADLINE_MS);
        const settle = () => {
            clearTimeout(timer);
            const port = Number(endpoint_protocol/* HANDSHAKE */.QK.exec(text)?.[1]);
            if (port > 0 && port < 65536)
                resolvePort(port);
            else
                reject(new Error('it exited before it listened'));
        };
        if (!pipe)
            return reject(new Error('no handshake pipe'));
        pipe.on('data', (chunk) => {
            text += chunk.toString('utf8');
            if (text.length > 64)
                settle();
        });
        pipe.on('end', settle);
        pipe.on('error', settle);
        child.once('error', (error) => {
            clearTimeout(timer);
            reject(error);
        });
    });
}
const STATIC_KEYS = [
    aws_env/* AwsEnv */.N.AccessKeyId,
    aws_env/* AwsEnv */.N.SecretAccessKey,
    aws_env/* AwsEnv */.N.SessionToken,
    aws_env/* AwsEnv */.N.CredentialExpiration,
];
/**
 * The container credential provider's variables for the rest of the job. Keys an earlier step
 * exported come before the provider in every SDK's chain: cleared. An earlier AWS_PROFILE comes
 * first too, and an empty one fails the AWS CLI v2 and botocore: it names `replacesProfile`, a
 * credential_process profile that asks the endpoint. The log says what changed.
 */
function exportEndpoint(started, replacesProfile) {
    const cleared = STATIC_KEYS.filter((name) => (process.env[name] ?? '') !== '');
    for (const name of cleared)
        core/* exportVariable */.dN(name, '');
    core/* exportVariable */.dN(ContainerEnv.FullUri, started.url);
    core/* exportVariable */.dN(ContainerEnv.AuthorizationToken, started.authorization);
    if (cleared.length > 0) {
        log/* info */.pq(`Cleared ${cleared.join(', ')} for the rest of the job: an earlier step set them, and they would take precedence over the credential endpoint.`);
    }
    if (replacesProfile) {
        core/* exportVariable */.dN(aws_env/* AwsEnv */.N.Profile, replacesProfile);
        log/* info */.pq(`AWS_PROFILE, which an earlier step set, now names profile '${replacesProfile}', whose credential_process asks the credential endpoint (an empty AWS_PROFILE would fail the AWS CLI and botocore).`);
    }
    log/* info */.pq(`Exported ${ContainerEnv.FullUri}=${started.url} and ${ContainerEnv.AuthorizationToken} (masked): the job's AWS tools get renewed credentials from the endpoint until the post step stops it.`);
}
/** The post step's way back to the endpoint: in the step's state, which later steps never see. */
function saveEndpointState(state) {
    core/* saveState */.LZ(constants/* StateKeys */.I6.Endpoint, JSON.stringify(state));
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/disk/credentials-file.ts
var credentials_file = __webpack_require__(8950);
// EXTERNAL MODULE: ./src/action/write-profiles.ts + 2 modules
var write_profiles = __webpack_require__(6977);
;// CONCATENATED MODULE: ./src/action/endpoint-profiles.ts








/** Characters a path may not have inside the double quotes of a credential_process line. */
const UNQUOTABLE = process.platform === 'win32' ? /["\r\n]/ : /["\\$`\r\n]/;
function clientScript() {
    return (0,external_node_path_.join)((0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url)), 'credential-process', 'index.js');
}
const quoted = (value) => {
    if (UNQUOTABLE.test(value)) {
        throw new errors/* UserError */.yo(`Cannot write a credential_process line for ${value}: the path holds a quote, backslash, '$' or backtick.`);
    }
    return `"${value}"`;
};
/**
 * Writes the address file and the profiles (all or none, with the state the post step removes
 * them by); returns the address file, which the post step deletes.
 */
async function writeEndpointProfiles(started, profiles, settings) {
    const region = settings.awsRegion;
    const addressFile = (0,external_node_path_.join)((0,external_node_path_.resolve)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)()), `aws-sso-credentials-endpoint-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}.json`);
    const address = { url: started.url, authorization: started.authorization };
    await (0,promises_.writeFile)(addressFile, JSON.stringify(address), { mode: 0o600, flag: 'wx' });
    const stepId = (0,external_node_crypto_.randomBytes)(6).toString('hex');
    const owner = `# written by aws-sso-credentials (${stepId}); its post step removes it`;
    const command = [process.execPath, clientScript(), addressFile].map(quoted).join(' ');
    const sections = profiles.map(({ profile, key }) => ({
        name: profile === 'default' ? 'default' : `profile ${profile}`,
        lines: [
            owner,
            `credential_process = ${command} ${quoted(key)}`,
            ...(region ? [`region = ${region}`] : []),
        ],
        ownerLine: owner,
    }));
    try {
        await (0,write_profiles/* writeProfiles */.s)([{ file: (0,credentials_file/* configFilePath */.ks)(), sections, credentials: false }], settings);
    }
    catch (error) {
        await (0,promises_.unlink)(addressFile).catch(() => undefined);
        throw error;
    }
    return addressFile;
}

;// CONCATENATED MODULE: ./src/action/endpoint-publish.ts





/**
 * Gives the job the credential endpoint: started, its profiles written (when asked), its state
 * saved for the post step, then the variables exported. A failure after the start stops it.
 */
async function publishEndpoint(settings, renewal, token, roles, options) {
    const started = await startEndpoint(settings, renewal, token, roles);
    try {
        const addressFile = options.profiles.length > 0
            ? await writeEndpointProfiles(started, options.profiles, settings)
            : undefined;
        saveEndpointState({ ...started.state, ...(addressFile ? { addressFile } : {}) });
    }
    catch (error) {
        stopEndpoint(started.state.pid);
        throw error;
    }
    if (options.exportEnv)
        exportEndpoint(started, options.replacesProfile);
    const until = sessionEnd(settings, renewal, token);
    if (until)
        core/* setOutput */.uH(constants/* Outputs */.tY.SessionExpiration, until.toISOString());
    if (!renewal.holdsRefreshToken || settings.tokenSource.kind === 'access-token') {
        const why = renewal.holdsRefreshToken
            ? ''
            : ` ('${constants/* Inputs */.G0.TokenHandoff}': only the job that refreshes holds the refresh token)`;
        log/* info */.pq(`The endpoint renews credentials until the access token expires${until ? ` at ${until.toISOString()}` : ''}${why}.`);
    }
}
/** Until when the endpoint can renew: the registration's end when known, or the access token's. */
function sessionEnd(settings, renewal, token) {
    const { tokenSource } = settings;
    if (tokenSource.kind === 'access-token')
        return undefined;
    if (!renewal.holdsRefreshToken)
        return token.expiresAt;
    return (token.registrationExpiresAt ??
        (tokenSource.kind === 'sso-session' ? tokenSource.session.registrationExpiresAt : undefined));
}
function stopEndpoint(pid) {
    try {
        process.kill(pid);
    }
    catch {
        // gone already
    }
}


/***/ })

};
