import { mkdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha1Hex as sha1 } from '../shared/hash.js';
import { readBounded } from './bounded-read.js';
import { awsHomeDirectory } from './config-files.js';
import { writeAtomically } from './files.js';
import { checkOwnDirectories } from './own-directories.js';

/**
 * The AWS SDKs' SSO token cache: `~/.aws/sso/cache/<sha1 of the sso-session name>.json`, the
 * document botocore, the AWS CLI v2 and the JS SDK v3 read an `sso_session` profile's access
 * token from, refresh it with, and write a refreshed (and rotated) token back to. Also the AWS
 * CLI's own cache of the role credentials it got for such a profile, and of those of a role it
 * assumed from one (`~/.aws/cli/cache`).
 */

/** Far above any real cache document (a few kilobytes); a bigger file is not ours. */
const MAX_CACHE_BYTES = 256 * 1024;

function cacheDirectory(env: NodeJS.ProcessEnv): string {
  return join(awsHomeDirectory(env), '.aws', 'sso', 'cache');
}

/** Where the SDKs look for the token of sso-session `name` (botocore and JS name it alike). */
export function tokenCachePath(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDirectory(env), `${sha1(name)}.json`);
}

/**
 * Where the AWS CLI v2 caches the role credentials of an sso-session profile: the SHA-1 of
 * `{"accountId","roleName","sessionName"}` as compact JSON with sorted keys (botocore's
 * SSOCredentialFetcher cache key), under ~/.aws/cli/cache.
 */
export function cliCredentialsCachePath(
  name: string,
  target: { readonly accountId: string; readonly roleName: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  const key = JSON.stringify({
    accountId: target.accountId,
    roleName: target.roleName,
    sessionName: name,
  });
  return join(cliCacheDirectory(env), `${sha1(key)}.json`);
}

/** The AssumeRole arguments a `role_arn` profile gives the AWS CLI (role_session_name and all). */
export interface AssumedRoleArguments {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly externalId?: string;
}

/**
 * Where the AWS CLI v2 caches the credentials of a role it assumed for a profile with `role_arn`
 * (botocore's AssumeRoleCredentialFetcher cache key): the SHA-1 of the AssumeRole arguments,
 * RoleSessionName included when the profile names it, as Python's `json.dumps(sort_keys=True)`
 * writes them (separators `, ` and `: `), under ~/.aws/cli/cache. Every value passed its input's
 * check (ASCII, no quote or backslash), so JSON.stringify escapes each as Python does.
 */
export function cliAssumedRoleCachePath(
  args: AssumedRoleArguments,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const fields: Record<string, string | number> = {
    DurationSeconds: args.durationSeconds,
    ...(args.externalId === undefined ? {} : { ExternalId: args.externalId }),
    RoleArn: args.roleArn,
    RoleSessionName: args.sessionName,
  };
  const key = `{${Object.keys(fields)
    .sort()
    .map((name) => `${JSON.stringify(name)}: ${JSON.stringify(fields[name])}`)
    .join(', ')}}`;
  return join(cliCacheDirectory(env), `${sha1(key)}.json`);
}

const cliCacheDirectory = (env: NodeJS.ProcessEnv): string =>
  join(awsHomeDirectory(env), '.aws', 'cli', 'cache');

/**
 * Writes the document in one atomic write, mode 0600, creating the directories 0700. A
 * directory that is already there keeps its mode (it may be the user's own `aws sso login`
 * cache), if it is the step's own (own-directories.ts; checked before any request too).
 */
export async function writeTokenCache(path: string, document: string): Promise<void> {
  const cache = dirname(path);
  await checkOwnDirectories([dirname(dirname(cache)), dirname(cache), cache]);
  await mkdir(cache, { recursive: true, mode: 0o700 });
  await writeAtomically(path, `${document}\n`, { mode: 0o600 });
}

/** The file's text; the caller parses it with the same strict shapes as a service answer. */
export type CachedToken =
  | { readonly kind: 'read'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unusable'; readonly reason: string };

/**
 * The document as the job's tools left it (bounded-read.ts): a regular file, not a link, of this
 * user, 0600 as the step wrote it, of reasonable size; what is wrong is said without quoting it.
 */
export async function readTokenCache(path: string): Promise<CachedToken> {
  const read = await readBounded(path, {
    maxBytes: MAX_CACHE_BYTES,
    ownUser: true,
    forbiddenModeBits: 0o077,
  });
  if (read.kind === 'refused') return { kind: 'unusable', reason: read.reason };
  return read.kind === 'read' ? { kind: 'read', text: read.text } : read;
}

/** Deletes a cache file; true when there was one. */
export async function removeCacheFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
