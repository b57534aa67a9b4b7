export const id = 275;
export const ids = [275];
export const modules = {

/***/ 5275:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  closeSession: () => (/* binding */ closeSession)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/disk/config-files.ts
var config_files = __webpack_require__(2445);
// EXTERNAL MODULE: ./src/disk/files.ts
var files = __webpack_require__(7262);
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
const sha1 = (text) => (0,external_node_crypto_.createHash)('sha1').update(text, 'utf8').digest('hex');
function cacheDirectory(env) {
    return (0,external_node_path_.join)((0,config_files/* awsHomeDirectory */.gz)(env), '.aws', 'sso', 'cache');
}
/** Where the SDKs look for the token of sso-session `name` (botocore and JS name it alike). */
function token_cache_tokenCachePath(name, env = process.env) {
    return (0,external_node_path_.join)(cacheDirectory(env), `${sha1(name)}.json`);
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
    return (0,external_node_path_.join)(cliCacheDirectory(env), `${sha1(key)}.json`);
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
    return (0,external_node_path_.join)(cliCacheDirectory(env), `${sha1(key)}.json`);
}
const cliCacheDirectory = (env) => (0,external_node_path_.join)((0,config_files/* awsHomeDirectory */.gz)(env), '.aws', 'cli', 'cache');
/**
 * Writes the document in one atomic write, mode 0600, creating the directories 0700. A
 * directory that is already there keeps its mode: it may be the user's own `aws sso login` cache.
 */
async function token_cache_writeTokenCache(path, document) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeAtomically(path, `${document}\n`, { mode: 0o600 });
}
/**
 * The document as the job's tools left it. Read without following a link, only if it is a
 * regular file of reasonable size; what is wrong is said without quoting it (it holds secrets).
 */
async function readTokenCache(path) {
    let handle;
    try {
        handle = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            return { kind: 'missing' };
        return { kind: 'unusable', reason: code === 'ELOOP' ? 'it is a symbolic link' : 'unreadable' };
    }
    try {
        const stats = await handle.stat();
        if (!stats.isFile())
            return { kind: 'unusable', reason: 'it is not a regular file' };
        if (stats.size > MAX_CACHE_BYTES)
            return { kind: 'unusable', reason: 'it is too large' };
        return { kind: 'read', text: await handle.readFile({ encoding: 'utf8' }) };
    }
    finally {
        await handle.close();
    }
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
// EXTERNAL MODULE: ./src/runner/masking.ts
var masking = __webpack_require__(1762);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/sso/session.ts
var session = __webpack_require__(3027);
// EXTERNAL MODULE: ./src/steps/rotation.ts + 1 modules
var rotation = __webpack_require__(7932);
// EXTERNAL MODULE: ./src/steps/token-inputs.ts + 2 modules
var token_inputs = __webpack_require__(4858);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(245);
// EXTERNAL MODULE: ./src/disk/credentials-file.ts
var credentials_file = __webpack_require__(8950);
// EXTERNAL MODULE: ./src/runner/constants.ts
var constants = __webpack_require__(1871);
// EXTERNAL MODULE: ./src/shared/aws-env.ts
var aws_env = __webpack_require__(7182);
// EXTERNAL MODULE: ./src/disk/file-lock.ts
var file_lock = __webpack_require__(5151);
;// CONCATENATED MODULE: ./src/action/profile-config.ts


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
        const they = keys.length === 1 ? 'it' : 'them';
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

// EXTERNAL MODULE: ./src/action/state.ts + 2 modules
var state = __webpack_require__(5549);
;// CONCATENATED MODULE: ./src/action/shared-files.ts









/**
 * Writes the shared files all or none: every file is read and checked before the first one is
 * written, the state for the post step is saved after the last, and when anything fails on the
 * way, what was written is taken back before the error goes on.
 */
async function shared_files_writeSharedFiles(edits, session) {
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
    try {
        await withFileLocks(targets, () => writeLocked(edits, session, made));
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
async function writeLocked(edits, session, made) {
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
    let statePath;
    try {
        for (const { plan, mode } of planned) {
            written.push(await writePlanned(plan, mode, made.get(plan.target)));
        }
        await session?.write();
        statePath = await saveWrittenFiles(written, session?.state);
    }
    catch (error) {
        await session?.undo().catch(() => undefined);
        for (const file of [...written].reverse())
            await undoWrite(file);
        if (statePath)
            await discardState(statePath);
        throw new UserError(`Could not write the profiles: ${describeError(error)}`);
    }
    for (const file of written)
        log.info(wroteLine(file));
    for (const warning of written.flatMap(setAsideWarnings))
        log.warning(warning);
}
async function undoWrite(file) {
    await unwriteSections(file).catch(() => undefined);
    await removeCreatedDirectories(file);
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
    throw new InputError(input, `names ${taken.map((p) => `'${p}'`).join(', ')}, which ${taken.length === 1 ? 'is a profile' : 'are profiles'} with keys of ${taken.length === 1 ? 'its' : 'their'} own in ${file}: some AWS SDKs would use those keys instead of renewing. With '${Inputs.RenewCredentials}', choose another name, or remove the section first.`);
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
    await writeRenewingSession(name, profiles, document, settings.ssoRegion, settings.awsRegion);
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
 * Writes the sections and the cache all or none (shared-files.ts), with the state the post step
 * needs to read the cache back and remove everything.
 */
async function writeRenewingSession(name, profiles, document, ssoRegion, awsRegion) {
    const stepId = randomBytes(6).toString('hex');
    const cacheFile = tokenCachePath(name);
    const sections = [
        ssoSessionSection(name, ssoRegion, document.startUrl ?? '', stepId),
        ...profiles.flatMap((profile) => renewingProfileSections(profile, name, awsRegion, stepId)),
    ];
    const { refreshToken } = document;
    await writeSharedFiles([{ file: configFilePath(), sections, credentials: false }], {
        state: {
            sessionName: name,
            ...(refreshToken ? { refreshTokenSha256: sha256(refreshToken) } : {}),
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
    log.info(`Wrote the token cache of [sso-session ${name}] (${holds}) to ${cacheFile}; mode 0600 until the post step removes it.`);
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
const sha256 = (text) => (0,external_node_crypto_.createHash)('sha256').update(text, 'utf8').digest('hex');
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
 */
async function closeSession(renewal) {
    // The cache read back and a write-back handle secrets: masked first, as in the main step.
    (0,token_inputs/* maskTokenInputs */.jW)();
    const cacheFile = token_cache_tokenCachePath(renewal.sessionName);
    const cached = await readTokenCache(cacheFile)
        .then(parseCachedToken)
        .catch(() => ({ kind: 'unusable', reason: 'unreadable' }));
    if (cached.kind === 'read') {
        for (const key of session/* SESSION_SECRET_KEYS */.Re)
            (0,masking/* maskInLogs */.pI)(cached.session[key] ?? '');
        await surfaceRotation(renewal, cached.session);
    }
    else {
        const what = cached.kind === 'missing'
            ? 'was deleted during the job'
            : `cannot be read back (${cached.reason})`;
        const lost = renewal.refreshTokenSha256
            ? '; a refresh token a tool of the job may have rotated into it is lost'
            : '';
        runner_log/* warning */.$e(`The token cache of this step's session (${cacheFile}) ${what}${lost}.`);
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
/** The cache's text parsed with the session document's strict shapes. */
function parseCachedToken(cached) {
    if (cached.kind !== 'read')
        return cached;
    try {
        return { kind: 'read', session: (0,session/* parseSsoSession */.t0)(cached.text) };
    }
    catch {
        return { kind: 'unusable', reason: 'it is not a token cache document' };
    }
}
/** A refresh token other than the one the main step wrote: write it back, or warn. */
async function surfaceRotation(renewal, session) {
    const { refreshToken, accessToken } = session;
    if (!renewal.refreshTokenSha256 || !refreshToken || !accessToken)
        return;
    if (sha256(refreshToken) === renewal.refreshTokenSha256)
        return;
    try {
        const settings = (0,token_inputs/* getTokenSettings */.nP)();
        await (0,rotation/* surfaceRotationAfterJob */.J)(settings, {
            accessToken,
            ...(session.expiresAt ? { expiresAt: session.expiresAt } : {}),
            rotatedRefreshToken: refreshToken,
        });
    }
    catch (error) {
        runner_log/* warning */.$e(`A tool in this job rotated the refresh token, and the post step could not write it back: ${(0,errors/* describeError */.Uc)(error)}`);
    }
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


/***/ })

};
