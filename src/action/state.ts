import { randomBytes } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import * as core from '@actions/core';
import { readBounded } from '../disk/bounded-read.js';
import { configFilePath, credentialsFilePath, type WrittenFile } from '../disk/credentials-file.js';
import type { AssumedRoleArguments } from '../disk/token-cache.js';
import { StateKeys } from '../runner/constants.js';
import { sha256Hex } from '../shared/hash.js';
import { ACCOUNT_ID, ROLE_NAME } from '../shared/validation.js';
import { EXTERNAL_ID, ROLE_ARN, ROLE_SESSION_NAME } from '../sts/arns.js';

/**
 * Carries what the main step wrote to the post step. The runner passes state as environment
 * variables, which have a size limit, and what the post step needs can be large (many profiles,
 * and the text each one replaced, which may hold the user's own long-lived keys): so it goes to
 * a file under RUNNER_TEMP, created 0600 and exclusively (O_EXCL), and only its path and a
 * SHA-256 of its contents go to the runner's state. The post step reads the file back only if it
 * is still the regular, private file of this step that hashes the same, and only for the two
 * files this step writes; it deletes it afterwards.
 */

interface StatePointer {
  readonly path: string;
  readonly sha256: string;
}

/**
 * What renew-credentials left for the post step besides the config sections: the session's name
 * (the post step works the cache paths out from it, so a changed state cannot point it at another
 * file), a hash of the refresh token the cache was written with (to tell a rotation by the job's
 * tools; never the token), and the roles, whose AWS CLI credential caches it removes too.
 */
export interface RenewalState {
  readonly sessionName: string;
  readonly refreshTokenSha256?: string;
  /** Digests of what the cache was written with (renewal.ts cacheDigests), never the values. */
  readonly registrationSha256?: string;
  readonly placeSha256: string;
  readonly roles: readonly { readonly accountId: string; readonly roleName: string }[];
  /** role-to-assume: what the chained profile assumes, whose AWS CLI cache the post step removes. */
  readonly chains?: readonly AssumedRoleArguments[];
}

interface StateDocument {
  readonly version: 1;
  readonly files: readonly WrittenFile[];
  readonly renewal?: RenewalState;
}

/** The most the post step reads back; far more than 1,000 profiles take. */
const MAX_STATE_BYTES = 64 * 1024 * 1024;

/** RUNNER_TEMP, which the runner empties after every job; the OS temp directory elsewhere. */
function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.RUNNER_TEMP || tmpdir());
}

/** Writes the state file and points the runner's state at it; returns the file's path. */
export async function saveWrittenFiles(
  files: readonly WrittenFile[],
  renewal?: RenewalState,
): Promise<string> {
  const text = JSON.stringify({
    version: 1,
    files,
    ...(renewal ? { renewal } : {}),
  } satisfies StateDocument);
  const path = join(
    stateDirectory(),
    `aws-sso-credentials-${randomBytes(12).toString('hex')}.json`,
  );
  await writeFile(path, text, { mode: 0o600, flag: 'wx' });
  try {
    core.saveState(StateKeys.StateFile, JSON.stringify({ path, sha256: sha256Hex(text) }));
  } catch (error) {
    // The caller never learns the path then: delete the copy of the user's sections here.
    await discardState(path);
    throw error;
  }
  return path;
}

/** Deletes a state file this step wrote (when the step fails after writing it). */
export async function discardState(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

export interface LoadedState {
  readonly files: WrittenFile[];
  /** The session renew-credentials gave the job, when it did. */
  readonly renewal?: RenewalState;
  /** Why the state was refused, when it was; the post step then touches nothing. */
  readonly refused?: string;
  /** The state file, to delete once the post step is done with it. */
  readonly path?: string;
}

/** What the main step wrote; empty when it wrote nothing (or failed before doing so). */
export async function loadWrittenFiles(): Promise<LoadedState> {
  const pointer = readPointer(core.getState(StateKeys.StateFile));
  if (pointer === undefined) return { files: [] };
  if (typeof pointer === 'string') return { files: [], refused: pointer };
  const text = await readStateFile(pointer.path);
  if (text === undefined) {
    return {
      files: [],
      refused: 'its state file is missing, not a private regular file, or too large',
    };
  }
  if (sha256Hex(text) !== pointer.sha256) {
    return {
      files: [],
      refused: 'its state file was changed after the main step wrote it',
      path: pointer.path,
    };
  }
  const document = parseDocument(text);
  if (!document) {
    return {
      files: [],
      refused: 'its state file names a file or a section that this step does not write',
      path: pointer.path,
    };
  }
  return { ...document, path: pointer.path };
}

/** The pointer, undefined when there is none, or the reason it is refused. */
function readPointer(text: string): StatePointer | string | undefined {
  if (!text) return undefined;
  let pointer: Partial<StatePointer>;
  try {
    pointer = JSON.parse(text) as Partial<StatePointer>;
  } catch {
    return 'its state is not readable';
  }
  const { path, sha256 } = pointer ?? {};
  if (typeof path !== 'string' || typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
    return 'its state is not readable';
  }
  const directory = stateDirectory();
  const inside = relative(directory, resolve(path));
  if (!isAbsolute(path) || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    return 'its state points outside RUNNER_TEMP';
  }
  return { path, sha256 };
}

/**
 * The file's text, if it is a regular file (not a link), of this user, readable by no one else
 * (by its mode, where modes say that), and not larger than the bound (bounded-read.ts).
 */
async function readStateFile(path: string): Promise<string | undefined> {
  const read = await readBounded(path, {
    maxBytes: MAX_STATE_BYTES,
    ownUser: true,
    forbiddenModeBits: 0o077,
  });
  return read.kind === 'read' ? read.text : undefined;
}

const SECTION_NAME = /^(?:profile |sso-session )?[A-Za-z0-9._@+-]{1,128}$/;
/** The names renewal.ts gives sessions: nothing else is ever looked up or removed. */
const SESSION_NAME = /^aws-sso-credentials-[A-Za-z0-9._-]{1,100}$/;
const MAX_ROLES = 10_000;

/**
 * The files and the session, if every file is the credentials or the config file and every part
 * has its shape.
 */
function parseDocument(text: string): { files: WrittenFile[]; renewal?: RenewalState } | undefined {
  let document: Partial<StateDocument>;
  try {
    document = JSON.parse(text) as Partial<StateDocument>;
  } catch {
    return undefined;
  }
  const files = document?.files;
  if (document?.version !== 1 || !Array.isArray(files)) return undefined;
  const ours = new Set([resolve(credentialsFilePath()), resolve(configFilePath())]);
  const valid = files.every(
    (file: WrittenFile) => isWrittenFile(file) && ours.has(resolve(file.file)),
  );
  const { renewal } = document;
  if (!valid || (renewal !== undefined && !isRenewalState(renewal))) return undefined;
  return { files: [...files], ...(renewal ? { renewal } : {}) };
}

function isRenewalState(value: unknown): value is RenewalState {
  const renewal = value as Partial<Record<keyof RenewalState, unknown>> | null;
  const hash = renewal?.refreshTokenSha256;
  return (
    isString(renewal?.sessionName) &&
    SESSION_NAME.test(renewal.sessionName) &&
    [hash, renewal.registrationSha256].every(
      (digest) => digest === undefined || isDigest(digest),
    ) &&
    isDigest(renewal.placeSha256) &&
    Array.isArray(renewal.roles) &&
    renewal.roles.length <= MAX_ROLES &&
    renewal.roles.every(
      (role: { accountId?: unknown; roleName?: unknown } | null) =>
        isString(role?.accountId) &&
        ACCOUNT_ID.test(role.accountId) &&
        isString(role.roleName) &&
        ROLE_NAME.test(role.roleName),
    ) &&
    (renewal.chains === undefined ||
      (Array.isArray(renewal.chains) &&
        renewal.chains.length <= MAX_ROLES &&
        renewal.chains.every(isAssumedRole)))
  );
}

/** The arguments of a chained profile, each as its input allows it (so one of our cache keys). */
function isAssumedRole(value: unknown): boolean {
  const chain = value as Partial<Record<keyof AssumedRoleArguments, unknown>> | null;
  const { durationSeconds, externalId } = chain ?? {};
  return (
    isString(chain?.roleArn) &&
    ROLE_ARN.test(chain.roleArn) &&
    isString(chain.sessionName) &&
    ROLE_SESSION_NAME.test(chain.sessionName) &&
    Number.isInteger(durationSeconds) &&
    (durationSeconds as number) >= 900 &&
    (durationSeconds as number) <= 43_200 &&
    (externalId === undefined || (isString(externalId) && EXTERNAL_ID.test(externalId)))
  );
}

const isString = (value: unknown): value is string => typeof value === 'string';

const isDigest = (value: unknown): boolean => isString(value) && /^[0-9a-f]{64}$/.test(value);

function isWrittenFile(value: unknown): value is WrittenFile {
  const file = value as Partial<Record<keyof WrittenFile, unknown>> | null;
  return (
    isString(file?.file) &&
    (file.target === undefined || (isString(file.target) && isAbsolute(file.target))) &&
    typeof file.createdFile === 'boolean' &&
    (file.createdDirectory === undefined ||
      (isString(file.createdDirectory) && isAbsolute(file.createdDirectory))) &&
    typeof file.addedNewline === 'boolean' &&
    (file.originalMode === undefined ||
      (Number.isInteger(file.originalMode) && (file.originalMode as number) <= 0o7777)) &&
    (file.originalText === undefined || isString(file.originalText)) &&
    (file.writtenSha256 === undefined || isString(file.writtenSha256)) &&
    Array.isArray(file.sections) &&
    file.sections.every(isWrittenSection)
  );
}

function isWrittenSection(value: unknown): boolean {
  const section = value as { name?: unknown; ownerLine?: unknown; replaced?: unknown } | null;
  return (
    isString(section?.name) &&
    SECTION_NAME.test(section.name) &&
    isString(section.ownerLine) &&
    section.ownerLine.length <= 512 &&
    (section.replaced === undefined ||
      (Array.isArray(section.replaced) && section.replaced.every(isString)))
  );
}
