import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AwsEnv } from '../shared/aws-env.js';
import { ActionError } from '../shared/errors.js';

/**
 * The AWS SDK reads the shared config and credentials files whenever a client resolves a setting
 * the code does not give it (FIPS, dual-stack, an endpoint URL in a profile), and it reads them
 * whole, with no time limit. A FIFO in their place would block the step for ever, a device or
 * a huge file would fill the memory. So before any client is made, each of the two paths must be
 * absent or a regular file (links followed) of at most 16 MiB.
 */

export const MAX_SHARED_FILE_BYTES = 16 * 1024 * 1024;

/** The home directory the AWS SDKs find ~/.aws in: HOME, then USERPROFILE, then the OS's. */
export function homeDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || env.USERPROFILE || homedir();
}

/** The two files as the SDK finds them: the variables, else ~/.aws/config and ~/.aws/credentials. */
function sharedFiles(env: NodeJS.ProcessEnv): string[] {
  const home = homeDirectory(env);
  const expand = (path: string) => (path.startsWith('~/') ? join(home, path.slice(2)) : path);
  return [
    expand(env[AwsEnv.ConfigFile] || join(home, '.aws', 'config')),
    expand(env[AwsEnv.SharedCredentialsFile] || join(home, '.aws', 'credentials')),
  ];
}

export function checkSharedConfigFiles(env: NodeJS.ProcessEnv = process.env): void {
  for (const file of sharedFiles(env)) {
    let stats: ReturnType<typeof statSync> | undefined;
    try {
      stats = statSync(file, { throwIfNoEntry: false });
    } catch {
      // unreadable (a loop, no permission): the SDK treats it as absent, and so do we
      continue;
    }
    if (!stats) continue;
    if (!stats.isFile()) {
      throw new ActionError(
        `${file} is not a regular file; the AWS SDK would block or fail reading it. Point ${AwsEnv.ConfigFile} / ${AwsEnv.SharedCredentialsFile} at a regular file, or remove it.`,
      );
    }
    if (stats.size > MAX_SHARED_FILE_BYTES) {
      throw new ActionError(
        `${file} is larger than ${MAX_SHARED_FILE_BYTES / (1024 * 1024)} MiB; the AWS SDK would read it whole. Point ${AwsEnv.ConfigFile} / ${AwsEnv.SharedCredentialsFile} at the real file.`,
      );
    }
  }
}
