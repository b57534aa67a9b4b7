import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../shared/errors.js';
import { awsHomeDirectory } from './config-files.js';
import { modeBitsProtect } from './platform.js';

/**
 * The directories the step writes secrets into must be its user's own, as ssh's StrictModes
 * demands of ~/.ssh: whoever else may write to one can swap the token cache for a file of theirs
 * between the main and the post step, or read the token through a link planted beforehand. So
 * each of ~/.aws, ~/.aws/sso and ~/.aws/sso/cache that exists must be a directory of this user
 * that neither group nor others may write to; one that does not exist is created 0700. On
 * Windows, stat reports neither owner nor a meaningful mode (platform.ts): there each must only
 * be a directory, and the user profile's access control list protects it.
 */

/** ~/.aws, ~/.aws/sso and ~/.aws/sso/cache, outermost first. */
export function tokenCacheDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
  const aws = join(awsHomeDirectory(env), '.aws');
  return [aws, join(aws, 'sso'), join(aws, 'sso', 'cache')];
}

/** Throws a UserError naming the first directory that is not the step's own, and the fix. */
export async function checkOwnDirectories(
  directories: readonly string[] = tokenCacheDirectories(),
): Promise<void> {
  for (const directory of directories) {
    const problem = await directoryProblem(directory);
    if (problem) {
      throw new UserError(
        `${directory} ${problem}: a later step or another user could change the token cache this step writes under it. Remove it, or make it yours and writable by you alone (chown $(id -u) '${directory}' && chmod go-w '${directory}').`,
      );
    }
  }
}

async function directoryProblem(directory: string): Promise<string | undefined> {
  const link = await lstat(directory).catch(missingIsUndefined);
  if (!link) return undefined;
  const uid = modeBitsProtect() ? process.geteuid?.() : undefined;
  if (link.isSymbolicLink() && uid !== undefined && link.uid !== uid) {
    return `is a symbolic link of another user (uid ${link.uid})`;
  }
  const target = link.isSymbolicLink() ? await stat(directory).catch(missingIsUndefined) : link;
  if (!target) return 'is a symbolic link to nothing';
  return ownershipProblem(target, uid);
}

/** The directory's own fault, by its stat: not a directory, another's, writable by others. */
export function ownershipProblem(
  stats: Pick<Stats, 'isDirectory' | 'uid' | 'mode'>,
  uid: number | undefined,
): string | undefined {
  if (!stats.isDirectory()) return 'is not a directory';
  if (uid === undefined) return undefined; // Windows: the profile's ACL decides
  if (stats.uid !== uid) return `belongs to another user (uid ${stats.uid})`;
  if ((stats.mode & 0o022) !== 0) {
    return `can be written by other users (mode ${(stats.mode & 0o7777).toString(8).padStart(4, '0')})`;
  }
  return undefined;
}

function missingIsUndefined(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
  throw error;
}
