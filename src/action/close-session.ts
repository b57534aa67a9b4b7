import {
  type CachedToken,
  cliAssumedRoleCachePath,
  cliCredentialsCachePath,
  readTokenCache,
  removeCacheFile,
  tokenCachePath,
} from '../disk/token-cache.js';
import * as log from '../runner/log.js';
import { maskInLogs } from '../runner/masking.js';
import { describeError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { parseSsoSession, SESSION_SECRET_KEYS, type SsoSession } from '../sso/session.js';
import { surfaceRotationAfterJob } from '../steps/rotation.js';
import { getTokenSettings, maskTokenInputs } from '../steps/token-inputs.js';
import type { RenewalState } from './state.js';

/**
 * The post step's half of renew-credentials: reads the token cache back (a tool of the job may
 * have refreshed the token, and the service may have rotated the refresh token: today's rotation
 * case), then removes the cache and the AWS CLI's cached credentials of the session's roles and
 * of the roles its chained profiles assume. The paths are worked out (SHA-1 names in the two
 * cache directories) from the session name and validated role arguments, never taken from the
 * state as given. Nothing here fails the step or stops the cleanup: trouble is a warning.
 */
export async function closeSession(renewal: RenewalState): Promise<void> {
  // The cache read back and a write-back handle secrets: masked first, as in the main step.
  maskTokenInputs();
  const cacheFile = tokenCachePath(renewal.sessionName);
  const cached = await readTokenCache(cacheFile)
    .then(parseCachedToken)
    .catch(() => ({ kind: 'unusable' as const, reason: 'unreadable' }));
  if (cached.kind === 'read') {
    for (const key of SESSION_SECRET_KEYS) maskInLogs(cached.session[key] ?? '');
    await surfaceRotation(renewal, cached.session);
  } else {
    const what =
      cached.kind === 'missing'
        ? 'was deleted during the job'
        : `cannot be read back (${cached.reason})`;
    const lost = renewal.refreshTokenSha256
      ? '; a refresh token a tool of the job may have rotated into it is lost'
      : '';
    log.warning(`The token cache of this step's session (${cacheFile}) ${what}${lost}.`);
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

type ParsedCache =
  | { readonly kind: 'read'; readonly session: SsoSession }
  | Exclude<CachedToken, { kind: 'read' }>;

/** The cache's text parsed with the session document's strict shapes. */
function parseCachedToken(cached: CachedToken): ParsedCache {
  if (cached.kind !== 'read') return cached;
  try {
    return { kind: 'read', session: parseSsoSession(cached.text) };
  } catch {
    return { kind: 'unusable', reason: 'it is not a token cache document' };
  }
}

/** A refresh token other than the one the main step wrote: write it back, or warn. */
async function surfaceRotation(renewal: RenewalState, session: SsoSession): Promise<void> {
  const { refreshToken, accessToken } = session;
  if (!renewal.refreshTokenSha256 || !refreshToken || !accessToken) return;
  if (sha256Hex(refreshToken) === renewal.refreshTokenSha256) return;
  try {
    const settings = getTokenSettings();
    await surfaceRotationAfterJob(settings, {
      accessToken,
      ...(session.expiresAt ? { expiresAt: session.expiresAt } : {}),
      rotatedRefreshToken: refreshToken,
    });
  } catch (error) {
    log.warning(
      `A tool in this job rotated the refresh token, and the post step could not write it back: ${describeError(error)}`,
    );
  }
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
