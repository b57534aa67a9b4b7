import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, stat, writeFile } from 'node:fs/promises';

/** Same-directory temp file + rename: a reader never sees half a file. Keeps an existing file's mode. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const mode = await stat(file).then(
    (stats) => stats.mode & 0o777,
    () => 0o600,
  );
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode, flag: 'wx' });
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
