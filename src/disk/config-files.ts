import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import path, { type PlatformPath } from 'node:path';
import { AwsEnv } from '../shared/aws-env.js';
import { UserError } from '../shared/errors.js';

/**
 * The AWS SDK reads the shared config and credentials files whenever a client resolves a setting
 * the code does not give it (FIPS, dual-stack, an endpoint URL in a profile), and it reads them
 * whole, with no time limit. A FIFO in their place would block the step for ever, a device or
 * a huge file would fill the memory. So before any client is made, each of the two paths must be
 * absent or a regular file (links followed) of at most 16 MiB.
 */

export const MAX_SHARED_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The home directory of every path under ~/.aws, by the JS SDK's own rule (getHomeDir in
 * @smithy/core's shared-ini-file-loader): HOME, else USERPROFILE, else HOMEDRIVE + HOMEPATH (the
 * drive defaulting to `C:` and a separator), else the OS's answer. GitHub's Windows runners set
 * no HOME, and self-hosted runners may start the job without one. `paths` is node:path by
 * default; tests pass path.win32 to run the Windows rules on any machine.
 */
export function awsHomeDirectory(
  env: NodeJS.ProcessEnv = process.env,
  paths: PlatformPath = path,
): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? `C:${paths.sep}`}${env.HOMEPATH}`;
  return homedir();
}

export interface SharedFilePaths {
  readonly config: string;
  readonly credentials: string;
}

/**
 * The shared config and credentials files as the SDK finds them: AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE (a leading `~/` expanded, as the SDK does), else ~/.aws/config and
 * ~/.aws/credentials. Every front end reads and writes them here.
 */
export function sharedFilePaths(
  env: NodeJS.ProcessEnv = process.env,
  paths: PlatformPath = path,
): SharedFilePaths {
  const home = awsHomeDirectory(env, paths);
  // Workflow `env:` values are not shell-expanded; the SDK expands a leading ~/ itself.
  const expand = (file: string) => (file.startsWith('~/') ? paths.join(home, file.slice(2)) : file);
  return {
    config: expand(env[AwsEnv.ConfigFile] || paths.join(home, '.aws', 'config')),
    credentials: expand(
      env[AwsEnv.SharedCredentialsFile] || paths.join(home, '.aws', 'credentials'),
    ),
  };
}

export function checkSharedConfigFiles(env: NodeJS.ProcessEnv = process.env): void {
  const { config, credentials } = sharedFilePaths(env);
  for (const file of [config, credentials]) {
    let stats: ReturnType<typeof statSync> | undefined;
    try {
      stats = statSync(file, { throwIfNoEntry: false });
    } catch {
      // unreadable (a loop, no permission): the SDK treats it as absent, and so do we
      continue;
    }
    if (!stats) continue;
    if (!stats.isFile()) {
      throw new UserError(
        `${file} is not a regular file; the AWS SDK would block or fail reading it. Point ${AwsEnv.ConfigFile} / ${AwsEnv.SharedCredentialsFile} at a regular file, or remove it.`,
      );
    }
    if (stats.size > MAX_SHARED_FILE_BYTES) {
      throw new UserError(
        `${file} is larger than ${MAX_SHARED_FILE_BYTES / (1024 * 1024)} MiB; the AWS SDK would read it whole. Point ${AwsEnv.ConfigFile} / ${AwsEnv.SharedCredentialsFile} at the real file.`,
      );
    }
  }
}
