import {
  type SessionWrite,
  type SharedFileEdit,
  SharedFilesError,
  writeSharedFiles,
} from '../disk/shared-files.js';
import * as log from '../runner/log.js';
import { stepDeadline } from '../steps/client-options.js';
import { type RenewalState, saveWrittenFiles } from './state.js';

/** renew-credentials' token cache, and what the post step needs to read it back and remove it. */
export interface SessionFile extends SessionWrite {
  readonly state: RenewalState;
}

/**
 * The main step's write of the shared files (disk/shared-files.ts, all or none), under the step's
 * deadline, with the post step's state, and the log lines and warnings it reports; a failure's
 * warnings (what could not be taken back) are logged before the error goes on.
 */
export async function writeProfiles(
  edits: readonly SharedFileEdit[],
  settings: { readonly timeLimitMs?: number | undefined },
  session?: SessionFile,
): Promise<void> {
  const deadline = stepDeadline(settings);
  try {
    const report = await writeSharedFiles(edits, {
      ...(session ? { session } : {}),
      ...(deadline ? { deadline } : {}),
      saveState: async (files, withSession) => {
        await saveWrittenFiles(files, withSession ? session?.state : undefined);
      },
    });
    for (const line of report.lines) log.info(line);
    for (const warning of report.warnings) log.warning(warning);
  } catch (error) {
    if (error instanceof SharedFilesError)
      for (const warning of error.warnings) log.warning(warning);
    throw error;
  }
}
