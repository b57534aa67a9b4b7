import { randomBytes } from 'node:crypto';
import { chmod, lstat, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** More symbolic links than this in a row is a loop (Linux gives up at 40 too). */
const MAX_LINKS = 40;

/**
 * The file a write to `file` must replace: `file` itself, or, when it is a symbolic link (or a
 * chain of them), the file it points to, which may not exist yet. Writing there keeps the link a
 * link: self-hosted runners and dotfile managers link ~/.aws/credentials elsewhere.
 */
export async function resolveWriteTarget(file: string): Promise<string> {
  let path = resolve(file);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let isLink: boolean;
    try {
      isLink = (await lstat(path)).isSymbolicLink();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
      throw error;
    }
    if (!isLink) return path;
    path = resolve(dirname(path), await readlink(path));
  }
  throw Object.assign(new Error(`too many symbolic links from ${file}`), { code: 'ELOOP' });
}

export interface WriteOptions {
  /** The new file's mode; default: the existing file's, or 0600 for a new one. */
  readonly mode?: number;
  /** Default utf8. latin1 writes back every byte a latin1 read produced, whatever the encoding. */
  readonly encoding?: BufferEncoding;
}

/**
 * Same-directory temp file + rename: a reader never sees half a file. A symbolic link is written
 * through (its target is replaced, the link stays). Returns the path that was replaced.
 */
export async function writeAtomically(
  file: string,
  text: string,
  options: WriteOptions = {},
): Promise<string> {
  const target = await resolveWriteTarget(file);
  const mode =
    options.mode ??
    (await stat(target).then(
      (stats) => stats.mode & 0o777,
      () => 0o600,
    ));
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode, flag: 'wx', encoding: options.encoding ?? 'utf8' });
    await chmod(temp, mode);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return target;
}
