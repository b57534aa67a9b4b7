import { releaseStuckRead } from '../disk/files.js';
import {
  cliAssumedRoleCachePath,
  cliCredentialsCachePath,
  readTokenCache,
  removeCacheFile,
  tokenCachePath,
} from '../disk/token-cache.js';
import * as log from '../runner/log.js';
import { describeError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { isOpaqueToken } from '../sso/response-shapes.js';
import { parseSsoSession, type SsoSession } from '../sso/session.js';
import {
  type RenewedToken,
  registrationOf,
  surfaceRotationAfterJob,
  warnRotatedAfterJob,
} from '../steps/rotation.js';
import { getTokenSettings, maskTokenInputs, type TokenSettings } from '../steps/token-inputs.js';
import { type Deadline, DeadlinePassedError, formatSeconds } from '../time/deadline.js';
import { cacheDigests, registrationDigest } from './renewal.js';
import type { RenewalState } from './state.js';

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
export async function closeSession(renewal: RenewalState, deadline: Deadline): Promise<void> {
  // The write-back handles secrets: the inputs are masked first, as in the main step.
  maskTokenInputs();
  const cacheFile = tokenCachePath(renewal.sessionName);
  const found = await readBack(cacheFile, renewal, deadline);
  const lost = renewal.refreshTokenSha256
    ? '; a refresh token a tool of the job may have rotated into it is lost'
    : '';
  if (found.kind === 'ours') await surfaceRotation(renewal, found.session, cacheFile);
  else if (found.kind === 'missing') {
    log.warning(
      `The token cache of this step's session (${cacheFile}) was deleted during the job${lost}.`,
    );
  } else {
    log.warning(
      `The token cache of this step's session (${cacheFile}) was changed by something else in the job (${found.reason}): nothing from it was used${lost}.`,
    );
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

type ReadBack =
  | { readonly kind: 'ours'; readonly session: SsoSession }
  | { readonly kind: 'missing' }
  | { readonly kind: 'changed'; readonly reason: string };

/** The cache, if it is still the document of this step's session; else what is wrong with it. */
async function readBack(
  file: string,
  renewal: RenewalState,
  deadline: Deadline,
): Promise<ReadBack> {
  // The read is the post step's deadline's; a write-back keeps its own bound, as in the main step.
  const cached = await deadline.race(readTokenCache(file)).catch(async (error: unknown) => {
    if (!(error instanceof DeadlinePassedError)) {
      return { kind: 'unusable' as const, reason: 'it cannot be read' };
    }
    await releaseStuckRead(file);
    const reason = `the post step's time limit (${formatSeconds(error.limitMs)}) passed while reading it`;
    return { kind: 'unusable' as const, reason };
  });
  if (cached.kind === 'missing') return cached;
  if (cached.kind === 'unusable') return { kind: 'changed', reason: cached.reason };
  let session: SsoSession;
  try {
    session = parseSsoSession(cached.text);
  } catch {
    return { kind: 'changed', reason: 'it is not a token cache document' };
  }
  const reason = foreignContent(session, renewal);
  return reason ? { kind: 'changed', reason } : { kind: 'ours', session };
}

/** Why a well-formed document is not the one this step's session would hold, if it is not. */
function foreignContent(session: SsoSession, renewal: RenewalState): string | undefined {
  const digests = cacheDigests(session);
  if (digests.placeSha256 !== renewal.placeSha256) return 'it names another region or start URL';
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
  if (!tokens.every(isOpaqueToken)) return 'it holds a token in a shape no service issues';
  return undefined;
}

/**
 * A refresh token other than the one the main step wrote: redeemed with the step's own
 * registration, and what the service answers written back; or a warning.
 */
async function surfaceRotation(
  renewal: RenewalState,
  session: SsoSession,
  cacheFile: string,
): Promise<void> {
  const { refreshToken } = session;
  if (!refreshToken || sha256Hex(refreshToken) === renewal.refreshTokenSha256) return;
  let settings: TokenSettings;
  try {
    settings = getTokenSettings();
  } catch (error) {
    log.warning(
      `A tool in this job rotated the refresh token, and the post step could not write it back: ${describeError(error)}`,
    );
    return;
  }
  const registration = registrationOf(settings.tokenSource);
  if (!registration || registrationDigest(registration) !== renewal.registrationSha256) {
    warnRotatedAfterJob(
      settings,
      " The post step's inputs do not hold the main step's client registration, so nothing was written back.",
    );
    return;
  }
  // Without a write-back, nothing would be done with the token: no request to prove it.
  if (!settings.writeBack) return warnRotatedAfterJob(settings, '');
  let redeemed: RenewedToken & { readonly rotatedRefreshToken: string };
  try {
    // The AWS SDK is a chunk of its own, loaded only for this one request.
    const { redeemRefreshToken } = await import('../steps/redeem.js');
    redeemed = await redeemRefreshToken(settings, refreshToken);
  } catch (error) {
    warnRotatedAfterJob(
      settings,
      ` ${describeError(error)} Nothing was written back.`,
      `IAM Identity Center did not accept the refresh token in the token cache (${cacheFile}), which something in the job put there`,
    );
    return;
  }
  await surfaceRotationAfterJob(settings, redeemed);
}

/** Deletes one file; a cache that is gone already is fine (`quiet`: nothing said either way). */
async function remove(file: string, what: string, quiet = false): Promise<void> {
  try {
    const removed = await removeCacheFile(file);
    if (removed && !quiet) log.info(`Removed ${what} (${file}).`);
  } catch (error) {
    log.warning(`Could not remove ${what || file}: ${describeError(error)}`);
  }
}
