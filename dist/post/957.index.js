export const id = 957;
export const ids = [957];
export const modules = {

/***/ 4957:
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
// EXTERNAL MODULE: ./src/steps/token-inputs.ts + 1 modules
var token_inputs = __webpack_require__(7038);
// EXTERNAL MODULE: ./src/time/deadline.ts
var time_deadline = __webpack_require__(793);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var lib_core = __webpack_require__(716);
// EXTERNAL MODULE: ./src/disk/credentials-file.ts
var credentials_file = __webpack_require__(8950);
// EXTERNAL MODULE: ./src/runner/constants.ts
var constants = __webpack_require__(1871);
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
    (0,token_inputs/* maskTokenInputs */.jW)();
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
        settings = (0,token_inputs/* getTokenSettings */.nP)();
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

/***/ 2223:
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


/***/ })

};
