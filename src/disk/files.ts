import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { chmod, lstat, open, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** More symbolic links than this in a row is a loop (Linux gives up at 40 too). */
const MAX_LINKS = 40;

/**
 * The file a write to `file` must replace: `file` itself, or, when it is a symbolic link (or a
 * chain of them), the file it points to, which may not exist yet. Writing there keeps the link a
 * link: self-hosted runners and dotfile managers link ~/.aws/credentials elsewhere.
 *
 * Following links ourselves (lstat, readlink, then rename onto the target) bypasses the kernel's
 * own check, so each link is held to the rule Linux's fs.protected_symlinks applies when it
 * follows one: a link in a sticky world-writable directory (/tmp) is followed only when it
 * belongs to us or to the directory's owner. Otherwise another user could plant
 * /tmp/x/credentials -> a file of ours and have the credentials written where they choose.
 */
export async function resolveWriteTarget(file: string): Promise<string> {
  let path = resolve(file);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let link: Stats;
    try {
      link = await lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
      throw error;
    }
    if (!link.isSymbolicLink()) return path;
    await refusePlantedLink(path, link);
    path = resolve(dirname(path), await readlink(path));
  }
  throw Object.assign(new Error(`too many symbolic links from ${file}`), { code: 'ELOOP' });
}

/** S_ISVTX and the others' write bit: a directory anyone may add to, where only owners delete. */
const STICKY = 0o1000;
const WORLD_WRITABLE = 0o002;

/** Refuses a link the kernel would refuse to follow under fs.protected_symlinks (see above). */
async function refusePlantedLink(path: string, link: Stats): Promise<void> {
  const euid = process.geteuid?.();
  if (euid === undefined) return; // Windows: no uids, no such rule
  const directory = await stat(dirname(path));
  const shared = (directory.mode & STICKY) !== 0 && (directory.mode & WORLD_WRITABLE) !== 0;
  if (!shared || link.uid === euid || link.uid === directory.uid) return;
  throw Object.assign(
    new Error(
      `refused to follow the symbolic link ${path}: it belongs to another user (uid ${link.uid}) in a directory anyone may write to (sticky, world-writable), a link the system's protected_symlinks rule would not follow either`,
    ),
    { code: 'EACCES' },
  );
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

/**
 * Lets go a read that is stuck opening a FIFO at `path`: a writer's open ends the reader's wait
 * (O_NONBLOCK: it succeeds only when a reader waits, and writes nothing). A step that gave up on
 * such a read at its deadline could not end otherwise: Node waits for its file threads on exit.
 */
export async function releaseStuckRead(path: string): Promise<void> {
  const stats = await lstat(path).catch(() => undefined);
  if (!stats?.isFIFO()) return;
  const flags = constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;
  const handle = await open(path, flags).catch(() => undefined);
  await handle?.close();
}
