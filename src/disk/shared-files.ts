import { mkdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { describeError, UserError } from '../shared/errors.js';
import type { Deadline } from '../time/deadline.js';
import {
  type IniSection,
  type PlannedWrite,
  planSections,
  removeCreatedDirectories,
  removeEmptyDirectories,
  unwriteSections,
  type WrittenFile,
  writePlanned,
} from './credentials-file.js';
import { withFileLocks } from './file-lock.js';
import { resolveWriteTarget } from './files.js';
import { setAsideWarnings } from './profile-config.js';

/** One of the shared files to write, and whether it will hold credentials (then it is made 0600). */
export interface SharedFileEdit {
  readonly file: string;
  readonly sections: readonly IniSection[];
  readonly credentials: boolean;
  /** Edit only a regular file that exists: anything else (none, /dev/null) is left as it is. */
  readonly onlyRegularFile?: boolean;
}

/**
 * A file that goes with the shared files (renew-credentials' token cache): written after them,
 * before the state is saved, taken back with them, and named in the state for the post step.
 */
export interface SessionWrite {
  /** How a warning names it: "the token cache of [sso-session NAME] (PATH)". */
  readonly name: string;
  write(): Promise<void>;
  undo(): Promise<void>;
}

export interface SharedFilesOptions {
  readonly session?: SessionWrite;
  /**
   * Saves the post step's state: the files it must clean, and whether the session's file too.
   * Called after the last write; and after a failure, for what could not be taken back.
   */
  readonly saveState: (files: readonly WrittenFile[], withSession: boolean) => Promise<void>;
  /** The step's deadline: no lock wait outlasts it. */
  readonly deadline?: Deadline;
}

/** What the front end tells the log: a line per file written, and warnings. */
export interface SharedFilesReport {
  readonly lines: readonly string[];
  readonly warnings: readonly string[];
}

/** The write failed; `warnings` name what could not be taken back (and who will clean it). */
export class SharedFilesError extends UserError {
  override readonly name = 'SharedFilesError';
  constructor(
    message: string,
    readonly warnings: readonly string[],
  ) {
    super(message);
  }
}

/**
 * Writes the shared files all or none: every file is read and checked before the first one is
 * written, the state for the post step is saved after the last, and when anything fails on the
 * way, what was written is taken back before the error goes on. What cannot be taken back is
 * named in the error's warnings, and saved in the state for the post step to clean.
 */
export async function writeSharedFiles(
  edits: readonly SharedFileEdit[],
  options: SharedFilesOptions,
): Promise<SharedFilesReport> {
  // Jobs sharing a self-hosted runner's home may edit the same files at the same moment.
  const targets = await lockTargets(edits);
  // The locks sit beside the files: the directories they need are made first, and remembered as
  // this step's, so that the post step (or a failure) removes them again once empty.
  const made = new Map<string, string>();
  for (const target of targets) {
    const top = await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    if (top) made.set(target, top);
  }
  const { deadline } = options;
  try {
    return await withFileLocks(targets, () => writeLocked(edits, options, made), {
      ...(deadline ? { deadline } : {}),
    });
  } catch (error) {
    for (const [target, top] of made) await removeEmptyDirectories(target, top);
    throw error;
  }
}

/**
 * One path to lock per file: one file under two names (a directory link, a hard link) would
 * otherwise wait for its own lock. That such a pair is refused is checkDistinct's part.
 */
async function lockTargets(edits: readonly SharedFileEdit[]): Promise<string[]> {
  const byIdentity = new Map<string, string>();
  for (const { file } of edits) {
    const target = await resolveWriteTarget(file).catch(() => file);
    const identity = await fileIdentity(target);
    if (!byIdentity.has(identity)) byIdentity.set(identity, target);
  }
  return [...byIdentity.values()];
}

async function writeLocked(
  edits: readonly SharedFileEdit[],
  { session, saveState }: SharedFilesOptions,
  made: ReadonlyMap<string, string>,
): Promise<SharedFilesReport> {
  const planned: { plan: PlannedWrite; mode?: number }[] = [];
  for (const edit of edits) {
    const result = await plan(edit);
    // A config file none of whose sections applies is left alone (and not counted as written).
    if (!result || result.upserted.sections.length === 0) continue;
    planned.push({ plan: result, ...(edit.credentials ? { mode: 0o600 } : {}) });
  }
  await checkDistinct(planned.map(({ plan }) => plan));
  const written: WrittenFile[] = [];
  try {
    for (const { plan, mode } of planned) {
      written.push(await writePlanned(plan, mode, made.get(plan.target)));
    }
    await session?.write();
    await saveState(written, session !== undefined);
  } catch (error) {
    const warnings = await takeBack(written, session, saveState);
    throw new SharedFilesError(`Could not write the profiles: ${describeError(error)}`, warnings);
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
async function takeBack(
  written: readonly WrittenFile[],
  session: SessionWrite | undefined,
  saveState: SharedFilesOptions['saveState'],
): Promise<string[]> {
  const sessionLeft = session
    ? await session.undo().then(
        () => undefined,
        (error: unknown) => `Could not remove ${session.name}: ${describeError(error)}`,
      )
    : undefined;
  const left: { file: WrittenFile; problem: string }[] = [];
  for (const file of [...written].reverse()) {
    const problem = await undoWrite(file);
    if (problem) left.push({ file, problem });
  }
  const problems = [...(sessionLeft ? [sessionLeft] : []), ...left.map(({ problem }) => problem)];
  if (problems.length === 0) return [];
  const saved = await saveState(
    left.map(({ file }) => file),
    sessionLeft !== undefined,
  ).then(
    () => 'the post step will try again',
    (error: unknown) =>
      `the post step cannot (its state could not be saved: ${describeError(error)}): remove them by hand`,
  );
  return problems.map((problem) => `${problem}; ${saved}.`);
}

/** Takes one file's sections back out; what went wrong, naming the file and its sections. */
async function undoWrite(file: WrittenFile): Promise<string | undefined> {
  try {
    await unwriteSections(file);
  } catch (error) {
    const sections = file.sections.map(({ name }) => `[${name}]`).join(', ');
    return `Could not take ${sections} back out of ${file.file}: ${describeError(error)}`;
  }
  await removeCreatedDirectories(file);
  return undefined;
}

async function plan(edit: SharedFileEdit): Promise<PlannedWrite | undefined> {
  if (edit.onlyRegularFile && !(await isRegularFile(edit.file))) return undefined;
  try {
    return await planSections(edit.file, edit.sections);
  } catch (error) {
    throw new UserError(`Could not read ${edit.file}: ${describeError(error)}`);
  }
}

const isRegularFile = (file: string): Promise<boolean> =>
  stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  );

/**
 * The credentials and the config file must be two files, or the second write would undo the
 * first. Compared as the system sees them (device and inode), not as paths: a directory link or a
 * hard link gives one file two names.
 */
async function checkDistinct(plans: readonly PlannedWrite[]): Promise<void> {
  const identities = new Set(await Promise.all(plans.map(({ target }) => fileIdentity(target))));
  if (identities.size === plans.length) return;
  throw new UserError(
    'AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name the same file; give them different files.',
  );
}

/**
 * Device and inode of an existing file; for one not yet there, its path with the directory's
 * links resolved (two new files are the same only when they would be created at one place).
 */
async function fileIdentity(target: string): Promise<string> {
  try {
    const { dev, ino } = await stat(target);
    return `inode ${dev}:${ino}`;
  } catch {
    const directory = await realpath(dirname(target)).catch(() => resolve(dirname(target)));
    return `path ${join(directory, basename(target))}`;
  }
}

function wroteLine(file: WrittenFile): string {
  const count = file.sections.length;
  const sections = file.sections.map(({ name }) => `[${name}]`).join(', ');
  const through =
    file.target && file.target !== file.file ? ` (through the link to ${file.target})` : '';
  const replaced = file.sections.some(({ replaced }) => replaced?.length)
    ? '; the sections it replaced are kept for the post step to put back'
    : '';
  const mode = file.originalMode !== undefined ? '; mode 0600 until the post step' : '';
  return `Wrote ${count === 1 ? 'profile' : 'profiles'} ${sections} to ${file.file}${through}${replaced}${mode}.`;
}
