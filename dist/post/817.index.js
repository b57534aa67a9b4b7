<<<<<<<< HEAD:dist/post/817.index.js
export const id = 817;
export const ids = [817];
export const modules = {

/***/ 8817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  closeSession: () => (/* binding */ closeSession)
});

// EXTERNAL MODULE: ./src/disk/files.ts
var files = __webpack_require__(7262);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/shared/hash.ts
var hash = __webpack_require__(9913);
// EXTERNAL MODULE: ./src/disk/bounded-read.ts + 1 modules
var bounded_read = __webpack_require__(9016);
// EXTERNAL MODULE: ./src/disk/config-files.ts
var config_files = __webpack_require__(2445);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
;// CONCATENATED MODULE: ./src/disk/own-directories.ts





/**
 * The directories the step writes secrets into must be its user's own, as ssh's StrictModes
 * demands of ~/.ssh: whoever else may write to one can swap the token cache for a file of theirs
 * between the main and the post step, or read the token through a link planted beforehand. So
 * each of ~/.aws, ~/.aws/sso and ~/.aws/sso/cache that exists must be a directory of this user
 * that neither group nor others may write to; one that does not exist is created 0700. On
 * Windows, stat reports neither owner nor a meaningful mode (platform.ts): there each must only
 * be a directory, and the user profile's access control list protects it.
 */
/** ~/.aws, ~/.aws/sso and ~/.aws/sso/cache, outermost first. */
function tokenCacheDirectories(env = process.env) {
    const aws = join(awsHomeDirectory(env), '.aws');
    return [aws, join(aws, 'sso'), join(aws, 'sso', 'cache')];
}
/** Throws a UserError naming the first directory that is not the step's own, and the fix. */
async function own_directories_checkOwnDirectories(directories = tokenCacheDirectories()) {
    for (const directory of directories) {
        const problem = await directoryProblem(directory);
        if (problem) {
            throw new UserError(`${directory} ${problem}: a later step or another user could change the token cache this step writes under it. Remove it, or make it yours and writable by you alone (chown $(id -u) '${directory}' && chmod go-w '${directory}').`);
        }
    }
}
async function directoryProblem(directory) {
    const link = await lstat(directory).catch(missingIsUndefined);
    if (!link)
        return undefined;
    const uid = modeBitsProtect() ? process.geteuid?.() : undefined;
    if (link.isSymbolicLink() && uid !== undefined && link.uid !== uid) {
        return `is a symbolic link of another user (uid ${link.uid})`;
    }
    const target = link.isSymbolicLink() ? await stat(directory).catch(missingIsUndefined) : link;
    if (!target)
        return 'is a symbolic link to nothing';
    return ownershipProblem(target, uid);
}
/** The directory's own fault, by its stat: not a directory, another's, writable by others. */
function ownershipProblem(stats, uid) {
    if (!stats.isDirectory())
        return 'is not a directory';
    if (uid === undefined)
        return undefined; // Windows: the profile's ACL decides
    if (stats.uid !== uid)
        return `belongs to another user (uid ${stats.uid})`;
    if ((stats.mode & 0o022) !== 0) {
        return `can be written by other users (mode ${(stats.mode & 0o7777).toString(8).padStart(4, '0')})`;
    }
    return undefined;
}
function missingIsUndefined(error) {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR')
        return undefined;
    throw error;
}

;// CONCATENATED MODULE: ./src/disk/token-cache.ts







/**
 * The AWS SDKs' SSO token cache: `~/.aws/sso/cache/<sha1 of the sso-session name>.json`, the
 * document botocore, the AWS CLI v2 and the JS SDK v3 read an `sso_session` profile's access
 * token from, refresh it with, and write a refreshed (and rotated) token back to. Also the AWS
 * CLI's own cache of the role credentials it got for such a profile, and of those of a role it
 * assumed from one (`~/.aws/cli/cache`).
 */
/** Far above any real cache document (a few kilobytes); a bigger file is not ours. */
const MAX_CACHE_BYTES = 256 * 1024;
function cacheDirectory(env) {
    return (0,external_node_path_.join)((0,config_files/* awsHomeDirectory */.gz)(env), '.aws', 'sso', 'cache');
}
/** Where the SDKs look for the token of sso-session `name` (botocore and JS name it alike). */
function token_cache_tokenCachePath(name, env = process.env) {
    return (0,external_node_path_.join)(cacheDirectory(env), `${(0,hash/* sha1Hex */.Ru)(name)}.json`);
}
/**
 * Where the AWS CLI v2 caches the role credentials of an sso-session profile: the SHA-1 of
 * `{"accountId","roleName","sessionName"}` as compact JSON with sorted keys (botocore's
 * SSOCredentialFetcher cache key), under ~/.aws/cli/cache.
 */
function cliCredentialsCachePath(name, target, env = process.env) {
    const key = JSON.stringify({
        accountId: target.accountId,
        roleName: target.roleName,
        sessionName: name,
    });
    return (0,external_node_path_.join)(cliCacheDirectory(env), `${(0,hash/* sha1Hex */.Ru)(key)}.json`);
}
/**
 * Where the AWS CLI v2 caches the credentials of a role it assumed for a profile with `role_arn`
 * (botocore's AssumeRoleCredentialFetcher cache key): the SHA-1 of the AssumeRole arguments,
 * RoleSessionName included when the profile names it, as Python's `json.dumps(sort_keys=True)`
 * writes them (separators `, ` and `: `), under ~/.aws/cli/cache. Every value passed its input's
 * check (ASCII, no quote or backslash), so JSON.stringify escapes each as Python does.
 */
function cliAssumedRoleCachePath(args, env = process.env) {
    const fields = {
        DurationSeconds: args.durationSeconds,
        ...(args.externalId === undefined ? {} : { ExternalId: args.externalId }),
        RoleArn: args.roleArn,
        RoleSessionName: args.sessionName,
    };
    const key = `{${Object.keys(fields)
        .sort()
        .map((name) => `${JSON.stringify(name)}: ${JSON.stringify(fields[name])}`)
        .join(', ')}}`;
    return (0,external_node_path_.join)(cliCacheDirectory(env), `${(0,hash/* sha1Hex */.Ru)(key)}.json`);
}
const cliCacheDirectory = (env) => (0,external_node_path_.join)((0,config_files/* awsHomeDirectory */.gz)(env), '.aws', 'cli', 'cache');
/**
 * Writes the document in one atomic write, mode 0600, creating the directories 0700. A
 * directory that is already there keeps its mode (it may be the user's own `aws sso login`
 * cache), if it is the step's own (own-directories.ts; checked before any request too).
 */
async function token_cache_writeTokenCache(path, document) {
    const cache = dirname(path);
    await checkOwnDirectories([dirname(dirname(cache)), dirname(cache), cache]);
    await mkdir(cache, { recursive: true, mode: 0o700 });
    await writeAtomically(path, `${document}\n`, { mode: 0o600 });
}
/**
 * The document as the job's tools left it (bounded-read.ts): a regular file, not a link, of this
 * user, 0600 as the step wrote it, of reasonable size; what is wrong is said without quoting it.
 */
async function readTokenCache(path) {
    const read = await (0,bounded_read/* readBounded */.CB)(path, {
        maxBytes: MAX_CACHE_BYTES,
        ownUser: true,
        forbiddenModeBits: 0o077,
    });
    if (read.kind === 'refused')
        return { kind: 'unusable', reason: read.reason };
    return read.kind === 'read' ? { kind: 'read', text: read.text } : read;
}
/** Deletes a cache file; true when there was one. */
async function token_cache_removeCacheFile(path) {
    try {
        await (0,promises_.unlink)(path);
        return true;
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return false;
        throw error;
    }
}

// EXTERNAL MODULE: ./src/runner/log.ts
var runner_log = __webpack_require__(7708);
// EXTERNAL MODULE: ./src/sso/response-shapes.ts
var response_shapes = __webpack_require__(2223);
// EXTERNAL MODULE: ./src/sso/session.ts
var sso_session = __webpack_require__(3027);
// EXTERNAL MODULE: ./src/steps/rotation.ts
var rotation = __webpack_require__(4529);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var lib_core = __webpack_require__(716);
// EXTERNAL MODULE: ./src/runner/constants.ts
var constants = __webpack_require__(1871);
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
    const secretName = lib_core/* getInput */.V4(constants/* Inputs */.G0.UpdateSecret);
    if (!secretName) {
        refuseWithoutSecret(constants/* Inputs */.G0.GithubToken);
        refuseWithoutSecret(constants/* Inputs */.G0.UpdateSecretEnvironment);
        return undefined;
    }
    checkSecretName(secretName);
    checkRotatable(source);
    const githubToken = lib_core/* getInput */.V4(constants/* Inputs */.G0.GithubToken);
    if (!githubToken) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.GithubToken, `is required with '${constants/* Inputs */.G0.UpdateSecret}': a fine-grained personal access token or GitHub App token with the repository permission "Secrets: write" (the workflow's GITHUB_TOKEN cannot write secrets)`);
    }
    const environment = lib_core/* getInput */.V4(constants/* Inputs */.G0.UpdateSecretEnvironment);
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
    if (lib_core/* getInput */.V4(input)) {
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
        (source.kind === 'sso-session' && (0,sso_session/* canRefresh */.K8)(source.session));
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
    (0,masking/* maskProxyCredentials */.P_)(lib_core/* getInput */.V4(constants/* Inputs */.G0.HttpProxy) || (0,proxy/* proxyFromEnvironment */.GG)(), mask);
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
    const given = [constants/* Inputs */.G0.AccessToken, constants/* Inputs */.G0.RefreshToken, constants/* Inputs */.G0.SsoSession].filter((name) => lib_core/* getInput */.V4(name));
    if (given.length === 0) {
        checkClientInputsAlone();
        throw new errors/* UserError */.yo(`No token given: set one of '${constants/* Inputs */.G0.AccessToken}', '${constants/* Inputs */.G0.RefreshToken}' (with '${constants/* Inputs */.G0.ClientId}' and '${constants/* Inputs */.G0.ClientSecret}') or '${constants/* Inputs */.G0.SsoSession}'.`);
    }
    if (given.length > 1) {
        throw new errors/* UserError */.yo(`Give only one token source; got '${given.join("' and '")}'.`);
    }
    checkClientInputs(given[0] === constants/* Inputs */.G0.RefreshToken);
    if (given[0] === constants/* Inputs */.G0.AccessToken) {
        return { kind: 'access-token', accessToken: lib_core/* getInput */.V4(constants/* Inputs */.G0.AccessToken) };
    }
    if (given[0] === constants/* Inputs */.G0.RefreshToken) {
        return {
            kind: 'refresh-token',
            refreshToken: lib_core/* getInput */.V4(constants/* Inputs */.G0.RefreshToken),
            clientId: lib_core/* getInput */.V4(constants/* Inputs */.G0.ClientId),
            clientSecret: lib_core/* getInput */.V4(constants/* Inputs */.G0.ClientSecret),
        };
    }
    return { kind: 'sso-session', session: readSsoSession() };
}
/** The sso-session document; what is wrong with it is an error about the input. */
function readSsoSession() {
    try {
        return (0,sso_session/* parseSsoSession */.t0)(lib_core/* getInput */.V4(constants/* Inputs */.G0.SsoSession));
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
    const given = [constants/* Inputs */.G0.ClientId, constants/* Inputs */.G0.ClientSecret].filter((name) => lib_core/* getInput */.V4(name));
    if (given.length === 0)
        return;
    throw new errors/* InputError */.dz(constants/* Inputs */.G0.RefreshToken, `is empty, but '${given.join("' and '")}' ${(0,plural/* byCount */.F)(given.length, 'is', 'are')} set${UNSET}`);
}
/** client-id and client-secret belong with refresh-token, and only there. */
function checkClientInputs(usingRefreshToken) {
    for (const input of [constants/* Inputs */.G0.ClientId, constants/* Inputs */.G0.ClientSecret]) {
        const present = lib_core/* getInput */.V4(input) !== '';
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
    const value = lib_core/* getInput */.V4(constants/* Inputs */.G0.TokenHandoff);
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
    const input = lib_core/* getInput */.V4(constants/* Inputs */.G0.HttpProxy);
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

// EXTERNAL MODULE: ./src/time/deadline.ts
var time_deadline = __webpack_require__(793);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/disk/credentials-file.ts
var credentials_file = __webpack_require__(8950);
// EXTERNAL MODULE: ./src/shared/aws-env.ts
var aws_env = __webpack_require__(7182);
// EXTERNAL MODULE: ./src/disk/file-lock.ts
var file_lock = __webpack_require__(5151);
;// CONCATENATED MODULE: ./src/disk/profile-config.ts



/**
 * The config file's part of writing profiles: the region when there is one, and the keys that
 * would send a profile's credentials elsewhere set aside (CREDENTIAL_SOURCE_KEYS). A profile whose
 * config section the AWS CLI reads as SSO or an assumed role would otherwise ignore the
 * credentials this step wrote, while the log said they were written.
 */
function configFileEdit(profiles, region) {
    // Random per step: the post step takes back only the sections that carry it.
    const stepId = randomBytes(6).toString('hex');
    return {
        file: configFilePath(),
        sections: profiles.flatMap((profile) => configSections(profile, region, stepId)),
        credentials: false,
        // Without a region there is nothing to add: only a real file can hold keys to set aside.
        ...(region ? {} : { onlyRegularFile: true }),
    };
}
/** One warning per section whose credential-source keys the write set aside, naming them. */
function profile_config_setAsideWarnings(file) {
    return file.sections.flatMap(({ name, replaced }) => {
        const keys = setAsideKeys(replaced ?? []);
        if (keys.length === 0)
            return [];
        const they = byCount(keys.length, 'it', 'them');
        return [
            `[${name}] in ${file.file} sets ${keys.join(', ')}, which the AWS tools would use instead of the credentials this step wrote: set aside for this job; the post step puts ${they} back.`,
        ];
    });
}
/** The credential-source keys the replaced text set, each once, in file order, lower case. */
function setAsideKeys(replaced) {
    const keys = new Set();
    for (const line of replaced.join('').split(/\r?\n/)) {
        if (!setsKey(line, CREDENTIAL_SOURCE_KEYS))
            continue;
        keys.add((/^\s*([^=:\s]+)/.exec(line)?.[1] ?? '').toLowerCase());
    }
    return [...keys];
}

;// CONCATENATED MODULE: ./src/disk/shared-files.ts







/** The write failed; `warnings` name what could not be taken back (and who will clean it). */
class shared_files_SharedFilesError extends errors/* UserError */.yo {
    warnings;
    name = 'SharedFilesError';
    constructor(message, warnings) {
        super(message);
        this.warnings = warnings;
    }
}
/**
 * Writes the shared files all or none: every file is read and checked before the first one is
 * written, the state for the post step is saved after the last, and when anything fails on the
 * way, what was written is taken back before the error goes on. What cannot be taken back is
 * named in the error's warnings, and saved in the state for the post step to clean.
 */
async function shared_files_writeSharedFiles(edits, options) {
    // Jobs sharing a self-hosted runner's home may edit the same files at the same moment.
    const targets = await lockTargets(edits);
    // The locks sit beside the files: the directories they need are made first, and remembered as
    // this step's, so that the post step (or a failure) removes them again once empty.
    const made = new Map();
    for (const target of targets) {
        const top = await mkdir(dirname(target), { recursive: true, mode: 0o700 });
        if (top)
            made.set(target, top);
    }
    const { deadline } = options;
    try {
        return await withFileLocks(targets, () => writeLocked(edits, options, made), {
            ...(deadline ? { deadline } : {}),
        });
    }
    catch (error) {
        for (const [target, top] of made)
            await removeEmptyDirectories(target, top);
        throw error;
    }
}
/**
 * One path to lock per file: one file under two names (a directory link, a hard link) would
 * otherwise wait for its own lock. That such a pair is refused is checkDistinct's part.
 */
async function lockTargets(edits) {
    const byIdentity = new Map();
    for (const { file } of edits) {
        const target = await resolveWriteTarget(file).catch(() => file);
        const identity = await fileIdentity(target);
        if (!byIdentity.has(identity))
            byIdentity.set(identity, target);
    }
    return [...byIdentity.values()];
}
async function writeLocked(edits, { session, saveState }, made) {
    const planned = [];
    for (const edit of edits) {
        const result = await plan(edit);
        // A config file none of whose sections applies is left alone (and not counted as written).
        if (!result || result.upserted.sections.length === 0)
            continue;
        planned.push({ plan: result, ...(edit.credentials ? { mode: 0o600 } : {}) });
    }
    await checkDistinct(planned.map(({ plan }) => plan));
    const written = [];
    try {
        for (const { plan, mode } of planned) {
            written.push(await writePlanned(plan, mode, made.get(plan.target)));
        }
        await session?.write();
        await saveState(written, session !== undefined);
    }
    catch (error) {
        const warnings = await takeBack(written, session, saveState);
        throw new shared_files_SharedFilesError(`Could not write the profiles: ${describeError(error)}`, warnings);
    }
    return {
        lines: written.map(wroteLine),
        warnings: written.flatMap(setAsideWarnings),
    };
}
/**
 * Takes back what was written, the session's file first. What cannot be is saved in the state,
 * so that the post step tries again (it runs after a failed step too); one warning for each.
 */
async function takeBack(written, session, saveState) {
    const sessionLeft = session
        ? await session.undo().then(() => undefined, (error) => `Could not remove ${session.name}: ${describeError(error)}`)
        : undefined;
    const left = [];
    for (const file of [...written].reverse()) {
        const problem = await undoWrite(file);
        if (problem)
            left.push({ file, problem });
    }
    const problems = [...(sessionLeft ? [sessionLeft] : []), ...left.map(({ problem }) => problem)];
    if (problems.length === 0)
        return [];
    const saved = await saveState(left.map(({ file }) => file), sessionLeft !== undefined).then(() => 'the post step will try again', (error) => `the post step cannot (its state could not be saved: ${describeError(error)}): remove them by hand`);
    return problems.map((problem) => `${problem}; ${saved}.`);
}
/** Takes one file's sections back out; what went wrong, naming the file and its sections. */
async function undoWrite(file) {
    try {
        await unwriteSections(file);
    }
    catch (error) {
        const sections = file.sections.map(({ name }) => `[${name}]`).join(', ');
        return `Could not take ${sections} back out of ${file.file}: ${describeError(error)}`;
    }
    await removeCreatedDirectories(file);
    return undefined;
}
async function plan(edit) {
    if (edit.onlyRegularFile && !(await isRegularFile(edit.file)))
        return undefined;
    try {
        return await planSections(edit.file, edit.sections);
    }
    catch (error) {
        throw new UserError(`Could not read ${edit.file}: ${describeError(error)}`);
    }
}
const isRegularFile = (file) => stat(file).then((stats) => stats.isFile(), () => false);
/**
 * The credentials and the config file must be two files, or the second write would undo the
 * first. Compared as the system sees them (device and inode), not as paths: a directory link or a
 * hard link gives one file two names.
 */
async function checkDistinct(plans) {
    const identities = new Set(await Promise.all(plans.map(({ target }) => fileIdentity(target))));
    if (identities.size === plans.length)
        return;
    throw new UserError('AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name the same file; give them different files.');
}
/**
 * Device and inode of an existing file; for one not yet there, its path with the directory's
 * links resolved (two new files are the same only when they would be created at one place).
 */
async function fileIdentity(target) {
    try {
        const { dev, ino } = await stat(target);
        return `inode ${dev}:${ino}`;
    }
    catch {
        const directory = await realpath(dirname(target)).catch(() => resolve(dirname(target)));
        return `path ${join(directory, basename(target))}`;
    }
}
function wroteLine(file) {
    const count = file.sections.length;
    const sections = file.sections.map(({ name }) => `[${name}]`).join(', ');
    const through = file.target && file.target !== file.file ? ` (through the link to ${file.target})` : '';
    const replaced = file.sections.some(({ replaced }) => replaced?.length)
        ? '; the sections it replaced are kept for the post step to put back'
        : '';
    const mode = file.originalMode !== undefined ? '; mode 0600 until the post step' : '';
    return `Wrote ${count === 1 ? 'profile' : 'profiles'} ${sections} to ${file.file}${through}${replaced}${mode}.`;
}

// EXTERNAL MODULE: ./src/steps/client-options.ts
var client_options = __webpack_require__(5203);
// EXTERNAL MODULE: ./src/action/state.ts + 1 modules
var state = __webpack_require__(1838);
;// CONCATENATED MODULE: ./src/action/write-profiles.ts




/**
 * The main step's write of the shared files (disk/shared-files.ts, all or none), under the step's
 * deadline, with the post step's state, and the log lines and warnings it reports; a failure's
 * warnings (what could not be taken back) are logged before the error goes on.
 */
async function write_profiles_writeProfiles(edits, settings, session) {
    const deadline = stepDeadline(settings);
    try {
        const report = await writeSharedFiles(edits, {
            ...(session ? { session } : {}),
            ...(deadline ? { deadline } : {}),
            saveState: async (files, withSession) => {
                await saveWrittenFiles(files, withSession ? session?.state : undefined);
            },
        });
        for (const line of report.lines)
            log.info(line);
        for (const warning of report.warnings)
            log.warning(warning);
    }
    catch (error) {
        if (error instanceof SharedFilesError)
            for (const warning of error.warnings)
                log.warning(warning);
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/action/renewal.ts














/**
 * renew-credentials: instead of three keys that die with the permission set's session, the job
 * gets what the AWS SDKs renew credentials from: an `[sso-session NAME]` section and a profile
 * per role in the shared config file, and the token cache document of NAME. The job's tools then
 * call GetRoleCredentials (and refresh the access token) themselves, for as long as the token
 * allows. The post step (close-session.ts) reads the cache back and removes all of it.
 */
/**
 * A bare access token comes without its expiry; the cache must state one. Eight hours is the
 * longest an access token lives (the legacy, non-refreshable kind): a token that dies sooner is
 * refused by the service then, with the SDK's own "expired" error, rather than given up early.
 */
const UNKNOWN_ACCESS_TOKEN_HORIZON_MS = (/* unused pure expression or super */ null && (8 * 60 * 60 * 1000));
/**
 * botocore refreshes only while `registrationExpiresAt` is in the future, and a refresh-token
 * input does not say when its registration ends. A registration lives 90 days; a stand-in that
 * is too late only lets a refresh be tried, which the service then answers itself.
 */
const UNKNOWN_REGISTRATION_HORIZON_MS = (/* unused pure expression or super */ null && (90 * 24 * 60 * 60 * 1000));
/**
 * The session's name, `aws-sso-credentials-<run>-<attempt>-<job>-<random>` (at most 100
 * characters): jobs that share a self-hosted runner's home, and the user's own `aws sso login`,
 * never read or overwrite each other's cache. Also the profile's name when `profile` is not given.
 */
function sessionName(env = process.env) {
    const part = (value, max, fallback) => (value ?? '').replace(/[^A-Za-z0-9_-]/g, '').slice(0, max) || fallback;
    return [
        'aws-sso-credentials',
        part(env.GITHUB_RUN_ID, 20, 'local'),
        part(env.GITHUB_RUN_ATTEMPT, 5, '1'),
        part(env.GITHUB_JOB, 40, 'job'),
        // Matrix jobs share the job id, and one job may run the action twice.
        randomBytes(6).toString('hex'),
    ].join('-');
}
const ownerLine = (stepId) => `# written by aws-sso-credentials (${stepId}); its post step removes it`;
/** The config section of a profile: `[profile P]`, or `[default]` for the default profile. */
const configSectionName = (profile) => profile === 'default' ? 'default' : `profile ${profile}`;
/** `[sso-session NAME]`: where and how the SDKs renew the token. */
function ssoSessionSection(name, ssoRegion, startUrl, stepId) {
    const owner = ownerLine(stepId);
    return {
        name: `sso-session ${name}`,
        lines: [
            owner,
            `sso_region = ${ssoRegion}`,
            `sso_start_url = ${startUrl}`,
            'sso_registration_scopes = sso:account:access',
        ],
        ownerLine: owner,
    };
}
/**
 * The sections of one renewing profile: `[profile P]` on session NAME for one role, with the
 * region when given. A list, so that a profile built on it (a chained role's `role_arn` with
 * `source_profile = P`) can be added next to it.
 */
function renewingProfileSections(profile, name, region, stepId) {
    const owner = ownerLine(stepId);
    const regionLine = region ? [`region = ${region}`] : [];
    // With a chain, the permission set's profile is the source, under a name as unique as the session's.
    const source = profile.chain ? chainSourceProfile(name) : profile.profile;
    const sections = [
        {
            name: configSectionName(source),
            lines: [
                owner,
                `sso_session = ${name}`,
                `sso_account_id = ${profile.target.accountId}`,
                `sso_role_name = ${profile.target.roleName}`,
                ...regionLine,
            ],
            ownerLine: owner,
        },
    ];
    if (profile.chain) {
        const chained = chainedProfileSection(profile.profile, profile.chain, source, stepId);
        // AWS CLI v2 releases before February 2023 (Debian 12's 2.9.19; fixed by aws/aws-cli#7686)
        // look for the token's sso_session in the profile in use, not in source_profile: without this
        // line they fail with "'NoneType' object has no attribute 'get_frozen_token'". Every tool
        // assumes the role first, so the line changes nothing for the others.
        const chainRegion = region ?? profile.stsRegion;
        const lines = [
            ...chained.lines,
            `sso_session = ${name}`,
            ...(chainRegion ? [`region = ${chainRegion}`] : []),
        ];
        const mergeKeys = [
            ...(chained.mergeKeys ?? []),
            'sso_session',
            ...(chainRegion ? ['region'] : []),
        ];
        sections.push({ ...chained, lines, mergeKeys });
    }
    return sections;
}
/** The profile of the permission set's role that a chained profile assumes its role from. */
const chainSourceProfile = (name) => `${name}-source`;
/**
 * A profile of that name in the shared credentials file would shadow the renewing one: the JS
 * SDK prefers its keys to the sso settings, botocore the other way round. Refused, naming the
 * input, before any request.
 */
async function checkProfilesFree(profiles, input) {
    const file = credentialsFilePath();
    let text;
    try {
        text = (await planSections(file, [])).existing?.text ?? '';
    }
    catch (error) {
        throw new UserError(`Could not read ${file}: ${describeError(error)}`);
    }
    const taken = profiles.filter((profile) => hasSection(text, profile));
    if (taken.length === 0)
        return;
    throw new InputError(input, `names ${taken.map((p) => `'${p}'`).join(', ')}, which ${byCount(taken.length, 'is a profile', 'are profiles')} with keys of ${byCount(taken.length, 'its', 'their')} own in ${file}: some AWS SDKs would use those keys instead of renewing. With '${Inputs.RenewCredentials}', choose another name, or remove the section first.`);
}
/** The token cache document: the access token, and the refresh grant when the job holds it. */
function cacheDocument(renewal, ssoRegion, source, token, now = new Date()) {
    const later = (ms) => new Date(now.getTime() + ms);
    const access = {
        accessToken: token.accessToken,
        expiresAt: token.expiresAt ?? later(UNKNOWN_ACCESS_TOKEN_HORIZON_MS),
    };
    const place = { region: ssoRegion, startUrl: renewal.startUrl };
    const grant = renewal.holdsRefreshToken ? refreshGrantOf(source) : undefined;
    if (!grant)
        return { ...access, ...place };
    return {
        ...access,
        refreshToken: token.rotatedRefreshToken ?? grant.refreshToken,
        clientId: grant.clientId,
        clientSecret: grant.clientSecret,
        registrationExpiresAt: token.registrationExpiresAt ?? later(UNKNOWN_REGISTRATION_HORIZON_MS),
        ...place,
    };
}
function refreshGrantOf(source) {
    if (source.kind === 'refresh-token')
        return source;
    if (source.kind !== 'sso-session')
        return undefined;
    const { refreshToken, clientId, clientSecret } = source.session;
    return refreshToken && clientId && clientSecret
        ? { refreshToken, clientId, clientSecret }
        : undefined;
}
/**
 * Until when the job's tools can renew: with a refresh token, its registration's end when known
 * (the IAM Identity Center session may end sooner, and no client can see when); with the access
 * token only, its expiry.
 */
function sessionExpiration(document, source) {
    if (!document.refreshToken)
        return source.kind === 'access-token' ? undefined : document.expiresAt;
    if (source.kind === 'sso-session')
        return source.session.registrationExpiresAt;
    return undefined;
}
/**
 * Gives the job the session: the sections and the cache, then the session-expiration output.
 * Called only once every role's credentials were obtained, so that a wrong account, role or
 * token has failed the step already, with the usual errors.
 */
async function publishRenewal(settings, renewal, profiles, token, name = sessionName()) {
    const document = cacheDocument(renewal, settings.ssoRegion, settings.tokenSource, token);
    await writeRenewingSession(name, profiles, document, settings);
    const until = sessionExpiration(document, settings.tokenSource);
    if (until)
        core.setOutput(Outputs.SessionExpiration, until.toISOString());
    if (!document.refreshToken) {
        const why = renewal.holdsRefreshToken
            ? ''
            : ` ('${Inputs.TokenHandoff}': only the job that refreshes holds the refresh token)`;
        log.info(`The job's tools can renew credentials until the access token expires${until ? ` at ${until.toISOString()}` : ''}${why}.`);
    }
}
/**
 * Writes the sections and the cache all or none (disk/shared-files.ts), with the state the post step
 * needs to read the cache back and remove everything.
 */
async function writeRenewingSession(name, profiles, document, settings) {
    const { ssoRegion, awsRegion } = settings;
    const stepId = randomBytes(6).toString('hex');
    const cacheFile = tokenCachePath(name);
    const sections = [
        ssoSessionSection(name, ssoRegion, document.startUrl ?? '', stepId),
        ...profiles.flatMap((profile) => renewingProfileSections(profile, name, awsRegion, stepId)),
    ];
    const { refreshToken } = document;
    const edit = { file: configFilePath(), sections, credentials: false };
    await writeProfiles([edit], settings, {
        name: `the token cache of [sso-session ${name}] (${cacheFile})`,
        state: {
            sessionName: name,
            ...(refreshToken ? { refreshTokenSha256: sha256Hex(refreshToken) } : {}),
            ...cacheDigests(document),
            roles: profiles.map(({ target }) => ({
                accountId: target.accountId,
                roleName: target.roleName,
            })),
            ...chainsState(profiles),
        },
        write: () => writeTokenCache(cacheFile, serializeSsoSession(document)),
        undo: async () => {
            await removeCacheFile(cacheFile);
        },
    });
    const holds = refreshToken ? 'with the refresh token' : 'with the access token only';
    log.info(`Wrote the token cache of [sso-session ${name}] (${holds}) to ${cacheFile}; ${privateFileWording()} until the post step removes it.`);
    return { name, cacheFile };
}
/** The AssumeRole arguments of each chained profile: the AWS CLI caches its credentials by them. */
function chainsState(profiles) {
    const chains = profiles.flatMap(({ chain }) => chain
        ? [
            {
                roleArn: chain.roleArn,
                sessionName: chain.sessionName,
                durationSeconds: chain.durationSeconds,
                ...(chain.externalId ? { externalId: chain.externalId } : {}),
            },
        ]
        : []);
    return chains.length > 0 ? { chains } : {};
}
/**
 * What ties a cache document to the step that wrote it, as digests (the post step compares, and
 * the state never holds the values): its client registration, when it holds one, and its region
 * and start URL. The job's tools write all of them back unchanged when they refresh.
 */
function cacheDigests(document) {
    const { clientId, clientSecret } = document;
    return {
        ...(clientId || clientSecret ? { registrationSha256: registrationDigest(document) } : {}),
        placeSha256: (0,hash/* sha256Hex */.fg)(JSON.stringify([document.region ?? '', document.startUrl ?? ''])),
    };
}
/** The client registration's digest, of a cache document or of the step's token inputs. */
const registrationDigest = (holder) => (0,hash/* sha256Hex */.fg)(JSON.stringify([holder.clientId ?? '', holder.clientSecret ?? '']));
const STATIC_KEYS = [
    aws_env/* AwsEnv */.N.AccessKeyId,
    aws_env/* AwsEnv */.N.SecretAccessKey,
    aws_env/* AwsEnv */.N.SessionToken,
    aws_env/* AwsEnv */.N.CredentialExpiration,
];
/**
 * AWS_PROFILE for the rest of the job. Keys an earlier step exported would take precedence over
 * the profile (in botocore and the AWS CLI) and then expire: they are cleared, and the log says so.
 */
function exportProfile(profile) {
    const cleared = STATIC_KEYS.filter((name) => (process.env[name] ?? '') !== '');
    for (const name of cleared)
        core.exportVariable(name, '');
    core.exportVariable(AwsEnv.Profile, profile);
    if (cleared.length > 0) {
        log.info(`Cleared ${cleared.join(', ')} for the rest of the job: an earlier step set them, and they would take precedence over profile '${profile}' and then expire.`);
    }
    log.info(`Exported AWS_PROFILE=${profile}: the job's AWS tools renew its credentials themselves.`);
}

;// CONCATENATED MODULE: ./src/action/close-session.ts











/**
 * The post step's half of renew-credentials: reads the token cache back (a tool of the job may
 * have refreshed the token, and the service may have rotated the refresh token: today's rotation
 * case), then removes the cache and the AWS CLI's cached credentials of the session's roles and
 * of the roles its chained profiles assume. The paths are worked out (SHA-1 names in the two
 * cache directories) from the session name and validated role arguments, never taken from the
 * state as given. Nothing here fails the step or stops the cleanup: trouble is a warning.
 *
 * The cache is untrusted input: any later step of the job could have rewritten it. It is used
 * only if it is the step's own private file (token-cache.ts), parses as a session document, and
 * holds the registration, region and start URL the main step wrote (digests in the state). A new
 * refresh token in it is written back only after IAM Identity Center accepted it (redeemed with
 * the registration from the step's inputs); nothing else from the file is masked or printed.
 */
async function closeSession(renewal, deadline) {
    // The write-back handles secrets: the inputs are masked first, as in the main step.
    maskTokenInputs();
    const cacheFile = token_cache_tokenCachePath(renewal.sessionName);
    const found = await readBack(cacheFile, renewal, deadline);
    const lost = renewal.refreshTokenSha256
        ? '; a refresh token a tool of the job may have rotated into it is lost'
        : '';
    if (found.kind === 'ours')
        await surfaceRotation(renewal, found.session, cacheFile);
    else if (found.kind === 'missing') {
        runner_log/* warning */.$e(`The token cache of this step's session (${cacheFile}) was deleted during the job${lost}.`);
    }
    else {
        runner_log/* warning */.$e(`The token cache of this step's session (${cacheFile}) was changed by something else in the job (${found.reason}): nothing from it was used${lost}.`);
    }
    await remove(cacheFile, `the token cache of [sso-session ${renewal.sessionName}]`);
    for (const role of renewal.roles) {
        await remove(cliCredentialsCachePath(renewal.sessionName, role), '', true);
    }
    // A chained profile: the AWS CLI caches the assumed role's credentials under a key of its own.
    for (const chain of renewal.chains ?? []) {
        await remove(cliAssumedRoleCachePath(chain), '', true);
    }
}
/** The cache, if it is still the document of this step's session; else what is wrong with it. */
async function readBack(file, renewal, deadline) {
    // The read is the post step's deadline's; a write-back keeps its own bound, as in the main step.
    const cached = await deadline.race(readTokenCache(file)).catch(async (error) => {
        if (!(error instanceof time_deadline/* DeadlinePassedError */.Jw)) {
            return { kind: 'unusable', reason: 'it cannot be read' };
        }
        await (0,files/* releaseStuckRead */.CV)(file);
        const reason = `the post step's time limit (${(0,time_deadline/* formatSeconds */.Xo)(error.limitMs)}) passed while reading it`;
        return { kind: 'unusable', reason };
    });
    if (cached.kind === 'missing')
        return cached;
    if (cached.kind === 'unusable')
        return { kind: 'changed', reason: cached.reason };
    let session;
    try {
        session = (0,sso_session/* parseSsoSession */.t0)(cached.text);
    }
    catch {
        return { kind: 'changed', reason: 'it is not a token cache document' };
    }
    const reason = foreignContent(session, renewal);
    return reason ? { kind: 'changed', reason } : { kind: 'ours', session };
}
/** Why a well-formed document is not the one this step's session would hold, if it is not. */
function foreignContent(session, renewal) {
    const digests = cacheDigests(session);
    if (digests.placeSha256 !== renewal.placeSha256)
        return 'it names another region or start URL';
    if (digests.registrationSha256 !== renewal.registrationSha256) {
        return 'it holds another client registration';
    }
    const { refreshToken, accessToken } = session;
    if (Boolean(refreshToken) !== Boolean(renewal.refreshTokenSha256)) {
        return refreshToken
            ? 'it holds a refresh token the step did not write'
            : 'its refresh token is gone';
    }
    const tokens = [refreshToken, accessToken].filter((token) => token !== undefined);
    if (!tokens.every(response_shapes/* isOpaqueToken */.by))
        return 'it holds a token in a shape no service issues';
    return undefined;
}
/**
 * A refresh token other than the one the main step wrote: redeemed with the step's own
 * registration, and what the service answers written back; or a warning.
 */
async function surfaceRotation(renewal, session, cacheFile) {
    const { refreshToken } = session;
    if (!refreshToken || (0,hash/* sha256Hex */.fg)(refreshToken) === renewal.refreshTokenSha256)
        return;
    let settings;
    try {
        settings = getTokenSettings();
    }
    catch (error) {
        runner_log/* warning */.$e(`A tool in this job rotated the refresh token, and the post step could not write it back: ${(0,errors/* describeError */.Uc)(error)}`);
        return;
    }
    const registration = (0,rotation/* registrationOf */.DD)(settings.tokenSource);
    if (!registration || registrationDigest(registration) !== renewal.registrationSha256) {
        (0,rotation/* warnRotatedAfterJob */.HI)(settings, " The post step's inputs do not hold the main step's client registration, so nothing was written back.");
        return;
    }
    // Without a write-back, nothing would be done with the token: no request to prove it.
    if (!settings.writeBack)
        return (0,rotation/* warnRotatedAfterJob */.HI)(settings, '');
    let redeemed;
    try {
        // The AWS SDK is a chunk of its own, loaded only for this one request.
        const { redeemRefreshToken } = await Promise.all(/* import() */[__webpack_require__.e(281), __webpack_require__.e(344)]).then(__webpack_require__.bind(__webpack_require__, 3335));
        redeemed = await redeemRefreshToken(settings, refreshToken);
    }
    catch (error) {
        (0,rotation/* warnRotatedAfterJob */.HI)(settings, ` ${(0,errors/* describeError */.Uc)(error)} Nothing was written back.`, `IAM Identity Center did not accept the refresh token in the token cache (${cacheFile}), which something in the job put there`);
        return;
    }
    await (0,rotation/* surfaceRotationAfterJob */.Jr)(settings, redeemed);
}
/** Deletes one file; a cache that is gone already is fine (`quiet`: nothing said either way). */
async function remove(file, what, quiet = false) {
    try {
        const removed = await token_cache_removeCacheFile(file);
        if (removed && !quiet)
            runner_log/* info */.pq(`Removed ${what} (${file}).`);
    }
    catch (error) {
        runner_log/* warning */.$e(`Could not remove ${what || file}: ${(0,errors/* describeError */.Uc)(error)}`);
    }
}


/***/ }),

========
export const id = 627;
export const ids = [627];
export const modules = {

>>>>>>>> endpoint:dist/post/627.index.js
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
<<<<<<<< HEAD:dist/post/817.index.js
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(716);
========
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(245);
>>>>>>>> endpoint:dist/post/627.index.js
/* harmony import */ var _http_proxy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9525);
/* harmony import */ var _secrets_known_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7554);
/* harmony import */ var _sso_session_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3027);




/**
 * Masks a value in the runner's logs, and remembers it (known-secrets.ts) so that log.ts and every
<<<<<<<< HEAD:dist/post/817.index.js
 * echoed text withhold it, and its pieces, as a reader sees it (known-secrets.ts): the runner's
 * mask matches only the value as it is. Values shorter than 8 characters are skipped: they are no
 * secret worth the name, and the runner would blank every occurrence of them in the log (a
 * one-character "s" turned "refresh token" into "refre***h token"). Linear in the value's length,
 * so tens of thousands of masks (one per account id) cost linear time.
 */
const maskInLogs = (secret) => {
    if (!(0,_secrets_known_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .isPlausibleSecret */ .sT)(secret))
========
 * echoed text withhold it before neutralising: neutralising could change a secret (a `::` in it
 * becomes `: :`) so that the runner's mask no longer matches it. Blank values are skipped:
 * masking "" would hide nothing. Constant time per value, so tens of thousands of masks (one per
 * account id) cost linear time.
 */
const maskInLogs = (secret) => {
    if (secret.trim() === '')
>>>>>>>> endpoint:dist/post/627.index.js
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

<<<<<<<< HEAD:dist/post/817.index.js
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

========
>>>>>>>> endpoint:dist/post/627.index.js
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

<<<<<<<< HEAD:dist/post/817.index.js
/***/ 2223:
========
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

/***/ 7932:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J: () => (/* binding */ surfaceRotationAfterJob)
});

// UNUSED EXPORTS: surfacingRotation

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(245);
// EXTERNAL MODULE: ./src/runner/constants.ts
var constants = __webpack_require__(1871);
// EXTERNAL MODULE: ./src/runner/log.ts
var runner_log = __webpack_require__(7708);
// EXTERNAL MODULE: ./src/runner/masking.ts
var masking = __webpack_require__(1762);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/sso/session.ts
var session = __webpack_require__(3027);
// EXTERNAL MODULE: ./src/sso/identity-center-error.ts
var identity_center_error = __webpack_require__(884);
;// CONCATENATED MODULE: ./src/steps/vocabulary.ts


/** How a workflow gets new token secrets; named in every "get a new token" hint of both actions. */
const LOGIN_HINT = 'mint new token secrets with `aws-sso-credentials login` (docs/getting-the-secrets.md) and replace the stored ones';
/** The core's problems in the actions' words: their inputs, and the secrets the workflow stores. */
const GITHUB_VOCABULARY = {
    session: `'${constants/* Inputs */.G0.SsoSession}'`,
    sessionSubject: `Input '${constants/* Inputs */.G0.SsoSession}'`,
    sessionAgain: 'the document',
    accountId: constants/* Inputs */.G0.AccountId,
    roleName: constants/* Inputs */.G0.RoleName,
    clientCredentials: `${constants/* Inputs */.G0.ClientId} or ${constants/* Inputs */.G0.ClientSecret}`,
    renewableSources: `${constants/* Inputs */.G0.RefreshToken} with ${constants/* Inputs */.G0.ClientId} and ${constants/* Inputs */.G0.ClientSecret}, or an ${constants/* Inputs */.G0.SsoSession} that has one`,
    self: 'the action',
    proxySettings: `${constants/* Inputs */.G0.HttpProxy} or HTTPS_PROXY`,
    newSecrets: LOGIN_HINT,
    signInAgain: 'Run `aws-sso-credentials login` again',
    timeLimit: `The step's time limit '${constants/* Inputs */.G0.ActionTimeoutS}'`,
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
    return describeFailure(error, vocabulary);
}

;// CONCATENATED MODULE: ./src/steps/rotation.ts







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
        await writeBack(settings, value);
        return undefined;
    }
    catch (error) {
        warnRotated(settings.tokenSource);
        return new UserError(`${describeError(error)} The rotated value is still in this step's '${outputOf(settings.tokenSource)}' output (masked).`);
    }
}
/** Loaded only here: the GitHub client and libsodium are a chunk of their own. */
async function writeBack(settings, value) {
    const target = settings.writeBack;
    const { writeSecret } = await Promise.all(/* import() */[__webpack_require__.e(768), __webpack_require__.e(777)]).then(__webpack_require__.bind(__webpack_require__, 777));
    const outcome = await writeSecret(target, value, settings.proxy);
    const where = target.environment
        ? `the secret '${target.secretName}' of the environment '${target.environment}'`
        : `the repository secret '${target.secretName}'`;
    runner_log/* info */.pq(`IAM Identity Center rotated the refresh token; ${where} now holds the new ${settings.tokenSource.kind === 'sso-session' ? 'session document' : 'refresh token'} (${outcome}).`);
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
    const document = (0,session/* serializeSsoSession */.E5)((0,session/* renewedSession */.HF)(source.session, token), 0);
    (0,masking/* maskInLogs */.pI)(document);
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
            await writeBack(settings, value);
            return;
        }
        catch (error) {
            failure = ` ${(0,errors/* describeError */.Uc)(error)}`;
        }
    }
    const input = settings.tokenSource.kind === 'sso-session' ? constants/* Inputs */.G0.SsoSession : constants/* Inputs */.G0.RefreshToken;
    const remedy = settings.writeBack
        ? LOGIN_HINT
        : `give '${constants/* Inputs */.G0.UpdateSecret}' so that the post step writes it back, or ${LOGIN_HINT}`;
    runner_log/* warning */.$e(`A tool in this job refreshed the access token and IAM Identity Center rotated the refresh token: the secret you pass as '${input}' may no longer work.${failure} Before the next run, ${remedy}.`);
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

/***/ 4858:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  nP: () => (/* binding */ getTokenSettings),
  jW: () => (/* binding */ maskTokenInputs)
});

// UNUSED EXPORTS: SECRET_INPUTS

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(245);
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
    const secretName = lib_core/* getInput */.V4(constants/* Inputs */.G0.UpdateSecret);
    if (!secretName) {
        refuseWithoutSecret(constants/* Inputs */.G0.GithubToken);
        refuseWithoutSecret(constants/* Inputs */.G0.UpdateSecretEnvironment);
        return undefined;
    }
    checkSecretName(secretName);
    checkRotatable(source);
    const githubToken = lib_core/* getInput */.V4(constants/* Inputs */.G0.GithubToken);
    if (!githubToken) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.GithubToken, `is required with '${constants/* Inputs */.G0.UpdateSecret}': a fine-grained personal access token or GitHub App token with the repository permission "Secrets: write" (the workflow's GITHUB_TOKEN cannot write secrets)`);
    }
    const environment = lib_core/* getInput */.V4(constants/* Inputs */.G0.UpdateSecretEnvironment);
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
    if (lib_core/* getInput */.V4(input)) {
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
// EXTERNAL MODULE: ./src/shared/validation.ts
var validation = __webpack_require__(2610);
;// CONCATENATED MODULE: ./src/runner/input-readers.ts



function conforms(value, format) {
    return format instanceof RegExp ? format.test(value) : format(value);
}
function getMatching(input, format, problem) {
    const value = getOptionalMatching(input, format, problem);
    if (value === undefined)
        throw new InputError(input, 'is required');
    return value;
}
function getOptionalMatching(input, format, problem) {
    const value = lib_core/* getInput */.V4(input);
    if (!value)
        return undefined;
    if (!conforms(value, format))
        throw new errors/* InputError */.dz(input, problem);
    return value;
}
function getRegion(input) {
    return getOptionalMatching(input, validation/* isRegion */.Dp, 'must be an AWS region name such as us-east-1');
}
/** A whole number from 1 to `max`; undefined when the input is empty. */
function getWholeNumber(input, max) {
    const value = lib_core/* getInput */.V4(input);
    if (value === '')
        return undefined;
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1 || number > max) {
        throw new errors/* InputError */.dz(input, `must be a whole number from 1 to ${max}`);
    }
    return number;
}
/** YAML 1.2 core-schema booleans, as core.getBooleanInput reads them, with an error naming the input. */
function getBoolean(input) {
    try {
        return core.getBooleanInput(input);
    }
    catch {
        throw new InputError(input, 'must be true or false (true | True | TRUE | false | False | FALSE)');
    }
}
/** `{ key: value }`, or `{}` when the value is absent: optional settings stay absent, not undefined. */
function optional(key, value) {
    return value === undefined ? {} : { [key]: value };
}

// EXTERNAL MODULE: ./src/runner/masking.ts
var masking = __webpack_require__(1762);
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
    (0,masking/* maskProxyCredentials */.P_)(lib_core/* getInput */.V4(constants/* Inputs */.G0.HttpProxy) || (0,proxy/* proxyFromEnvironment */.GG)(), mask);
}
/** Reads and checks the token inputs; throws an error naming the first bad one. */
function getTokenSettings() {
    const tokenSource = getTokenSource();
    return {
        ssoRegion: getSsoRegion(tokenSource),
        tokenSource,
        maxAttempts: getMaxAttempts(),
        ...optional('timeLimitMs', getTimeLimitMs()),
        ...optional('proxy', getProxy()),
        ...optional('tokenHandoff', getTokenHandoff(tokenSource)),
        ...optional('writeBack', getWriteBack(tokenSource)),
    };
}
function getTokenSource() {
    const given = [constants/* Inputs */.G0.AccessToken, constants/* Inputs */.G0.RefreshToken, constants/* Inputs */.G0.SsoSession].filter((name) => lib_core/* getInput */.V4(name));
    if (given.length === 0) {
        checkClientInputsAlone();
        throw new errors/* UserError */.yo(`No token given: set one of '${constants/* Inputs */.G0.AccessToken}', '${constants/* Inputs */.G0.RefreshToken}' (with '${constants/* Inputs */.G0.ClientId}' and '${constants/* Inputs */.G0.ClientSecret}') or '${constants/* Inputs */.G0.SsoSession}'.`);
    }
    if (given.length > 1) {
        throw new errors/* UserError */.yo(`Give only one token source; got '${given.join("' and '")}'.`);
    }
    checkClientInputs(given[0] === constants/* Inputs */.G0.RefreshToken);
    if (given[0] === constants/* Inputs */.G0.AccessToken) {
        return { kind: 'access-token', accessToken: lib_core/* getInput */.V4(constants/* Inputs */.G0.AccessToken) };
    }
    if (given[0] === constants/* Inputs */.G0.RefreshToken) {
        return {
            kind: 'refresh-token',
            refreshToken: lib_core/* getInput */.V4(constants/* Inputs */.G0.RefreshToken),
            clientId: lib_core/* getInput */.V4(constants/* Inputs */.G0.ClientId),
            clientSecret: lib_core/* getInput */.V4(constants/* Inputs */.G0.ClientSecret),
        };
    }
    return { kind: 'sso-session', session: readSsoSession() };
}
/** The sso-session document; what is wrong with it is an error about the input. */
function readSsoSession() {
    try {
        return (0,session/* parseSsoSession */.t0)(lib_core/* getInput */.V4(constants/* Inputs */.G0.SsoSession));
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
    const given = [constants/* Inputs */.G0.ClientId, constants/* Inputs */.G0.ClientSecret].filter((name) => lib_core/* getInput */.V4(name));
    if (given.length === 0)
        return;
    throw new errors/* InputError */.dz(constants/* Inputs */.G0.RefreshToken, `is empty, but '${given.join("' and '")}' ${given.length === 1 ? 'is' : 'are'} set${UNSET}`);
}
/** client-id and client-secret belong with refresh-token, and only there. */
function checkClientInputs(usingRefreshToken) {
    for (const input of [constants/* Inputs */.G0.ClientId, constants/* Inputs */.G0.ClientSecret]) {
        const present = lib_core/* getInput */.V4(input) !== '';
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
    const input = getRegion(constants/* Inputs */.G0.SsoRegion);
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
    const value = lib_core/* getInput */.V4(constants/* Inputs */.G0.TokenHandoff);
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
    return (getWholeNumber(constants/* Inputs */.G0.RetryMaxAttempts, MAX_ATTEMPTS_LIMIT) ?? retry/* DEFAULT_RETRY_POLICY */.cO.maxAttempts);
}
/** Six hours: no GitHub-hosted job runs longer. */
const TIME_LIMIT_MAX_S = 6 * 60 * 60;
/** action-timeout-s in ms; empty: no limit for the step, only each call's own (sso/limits.ts). */
function getTimeLimitMs() {
    const seconds = getWholeNumber(constants/* Inputs */.G0.ActionTimeoutS, TIME_LIMIT_MAX_S);
    return seconds === undefined ? undefined : seconds * 1000;
}
/** http-proxy, else HTTPS_PROXY / https_proxy / HTTP_PROXY / http_proxy; NO_PROXY applies to both. */
function getProxy() {
    const input = lib_core/* getInput */.V4(constants/* Inputs */.G0.HttpProxy);
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

/***/ 793:
>>>>>>>> endpoint:dist/post/627.index.js
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dc: () => (/* binding */ member),
/* harmony export */   by: () => (/* binding */ isOpaqueToken),
/* harmony export */   lj: () => (/* binding */ OPAQUE_TOKEN_RULE),
/* harmony export */   oe: () => (/* binding */ MAX_LIFETIME_MS),
/* harmony export */   pQ: () => (/* binding */ isWholeNumberUpTo)
/* harmony export */ });
/* unused harmony exports InvalidResponseError, MAX_CREDENTIAL_LENGTH, isCredential, credentialMember, expirationOf */
/**
 * The shapes every value from IAM Identity Center must have before anything uses it: exported,
 * written to a file, sent back in a header or printed. Checked member by member; a message names
 * the member and the rule, and never quotes the value (it may be a secret, or hostile text).
 *
 * Two kinds of failure, retried differently (retry.ts classify):
 * - a member that is missing is a MalformedResponseError, retried like a half-sent body: a
 *   truncated or emptied answer from a proxy or a service hiccup can clear on the next attempt;
 * - a member that is present in the wrong shape (a number where a string belongs, whitespace in
 *   a key, an expiry in the past) is an InvalidResponseError, never retried: a well-formed answer
 *   that says something impossible will say it again, and an endpoint that answers that way gets
 *   one attempt, not ten.
 */
/** A value of the answer is present but not in the shape the API defines; not worth a retry. */
class InvalidResponseError extends Error {
    name = 'InvalidResponseError';
}
const DAY_MS = 24 * 60 * 60 * 1000;
/** Role credentials last at most 12 hours, access tokens hours; 7 days is far beyond either. */
const MAX_LIFETIME_MS = 7 * DAY_MS;
/** AWS access key ids: upper-case letters and digits (ASIA…, AKIA…), 16 to 128 of them (IAM's bounds). */
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
/** The base64 alphabet, no whitespace. */
const BASE64 = /^[A-Za-z0-9+/=]+$/;
/**
 * The three credentials, each with its longest allowed value. AWS documents access key ids of
 * 16-128 characters and no maximum for the other two, so the bounds are set from what the services
 * send, with room: secret access keys have 40 characters (128 allowed); session tokens have about
 * 400-1,300 from IAM Identity Center and STS, a few thousand with many session tags (16 KiB
 * allowed). Every bound stays far below the 128 KiB Linux allows one environment variable: a
 * 600,000-character session token, once exported, made every later process of the job fail with
 * "Argument list too long". At least 16 characters: fewer is no credential.
 */
const CREDENTIALS = {
    accessKeyId: {
        max: 128,
        valid: (value) => ACCESS_KEY_ID.test(value),
        rule: 'is not an AWS access key id (16-128 upper-case letters and digits)',
    },
    secretAccessKey: {
        max: 128,
        valid: (value) => value.length >= 16 && BASE64.test(value),
        rule: 'is not a base64 string without whitespace of 16 to 128 characters',
    },
    sessionToken: {
        max: 16_384,
        valid: (value) => value.length >= 16 && BASE64.test(value),
        rule: 'is not a base64 string without whitespace of 16 to 16384 characters',
    },
};
/** The longest value each credential may have (see CREDENTIALS). */
const MAX_CREDENTIAL_LENGTH = {
    accessKeyId: CREDENTIALS.accessKeyId.max,
    secretAccessKey: CREDENTIALS.secretAccessKey.max,
    sessionToken: CREDENTIALS.sessionToken.max,
};
/** Whether `value` has the shape, and is within the bound, of the credential `kind`. */
function isCredential(value, kind) {
    const shape = CREDENTIALS[kind];
    return typeof value === 'string' && value.length <= shape.max && shape.valid(value);
}
/**
 * Reads one credential like `member`; a value over its bound is refused with its length (never
 * its text), so that the message says what is wrong with a value that has the right alphabet.
 */
function credentialMember(value, kind, what) {
    const { max, rule } = CREDENTIALS[kind];
    if (typeof value === 'string' && value.length > max) {
        throw new InvalidResponseError(`invalid response: ${what} has ${value.length} characters, more than the ${max} allowed`);
    }
    return member(value, (v) => isCredential(v, kind), what, rule);
}
/**
 * OAuth tokens, client ids and secrets, device codes: printable ASCII without whitespace (they
 * travel in JSON and in an HTTP header), at most 16 KiB.
 */
const OPAQUE_TOKEN = /^[\x21-\x7e]{1,16384}$/;
/** How a member that is not an opaque token is described (it is never quoted). */
const OPAQUE_TOKEN_RULE = 'is not printable ASCII without whitespace (at most 16 KiB)';
function isOpaqueToken(value) {
    return typeof value === 'string' && OPAQUE_TOKEN.test(value);
}
/** A whole number of (milli)seconds from 1 up to `max`. */
function isWholeNumberUpTo(value, max) {
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}
/**
 * Reads one member: undefined when it is absent, null or the empty string (the caller decides
 * whether that makes a malformed answer), the value when it passes `valid`, and an
 * InvalidResponseError naming `what` and `rule` otherwise.
 */
function member(value, valid, what, rule) {
    if (value === undefined || value === null || value === '')
        return undefined;
    if (!valid(value))
        throw new InvalidResponseError(`invalid response: ${what} ${rule}`);
    return value;
}
/**
 * The credentials' expiry, in epoch milliseconds: a whole number in the future and less than
 * seven days ahead. The portal sends epoch milliseconds; seconds would read as 1970.
 */
function expirationOf(value, what, now) {
    if (value === undefined || value === null)
        return undefined;
    const ok = typeof value === 'number' &&
        Number.isInteger(value) &&
        value > now &&
        value - now <= MAX_LIFETIME_MS;
    if (!ok) {
        throw new InvalidResponseError(`invalid response: ${what} is not a time (epoch milliseconds) in the future and within 7 days`);
    }
    return new Date(value);
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

/***/ 5203:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MM: () => (/* binding */ stepClientOptions)
/* harmony export */ });
/* unused harmony exports stepDeadline, logProxy */
/* harmony import */ var _http_proxy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9525);
/* harmony import */ var _runner_log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7708);
/* harmony import */ var _sso_service_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7014);
/* harmony import */ var _time_deadline_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(793);
/* harmony import */ var _vocabulary_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4187);





/**
 * The clients' options in an action step: the retry budget, the step's deadline (counted from the
 * start of the process: Node's start-up is part of the step), the proxy, and retries in the log.
 */
function stepClientOptions(settings) {
    return {
        maxAttempts: settings.maxAttempts,
        deadline: stepDeadline(settings),
        proxy: settings.proxy,
        onRetry: ({ attempt, maxAttempts, delayMs, error }) => _runner_log_js__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`Attempt ${attempt} of ${maxAttempts} failed (${(0,_sso_service_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .describeCause */ .V$)(error, _vocabulary_js__WEBPACK_IMPORTED_MODULE_4__/* .GITHUB_VOCABULARY */ .V1)}); retrying in ${(delayMs / 1000).toFixed(1)}s.`),
    };
}
/**
 * action-timeout-s as a Deadline, counted from the start of the process (Node's start-up is part
 * of the step); undefined without one. Every call's deadline and every lock wait is this one.
 */
function stepDeadline(settings) {
    return settings.timeLimitMs
        ? new _time_deadline_js__WEBPACK_IMPORTED_MODULE_3__/* .Deadline */ .B2(settings.timeLimitMs, performance.timeOrigin)
        : undefined;
}
/** Says which proxy is used and where it came from, without its user name and password. */
function logProxy(settings) {
    if (!settings.proxy)
        return;
    log.info(`Using the proxy ${redactProxyUrl(settings.proxy.url)} (from ${settings.proxy.source}).`);
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
