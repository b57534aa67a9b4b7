import { lstat, mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * An advisory lock beside a file (`<file>.lock`, created exclusively) around a read-modify-write:
 * jobs that share a self-hosted runner's home edit ~/.aws/config at the same moment, and an
 * atomic rename alone lets the later write drop what the earlier one added. A lock older than
 * `staleMs` is a crashed step's and is taken over.
 */

export interface LockOptions {
  readonly timeoutMs?: number;
  readonly staleMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_STALE_MS = 20_000;

export async function withFileLock<T>(
  file: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const lock = `${file}.lock`;
  await acquire(lock, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.staleMs ?? DEFAULT_STALE_MS);
  try {
    return await work();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

/** Several files, locked in one order (sorted) so that two steps never wait for each other. */
export async function withFileLocks<T>(
  files: readonly string[],
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const [first, ...rest] = [...new Set(files)].sort();
  if (first === undefined) return work();
  return withFileLock(first, () => withFileLocks(rest, work, options), options);
}

async function acquire(lock: string, timeoutMs: number, staleMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No directory yet: made as the write would make it (0700), then locked.
      if (code === 'ENOENT') {
        await mkdir(dirname(lock), { recursive: true, mode: 0o700 });
        continue;
      }
      if (code !== 'EEXIST') throw error;
    }
    const age = await lstat(lock).then(
      (stats) => Date.now() - stats.mtimeMs,
      () => 0,
    );
    if (age > staleMs) await unlink(lock).catch(() => undefined);
    else if (Date.now() > deadline) {
      throw new Error(
        `${lock} is held by another step for more than ${Math.round(timeoutMs / 1000)} s; remove it if no step is running`,
      );
    } else await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
  }
}
