import * as core from '@actions/core';
import {
  removeCreatedDirectories,
  unwriteSections,
  type WrittenFile,
} from '../disk/credentials-file.js';
import { withFileLock } from '../disk/file-lock.js';
import { StateKeys } from '../runner/constants.js';
import * as log from '../runner/log.js';
import { describeError } from '../shared/errors.js';
import { discardState, loadWrittenFiles } from './state.js';

/**
 * The post step: takes out the profiles the main step wrote (credentials file, and config file
 * for `profiles` with aws-region), puts back what they replaced and the file's mode, and nothing
 * else. With renew-credentials it first closes the session (close-session.ts). A state it cannot
 * trust is refused with a warning, and then nothing is touched. Cleanup trouble is a warning, not
 * a failure: the job's real work is done by now.
 */
export async function runPost(): Promise<void> {
  const endpoint = core.getState(StateKeys.Endpoint);
  if (endpoint) {
    // A chunk of its own (the token inputs, the write-back): only renew-credentials: endpoint loads it.
    const { closeEndpoint } = await import('./close-endpoint.js');
    await closeEndpoint(endpoint);
  }
  const state = await loadWrittenFiles();
  if (state.renewal) {
    // A chunk of its own (the token inputs, the write-back): only renew-credentials loads it.
    const { closeSession } = await import('./close-session.js');
    await closeSession(state.renewal);
  }
  if (state.refused) {
    log.warning(
      `The post step removed nothing: ${state.refused}. Remove the profiles this step wrote by hand if they are still there.`,
    );
  }
  for (const written of state.files) await cleanUp(written);
  // After every file: ~/.aws holds both, and is empty only once both are gone.
  for (const written of state.files) await removeCreatedDirectories(written);
  if (state.path) await discardState(state.path);
}

async function cleanUp(written: WrittenFile): Promise<void> {
  const names = written.sections.map(({ name }) => `[${name}]`);
  try {
    // Another job on the same home may be editing the file right now.
    const removed = await withFileLock(written.target ?? written.file, () =>
      unwriteSections(written),
    );
    if (removed.length > 0) log.info(removedLine(written, removed));
    const left = names.filter((name) => !removed.includes(name.slice(1, -1)));
    if (left.length > 0) {
      log.info(
        `${left.join(', ')} in ${written.file} ${left.length === 1 ? 'was' : 'were'} removed or rewritten since; left as ${left.length === 1 ? 'it is' : 'they are'}.`,
      );
    }
  } catch (error) {
    log.warning(
      `Could not remove ${names.join(', ')} from ${written.file}: ${describeError(error)}`,
    );
  }
}

/** "Removed [a] from FILE, putting back the section it had replaced.", in the right number. */
function removedLine(written: WrittenFile, removed: readonly string[]): string {
  const restored = written.sections
    .filter((section) => removed.includes(section.name))
    .reduce((count, section) => count + (section.replaced?.length ?? 0), 0);
  const they = removed.length === 1 ? 'it' : 'they';
  const putBack =
    restored === 0
      ? ''
      : `, putting back the ${restored === 1 ? 'section' : 'sections'} ${they} had replaced`;
  return `Removed ${removed.map((name) => `[${name}]`).join(', ')} from ${written.file}${putBack}.`;
}
