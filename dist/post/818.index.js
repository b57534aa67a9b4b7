export const id = 818;
export const ids = [818];
export const modules = {

/***/ 8818:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  closeEndpoint: () => (/* binding */ closeEndpoint)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/runner/log.ts
var log = __webpack_require__(7708);
// EXTERNAL MODULE: ./src/runner/masking.ts
var masking = __webpack_require__(1762);
;// CONCATENATED MODULE: ./src/shared/endpoint-protocol.ts
/**
 * What the action step and its credential endpoint (src/endpoint/, a detached process) say to
 * each other: the launch document the step writes to the endpoint's stdin (one JSON line, then
 * EOF), the handshake line the endpoint writes to its pipe (fd 3) once it listens, the paths it
 * serves, and the address file the credential_process client reads. Front ends never import each
 * other, so this contract sits below both.
 */
/** The role served at CREDENTIALS_PATH itself (account-id and role-name). */
const DEFAULT_ROLE_KEY = '';
/** Where clients ask: `http://127.0.0.1:PORT/aws-sso-credentials/credentials[/PROFILE]`. */
const CREDENTIALS_PATH = '/aws-sso-credentials/credentials';
/** The post step's request: the final token state, then the endpoint stops. */
const CLOSE_PATH = '/aws-sso-credentials/control/close';
/** The header of the close answer: HMAC-SHA256(seal, nonce + body), hex. */
const PROOF_HEADER = 'x-aws-sso-credentials-proof';
/** The header of the close request: a fresh nonce the proof covers. */
const NONCE_HEADER = 'x-aws-sso-credentials-nonce';
/** The one line the endpoint writes to fd 3 once it listens, then closes the pipe. */
const handshakeLine = (port) => `listening on port ${port}\n`;
const HANDSHAKE = /^listening on port (\d{1,5})\n$/;
/** The most a launch document may weigh: far more than 1,000 profiles take. */
const MAX_LAUNCH_BYTES = (/* unused pure expression or super */ null && (4 * 1024 * 1024));

// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/steps/rotation.ts
var rotation = __webpack_require__(4529);
// EXTERNAL MODULE: ./src/steps/token-inputs.ts + 1 modules
var token_inputs = __webpack_require__(7038);
// EXTERNAL MODULE: ./src/disk/bounded-read.ts + 1 modules
var bounded_read = __webpack_require__(9016);
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

;// CONCATENATED MODULE: ./src/action/close-endpoint.ts













/**
 * The post step's half of renew-credentials: endpoint. A control request only this step can make
 * (the control secret is in its state) takes the endpoint's final token state, proven by an HMAC
 * with a second secret the request never carries, and stops it; a refresh token the endpoint's
 * own refresh rotated is written back (only a token the service issued: the endpoint got it from
 * the service). Then the endpoint's log is printed in a group, and its files are removed.
 * Nothing here fails the step: trouble is a warning.
 */
const CLOSE_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 64 * 1024;
const MAX_LOG_BYTES = 256 * 1024;
const PORT_CLOSED_WITHIN_MS = 5_000;
async function closeEndpoint(text) {
    (0,token_inputs/* maskTokenInputs */.jW)();
    const state = parseState(text);
    if (!state) {
        log/* warning */.$e("The post step cannot read the credential endpoint's state; it was not closed.");
        return;
    }
    for (const value of [state.control, state.seal])
        (0,masking/* maskInLogs */.pI)(value);
    try {
        const answer = await askToClose(state);
        if (answer.rotated)
            await writeBack(answer.rotated);
        await waitUntilClosed(state.port);
        log/* info */.pq(`Stopped the credential endpoint on 127.0.0.1:${state.port}.`);
    }
    catch (error) {
        log/* warning */.$e(`The credential endpoint on 127.0.0.1:${state.port} did not answer the post step (${(0,errors/* describeError */.Uc)(error)}); it had stopped already (see its log), or the runner stops it at the end of the job.`);
    }
    await printLog(state.logFile);
    for (const file of [state.logFile, state.addressFile]) {
        if (file)
            await (0,promises_.unlink)(file).catch(() => undefined);
    }
}
async function writeBack(rotated) {
    for (const value of [rotated.refreshToken, rotated.accessToken])
        (0,masking/* maskInLogs */.pI)(value);
    try {
        await (0,rotation/* surfaceRotationAfterJob */.Jr)((0,token_inputs/* getTokenSettings */.nP)(), {
            accessToken: rotated.accessToken,
            expiresAt: new Date(rotated.expiresAt),
            rotatedRefreshToken: rotated.refreshToken,
        });
    }
    catch (error) {
        log/* warning */.$e(`The credential endpoint rotated the refresh token, and the post step could not write it back: ${(0,errors/* describeError */.Uc)(error)}`);
    }
}
/** The state as the main step saved it; files only under RUNNER_TEMP. */
function parseState(text) {
    let state;
    try {
        state = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    const secret = (value) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
    const port = state?.port;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        return undefined;
    if (!secret(state.control) || !secret(state.seal))
        return undefined;
    if (!inRunnerTemp(state.logFile))
        return undefined;
    if (state.addressFile !== undefined && !inRunnerTemp(state.addressFile))
        return undefined;
    return state;
}
function inRunnerTemp(path) {
    if (typeof path !== 'string' || !(0,external_node_path_.isAbsolute)(path))
        return false;
    const inside = (0,external_node_path_.relative)((0,external_node_path_.resolve)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)()), (0,external_node_path_.resolve)(path));
    return inside !== '' && !inside.startsWith('..') && !(0,external_node_path_.isAbsolute)(inside);
}
/** POST to the control path; the answer counts only with the seal's HMAC over our nonce. */
function askToClose(state) {
    const nonce = (0,external_node_crypto_.randomBytes)(32).toString('hex');
    return new Promise((resolveAnswer, reject) => {
        const call = (0,external_node_http_.request)({
            host: '127.0.0.1',
            port: state.port,
            path: CLOSE_PATH,
            method: 'POST',
            headers: { authorization: state.control, [NONCE_HEADER]: nonce, 'content-length': '0' },
            timeout: CLOSE_TIMEOUT_MS,
        });
        call.on('timeout', () => call.destroy(new Error('no answer in time')));
        call.on('error', reject);
        call.on('response', (response) => {
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size > MAX_ANSWER_BYTES)
                    call.destroy(new Error('the answer is too large'));
                else
                    chunks.push(chunk);
            });
            response.on('error', reject);
            response.on('end', () => {
                const body = Buffer.concat(chunks).toString('utf8');
                const proof = response.headers[PROOF_HEADER];
                if (response.statusCode !== 200 || !proven(state.seal, nonce, body, proof)) {
                    reject(new Error(`answered ${response.statusCode} without the endpoint's proof`));
                    return;
                }
                resolveAnswer(closeAnswerOf(body));
            });
        });
        call.end();
    });
}
function proven(seal, nonce, body, proof) {
    if (typeof proof !== 'string' || !/^[0-9a-f]{64}$/.test(proof))
        return false;
    const expected = (0,external_node_crypto_.createHmac)('sha256', seal).update(nonce).update(body).digest();
    return (0,external_node_crypto_.timingSafeEqual)(expected, Buffer.from(proof, 'hex'));
}
const TOKEN = /^[A-Za-z0-9+/=._:-]{16,8192}$/;
function closeAnswerOf(body) {
    const answer = JSON.parse(body);
    const rotated = answer?.rotated;
    if (!rotated)
        return {};
    const valid = typeof rotated.refreshToken === 'string' &&
        TOKEN.test(rotated.refreshToken) &&
        typeof rotated.accessToken === 'string' &&
        TOKEN.test(rotated.accessToken) &&
        !Number.isNaN(Date.parse(rotated.expiresAt));
    if (!valid)
        throw new Error('its final token state is not in the expected shape');
    return { rotated };
}
/** Resolves once nothing accepts connections on the port (the endpoint exited). */
async function waitUntilClosed(port) {
    const until = Date.now() + PORT_CLOSED_WITHIN_MS;
    while (Date.now() < until) {
        if (!(await accepts(port)))
            return;
        await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    throw new Error('the port is still open');
}
function accepts(port) {
    return new Promise((resolveAccepts) => {
        const socket = (0,external_node_net_.connect)({ host: '127.0.0.1', port });
        socket.once('connect', () => {
            socket.destroy();
            resolveAccepts(true);
        });
        socket.once('error', () => resolveAccepts(false));
    });
}
/** The endpoint's log, in a group: each line withheld of secrets and neutralised by log.ts. */
async function printLog(file) {
    const text = await readEndpointLog(file, MAX_LOG_BYTES);
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0)
        return;
    log/* group */.Os('The credential endpoint’s log', lines);
}


/***/ })

};
