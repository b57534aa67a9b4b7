import * as core from '@actions/core';
import { unwriteProfile } from './credentials-file.js';
import { describeError } from './errors.js';
import { loadWrittenProfile } from './state.js';

/**
 * The post step: removes the profile the main step wrote, and nothing else. Cleanup trouble
 * is a warning, not a failure: the job's real work is done by now.
 */
export async function runPost(): Promise<void> {
  const written = loadWrittenProfile();
  if (!written) return;
  try {
    const outcome = await unwriteProfile(written);
    if (outcome === 'removed') {
      core.info(`Removed profile '${written.profile}' from ${written.file}.`);
    } else {
      core.info(
        `Profile '${written.profile}' in ${written.file} was removed or rewritten since; left as it is.`,
      );
    }
  } catch (error) {
    core.warning(
      `Could not remove profile '${written.profile}' from ${written.file}: ${describeError(error)}`,
    );
  }
}
