import { constants } from 'node:fs';
import { access, lstat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type BoundedRead, readBounded } from '../disk/bounded-read.js';
import { LockTimeoutError, withFileLock } from '../disk/file-lock.js';
import { resolveWriteTarget, writeAtomically } from '../disk/files.js';
import type { SecretSink } from '../secrets/secret-sink.js';
import { describeError, UserError } from '../shared/errors.js';
import { isRegion } from '../shared/validation.js';
import { type ClientOptions, withClients } from '../sso/clients.js';
import { describeProblem } from '../sso/describe-problem.js';
import { problemOf } from '../sso/identity-center-error.js';
import type { Problem } from '../sso/problems.js';
import {
  parseSsoSession,
  renewedSession,
  SESSION_SECRET_KEYS,
  type SsoSession,
  serializeSsoSession,
} from '../sso/session.js';
import {
  type AccessToken,
  type GivenToken,
  hasUsableAccessToken,
  resolveAccessToken,
} from '../sso/token.js';
import { describeWait } from '../time/relative-time.js';
import { UsageError } from './args.js';
import { cliVocabulary, loginCommandFor } from './vocabulary.js';

/** The session document on disk, as `login` writes it and `credentials`/`accounts` read it. */

export interface LoadedSession {
  readonly file: string;
  readonly session: SsoSession;
  readonly region: string;
}

/**
 * Reads and checks the document; errors name the file, never its contents. Its secrets go to
 * `mask` first, as the action masks the secret members of its sso-session input. A defect in
 * the document comes out as the core's problem: the command phrases it (cliVocabulary).
 */
export async function loadSession(
  file: string,
  mask: SecretSink,
  regionFlag?: string,
): Promise<LoadedSession> {
  const session = parseSsoSession(await readSessionText(file));
  maskSessionSecrets(session, mask);
  const region = regionFlag ?? session.region;
  if (!region) {
    throw new UsageError(`The session file ${file} has no "region"; give --sso-region.`);
  }
  if (!isRegion(region)) {
    throw new UserError(`The session file ${file} has a "region" that is not an AWS region name.`);
  }
  if (regionFlag && session.region && regionFlag !== session.region) {
    throw new UsageError(
      `--sso-region is ${regionFlag} but the session file's region is ${session.region}; they must agree.`,
    );
  }
  return { file, session, region };
}

function maskSessionSecrets(session: SsoSession, mask: SecretSink): void {
  for (const key of SESSION_SECRET_KEYS) {
    const secret = session[key];
    if (secret) mask(secret);
  }
}

/** A session document is a few KiB; a bigger file is not one. */
const MAX_SESSION_BYTES = 1024 * 1024;

/**
 * The file's text (bounded-read.ts). The path is the user's own choice, so a symbolic link is
 * followed, under the rule the system's protected_symlinks applies (files.ts); what it names must
 * be a regular file of this user that no other user may write (it holds a refresh token that
 * another could swap for theirs), of at most 1 MiB; a FIFO is refused without blocking.
 */
async function readSessionText(file: string): Promise<string> {
  const create = `Create it with \`${loginCommandFor(file)}\`.`;
  let read: BoundedRead;
  try {
    read = await readBounded(await resolveWriteTarget(file), {
      maxBytes: MAX_SESSION_BYTES,
      ownUser: true,
      forbiddenModeBits: 0o022,
    });
  } catch (error) {
    throw new UserError(`Cannot read the session file ${file}: ${describeError(error)}. ${create}`);
  }
  if (read.kind === 'read') return read.text;
  const why = read.kind === 'missing' ? 'it does not exist' : read.reason;
  throw new UserError(`Cannot read the session file ${file}: ${why}. ${create}`);
}

/**
 * Checked before the sign-in starts, so that it is not lost: the document is written to `file`
 * (through a link, to its target) as a new file replacing the old one, which must be absent or
 * a regular file, in a directory this user may write to. A directory, a FIFO or a device is
 * refused, and nothing is chmodded.
 */
export async function checkSessionTarget(file: string, flag: string): Promise<void> {
  let problem: string | undefined;
  try {
    const target = await resolveWriteTarget(file);
    const stats = await lstat(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (stats?.isDirectory()) problem = 'it is a directory';
    else if (stats && !stats.isFile()) problem = 'it is not a regular file';
    else await access(dirname(target), constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') problem = 'its directory does not exist';
    else if (code === 'ENOTDIR') problem = 'a part of its path is not a directory';
    else problem = describeError(error);
  }
  if (problem) {
    throw new UserError(`Cannot write the session document to ${file} (${flag}): ${problem}.`);
  }
}

/** One line of JSON: a GitHub secret is masked line by line, so a pretty-printed one would mask `{`. */
export function sessionDocument(session: SsoSession): string {
  return `${serializeSsoSession(session, 0)}\n`;
}

/**
 * Writes the document so that only its owner can read it: a new 0600 file replaces the old one
 * atomically (through a link, its target), so that nothing the CLI did not create is chmodded.
 */
export async function writeSessionFile(file: string, session: SsoSession): Promise<void> {
  try {
    await writeAtomically(file, sessionDocument(session), { mode: 0o600 });
  } catch (error) {
    throw new UserError(
      `Could not write the session document to ${file}: ${describeError(error)}.`,
    );
  }
}

export interface RenewedSession extends LoadedSession {
  readonly accessToken: string;
  /**
   * Set when the token could not be refreshed but still had time left, and is used as it is (as
   * botocore does): whoever asks with it must not try to refresh it again.
   */
  readonly stillValid?: GivenToken;
}

/**
 * The session with an access token good for at least five more minutes (token.ts decides and
 * refreshes, as for the action). A refresh is saved at once, before anything else can fail: the
 * service may have rotated the refresh token, and then the one in the file no longer works.
 *
 * The AWS tools run `credential_process` side by side, and of two refreshes of one rotating
 * refresh token only the first succeeds: so a refresh happens under a lock beside the file
 * (file-lock.ts), and the file is read again once the lock is held, as another process may have
 * refreshed it meanwhile. When the refresh fails while the token in the file still has time
 * left, that token is used, with a warning.
 */
export async function renewIfNeeded(
  loaded: LoadedSession,
  mask: SecretSink,
  clientOptions: ClientOptions,
  warn: (text: string) => void,
): Promise<RenewedSession> {
  if (hasUsableAccessToken(loaded.session)) return renew(loaded, mask, clientOptions, warn);
  try {
    return await withFileLock(loaded.file, async () =>
      renew(await reload(loaded, mask), mask, clientOptions, warn),
    );
  } catch (error) {
    if (!(error instanceof LockTimeoutError)) throw error;
    throw new UserError(
      `Waited ${describeWait(error.waitedMs)} for another aws-sso-credentials process to finish refreshing ${loaded.file}; try again, or, if none is running, delete ${error.lockFile}.`,
    );
  }
}

/** The file as it is now (another process may have refreshed it), with its secrets masked. */
async function reload(loaded: LoadedSession, mask: SecretSink): Promise<LoadedSession> {
  const session = parseSsoSession(await readSessionText(loaded.file));
  maskSessionSecrets(session, mask);
  return { ...loaded, session };
}

async function renew(
  loaded: LoadedSession,
  mask: SecretSink,
  clientOptions: ClientOptions,
  warn: (text: string) => void,
): Promise<RenewedSession> {
  const source = { kind: 'sso-session', session: loaded.session } as const;
  let token: AccessToken;
  try {
    token = await withClients(loaded.region, clientOptions, (clients) =>
      resolveAccessToken(source, clients.oidc, mask, new Date(), clients.refreshRetry),
    );
  } catch (error) {
    const problem = problemOf(error);
    const stillValid = problem && stillValidToken(loaded.session);
    if (!problem || !stillValid) throw error;
    warn(stillValidWarning(loaded.file, problem, stillValid.expiresAt));
    return { ...loaded, accessToken: stillValid.accessToken, stillValid };
  }
  const session = await saveIfRefreshed(loaded, token);
  return { ...loaded, session, accessToken: token.accessToken };
}

/** The file's access token, when it has not expired (asked when the core could not renew it). */
function stillValidToken(session: SsoSession): GivenToken | undefined {
  const { accessToken, expiresAt } = session;
  if (!accessToken || !expiresAt) return undefined;
  return expiresAt.getTime() > Date.now() ? { accessToken, expiresAt } : undefined;
}

function stillValidWarning(file: string, problem: Problem, expiresAt: Date): string {
  const left = describeWait(expiresAt.getTime() - Date.now());
  return `aws-sso-credentials: warning: ${describeProblem(problem, cliVocabulary(file))} Meanwhile the access token in the file is used; it expires in ${left}.\n`;
}

/** Writes the renewed document back when the token was just refreshed; returns what is current. */
export async function saveIfRefreshed(
  loaded: LoadedSession,
  token: AccessToken,
): Promise<SsoSession> {
  if (!token.refreshed) return loaded.session;
  const session = renewedSession(loaded.session, token);
  try {
    await writeSessionFile(loaded.file, session);
  } catch (error) {
    const rotated = token.rotatedRefreshToken
      ? ` IAM Identity Center rotated the refresh token, so the one in the file may no longer work; run \`${loginCommandFor(loaded.file)}\`.`
      : '';
    throw new UserError(`${describeError(error)}${rotated}`);
  }
  return session;
}
