import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import {
  configFilePath,
  credentialsFilePath,
  hasSection,
  type IniSection,
  planSections,
} from '../disk/credentials-file.js';
import { privateFileWording } from '../disk/platform.js';
import {
  type AssumedRoleArguments,
  removeCacheFile,
  tokenCachePath,
  writeTokenCache,
} from '../disk/token-cache.js';
import { Inputs, Outputs } from '../runner/constants.js';
import * as log from '../runner/log.js';
import { AwsEnv } from '../shared/aws-env.js';
import { describeError, InputError, UserError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { byCount } from '../shared/plural.js';
import { type SsoSession, serializeSsoSession } from '../sso/session.js';
import type { AccessToken } from '../sso/token.js';
import type { RoleTarget } from '../sso/token-session.js';
import type { TokenSource } from '../steps/token-inputs.js';
import { chainedProfileSection } from './chained-profile.js';
import type { ProfileRenewal as RenewalSettings } from './renewal-inputs.js';
import type { RoleChainSettings } from './role-chain-inputs.js';
import { writeProfiles } from './write-profiles.js';

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
const UNKNOWN_ACCESS_TOKEN_HORIZON_MS = 8 * 60 * 60 * 1000;
/**
 * botocore refreshes only while `registrationExpiresAt` is in the future, and a refresh-token
 * input does not say when its registration ends. A registration lives 90 days; a stand-in that
 * is too late only lets a refresh be tried, which the service then answers itself.
 */
const UNKNOWN_REGISTRATION_HORIZON_MS = 90 * 24 * 60 * 60 * 1000;

/** One profile of the session: its name and the role it renews credentials for. */
export interface RenewingProfile {
  readonly profile: string;
  readonly target: RoleTarget;
  /** role-to-assume: the profile is then that role, assumed from the permission set's profile. */
  readonly chain?: RoleChainSettings;
  /**
   * Where the step asked STS (aws-region, else IAM Identity Center's region): the chained
   * profile's region when aws-region is empty, as botocore cannot call STS without one.
   */
  readonly stsRegion?: string;
}

/**
 * The session's name, `aws-sso-credentials-<run>-<attempt>-<job>-<random>` (at most 100
 * characters): jobs that share a self-hosted runner's home, and the user's own `aws sso login`,
 * never read or overwrite each other's cache. Also the profile's name when `profile` is not given.
 */
export function sessionName(env: NodeJS.ProcessEnv = process.env): string {
  const part = (value: string | undefined, max: number, fallback: string) =>
    (value ?? '').replace(/[^A-Za-z0-9_-]/g, '').slice(0, max) || fallback;
  return [
    'aws-sso-credentials',
    part(env.GITHUB_RUN_ID, 20, 'local'),
    part(env.GITHUB_RUN_ATTEMPT, 5, '1'),
    part(env.GITHUB_JOB, 40, 'job'),
    // Matrix jobs share the job id, and one job may run the action twice.
    randomBytes(6).toString('hex'),
  ].join('-');
}

const ownerLine = (stepId: string): string =>
  `# written by aws-sso-credentials (${stepId}); its post step removes it`;

/** The config section of a profile: `[profile P]`, or `[default]` for the default profile. */
const configSectionName = (profile: string): string =>
  profile === 'default' ? 'default' : `profile ${profile}`;

/** `[sso-session NAME]`: where and how the SDKs renew the token. */
export function ssoSessionSection(
  name: string,
  ssoRegion: string,
  startUrl: string,
  stepId: string,
): IniSection {
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
export function renewingProfileSections(
  profile: RenewingProfile,
  name: string,
  region: string | undefined,
  stepId: string,
): IniSection[] {
  const owner = ownerLine(stepId);
  const regionLine = region ? [`region = ${region}`] : [];
  // With a chain, the permission set's profile is the source, under a name as unique as the session's.
  const source = profile.chain ? chainSourceProfile(name) : profile.profile;
  const sections: IniSection[] = [
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
export const chainSourceProfile = (name: string): string => `${name}-source`;

/**
 * A profile of that name in the shared credentials file would shadow the renewing one: the JS
 * SDK prefers its keys to the sso settings, botocore the other way round. Refused, naming the
 * input, before any request.
 */
export async function checkProfilesFree(profiles: readonly string[], input: string): Promise<void> {
  const file = credentialsFilePath();
  let text: string;
  try {
    text = (await planSections(file, [])).existing?.text ?? '';
  } catch (error) {
    throw new UserError(`Could not read ${file}: ${describeError(error)}`);
  }
  const taken = profiles.filter((profile) => hasSection(text, profile));
  if (taken.length === 0) return;
  throw new InputError(
    input,
    `names ${taken.map((p) => `'${p}'`).join(', ')}, which ${byCount(taken.length, 'is a profile', 'are profiles')} with keys of ${byCount(taken.length, 'its', 'their')} own in ${file}: some AWS SDKs would use those keys instead of renewing. With '${Inputs.RenewCredentials}', choose another name, or remove the section first.`,
  );
}

/** The token cache document: the access token, and the refresh grant when the job holds it. */
export function cacheDocument(
  renewal: RenewalSettings,
  ssoRegion: string,
  source: TokenSource,
  token: AccessToken,
  now: Date = new Date(),
): SsoSession {
  const later = (ms: number) => new Date(now.getTime() + ms);
  const access = {
    accessToken: token.accessToken,
    expiresAt: token.expiresAt ?? later(UNKNOWN_ACCESS_TOKEN_HORIZON_MS),
  };
  const place = { region: ssoRegion, startUrl: renewal.startUrl };
  const grant = renewal.holdsRefreshToken ? refreshGrantOf(source) : undefined;
  if (!grant) return { ...access, ...place };
  return {
    ...access,
    refreshToken: token.rotatedRefreshToken ?? grant.refreshToken,
    clientId: grant.clientId,
    clientSecret: grant.clientSecret,
    registrationExpiresAt: token.registrationExpiresAt ?? later(UNKNOWN_REGISTRATION_HORIZON_MS),
    ...place,
  };
}

export function refreshGrantOf(
  source: TokenSource,
): { refreshToken: string; clientId: string; clientSecret: string } | undefined {
  if (source.kind === 'refresh-token') return source;
  if (source.kind !== 'sso-session') return undefined;
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
export function sessionExpiration(document: SsoSession, source: TokenSource): Date | undefined {
  if (!document.refreshToken)
    return source.kind === 'access-token' ? undefined : document.expiresAt;
  if (source.kind === 'sso-session') return source.session.registrationExpiresAt;
  return undefined;
}

/** Where the token and the step's settings come from: what both input forms share. */
interface RenewalContext {
  readonly ssoRegion: string;
  readonly tokenSource: TokenSource;
  readonly awsRegion?: string | undefined;
  readonly timeLimitMs?: number | undefined;
}

/**
 * Gives the job the session: the sections and the cache, then the session-expiration output.
 * Called only once every role's credentials were obtained, so that a wrong account, role or
 * token has failed the step already, with the usual errors.
 */
export async function publishRenewal(
  settings: RenewalContext,
  renewal: RenewalSettings,
  profiles: readonly RenewingProfile[],
  token: AccessToken,
  name: string = sessionName(),
): Promise<void> {
  const document = cacheDocument(renewal, settings.ssoRegion, settings.tokenSource, token);
  await writeRenewingSession(name, profiles, document, settings);
  const until = sessionExpiration(document, settings.tokenSource);
  if (until) core.setOutput(Outputs.SessionExpiration, until.toISOString());
  if (!document.refreshToken) {
    const why = renewal.holdsRefreshToken
      ? ''
      : ` ('${Inputs.TokenHandoff}': only the job that refreshes holds the refresh token)`;
    log.info(
      `The job's tools can renew credentials until the access token expires${until ? ` at ${until.toISOString()}` : ''}${why}.`,
    );
  }
}

interface PublishedSession {
  readonly name: string;
  readonly cacheFile: string;
}

/**
 * Writes the sections and the cache all or none (disk/shared-files.ts), with the state the post step
 * needs to read the cache back and remove everything.
 */
async function writeRenewingSession(
  name: string,
  profiles: readonly RenewingProfile[],
  document: SsoSession,
  settings: RenewalContext,
): Promise<PublishedSession> {
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
  log.info(
    `Wrote the token cache of [sso-session ${name}] (${holds}) to ${cacheFile}; ${privateFileWording()} until the post step removes it.`,
  );
  return { name, cacheFile };
}

/** The AssumeRole arguments of each chained profile: the AWS CLI caches its credentials by them. */
function chainsState(profiles: readonly RenewingProfile[]): { chains?: AssumedRoleArguments[] } {
  const chains = profiles.flatMap(({ chain }) =>
    chain
      ? [
          {
            roleArn: chain.roleArn,
            sessionName: chain.sessionName,
            durationSeconds: chain.durationSeconds,
            ...(chain.externalId ? { externalId: chain.externalId } : {}),
          },
        ]
      : [],
  );
  return chains.length > 0 ? { chains } : {};
}

/**
 * What ties a cache document to the step that wrote it, as digests (the post step compares, and
 * the state never holds the values): its client registration, when it holds one, and its region
 * and start URL. The job's tools write all of them back unchanged when they refresh.
 */
export function cacheDigests(document: SsoSession): {
  registrationSha256?: string;
  placeSha256: string;
} {
  const { clientId, clientSecret } = document;
  return {
    ...(clientId || clientSecret ? { registrationSha256: registrationDigest(document) } : {}),
    placeSha256: sha256Hex(JSON.stringify([document.region ?? '', document.startUrl ?? ''])),
  };
}

/** The client registration's digest, of a cache document or of the step's token inputs. */
export const registrationDigest = (holder: {
  readonly clientId?: string;
  readonly clientSecret?: string;
}): string => sha256Hex(JSON.stringify([holder.clientId ?? '', holder.clientSecret ?? '']));

const STATIC_KEYS = [
  AwsEnv.AccessKeyId,
  AwsEnv.SecretAccessKey,
  AwsEnv.SessionToken,
  AwsEnv.CredentialExpiration,
] as const;

/**
 * AWS_PROFILE for the rest of the job. Keys an earlier step exported would take precedence over
 * the profile (in botocore and the AWS CLI) and then expire: they are cleared, and the log says so.
 */
export function exportProfile(profile: string): void {
  const cleared = STATIC_KEYS.filter((name) => (process.env[name] ?? '') !== '');
  for (const name of cleared) core.exportVariable(name, '');
  core.exportVariable(AwsEnv.Profile, profile);
  if (cleared.length > 0) {
    log.info(
      `Cleared ${cleared.join(', ')} for the rest of the job: an earlier step set them, and they would take precedence over profile '${profile}' and then expire.`,
    );
  }
  log.info(
    `Exported AWS_PROFILE=${profile}: the job's AWS tools renew its credentials themselves.`,
  );
}
