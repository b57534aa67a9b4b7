import * as log from '../github/log.js';
import { describeError } from '../shared/errors.js';
import { unwriteSections, type WrittenFile } from './credentials-file.js';
import { loadWrittenFiles } from './state.js';

/**
 * The post step: removes the profiles the main step wrote (credentials file, and config file
 * for `profiles` with aws-region), and nothing else. Cleanup trouble is a warning, not a
 * failure: the job's real work is done by now.
 */
export async function runPost(): Promise<void> {
  for (const written of loadWrittenFiles()) await cleanUp(written);
}

async function cleanUp(written: WrittenFile): Promise<void> {
  const names = written.sections.map(({ name }) => `[${name}]`);
  try {
    const removed = await unwriteSections(written);
    if (removed.length > 0) {
      log.info(`Removed ${removed.map((name) => `[${name}]`).join(', ')} from ${written.file}.`);
    }
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
