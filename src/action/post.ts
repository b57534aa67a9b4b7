import * as core from '@actions/core';
import {
  removeCreatedDirectories,
  unwriteSections,
  type WrittenFile,
} from '../disk/credentials-file.js';
import { LockTimeoutError, withFileLock } from '../disk/file-lock.js';
import { StateKeys } from '../runner/constants.js';
import { getTimeLimitMs } from '../runner/input-readers.js';
import * as log from '../runner/log.js';
import { describeError } from '../shared/errors.js';
import { byCount } from '../shared/plural.js';
import { Deadline, DeadlinePassedError, formatSeconds } from '../time/deadline.js';
import { discardState, loadWrittenFiles } from './state.js';

/**
 * The post step's time limit when action-timeout-s is not given: its reads, removals and lock
 * waits together (docs/reliability.md). Cleaning up takes well under a second; the rest is room
 * for another job on the same home that is writing the same file.
 */
export const POST_TIME_LIMIT_MS = 60_000;

/**
 * The post step: takes out the profiles the main step wrote (credentials file, and config file
 * for `profiles` with aws-region), puts back what they replaced and the file's mode, and nothing
 * else. With renew-credentials it then closes the session (close-session.ts). A state it cannot
 * trust is refused with a warning, and then nothing is touched. Cleanup trouble is a warning, not
 * a failure: the job's real work is done by now.
 */
export async function runPost(): Promise<void> {
  const endpoint = core.getState(StateKeys.Endpoint);
  if (endpoint) {
    // A chunk of its own (the control request, the write-back): only renew-credentials: endpoint.
    const { closeEndpoint } = await import('./close-endpoint.js');
    await closeEndpoint(endpoint);
  }
  const deadline = postDeadline();
  try {
    await cleanUpAll(deadline);
  } catch (error) {
    if (!(error instanceof DeadlinePassedError)) throw error;
    log.warning(
      `${timeLimit(deadline)} passed while it read the main step's state: it removed nothing.`,
    );
  }
}

/** action-timeout-s when given (and valid), else POST_TIME_LIMIT_MS; from the process start. */
export function postDeadline(): Deadline {
  let limitMs: number | undefined;
  try {
    limitMs = getTimeLimitMs();
  } catch {
    // Refused in the main step already, which then wrote nothing.
  }
  return new Deadline(limitMs ?? POST_TIME_LIMIT_MS, performance.timeOrigin);
}

const timeLimit = (deadline: Deadline): string =>
  `The post step's time limit (${formatSeconds(deadline.limitMs)})`;

async function cleanUpAll(deadline: Deadline): Promise<void> {
  const state = await deadline.race(loadWrittenFiles());
  if (state.refused) {
    log.warning(
      `The post step removed nothing: ${state.refused}. Remove the profiles this step wrote by hand if they are still there.`,
    );
  }
  // The sections first: a read of the token cache that the deadline cuts leaves them gone already.
  for (const written of state.files) await cleanUp(written, deadline);
  if (state.renewal) {
    // A chunk of its own (the token inputs, the write-back): only renew-credentials loads it.
    const { closeSession } = await import('./close-session.js');
    await closeSession(state.renewal, deadline);
  }
  // After every file: ~/.aws holds both, and is empty only once both are gone.
  for (const written of state.files) await removeCreatedDirectories(written);
  if (state.path) await discardState(state.path);
}

async function cleanUp(written: WrittenFile, deadline: Deadline): Promise<void> {
  const names = written.sections.map(({ name }) => `[${name}]`);
  try {
    // Another job on the same home may be editing the file right now: waited for, in time.
    const removed = await withFileLock(
      written.target ?? written.file,
      () => deadline.race(unwriteSections(written)),
      { deadline },
    );
    if (removed.length > 0) log.info(removedLine(written, removed));
    const left = names.filter((name) => !removed.includes(name.slice(1, -1)));
    if (left.length > 0) {
      log.info(
        `${left.join(', ')} in ${written.file} ${byCount(left.length, 'was', 'were')} removed or rewritten since; left as ${byCount(left.length, 'it is', 'they are')}.`,
      );
    }
  } catch (error) {
    log.warning(
      `Could not remove ${names.join(', ')} from ${written.file}: ${describeCleanUpError(error, deadline)}; remove ${names.length === 1 ? 'it' : 'them'} by hand.`,
    );
  }
}

function describeCleanUpError(error: unknown, deadline: Deadline): string {
  if (error instanceof LockTimeoutError && error.deadlineLimitMs !== undefined) {
    return `${timeLimit(deadline)} passed while ${error.holder} held ${error.lockFile}`;
  }
  if (error instanceof DeadlinePassedError) return `${timeLimit(deadline)} passed`;
  return describeError(error);
}

/** "Removed [a] from FILE, putting back the section it had replaced.", in the right number. */
function removedLine(written: WrittenFile, removed: readonly string[]): string {
  const restored = written.sections
    .filter((section) => removed.includes(section.name))
    .reduce((count, section) => count + (section.replaced?.length ?? 0), 0);
  const they = byCount(removed.length, 'it', 'they');
  const putBack =
    restored === 0
      ? ''
      : `, putting back the ${byCount(restored, 'section', 'sections')} ${they} had replaced`;
  return `Removed ${removed.map((name) => `[${name}]`).join(', ')} from ${written.file}${putBack}.`;
}
