import { constants } from 'node:fs';
import { mkdir, open, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/**
 * A lock beside a file (`FILE.lock`, created O_EXCL) that serialises one change of the file
 * across processes: the AWS tools run `credential_process` commands side by side, and two
 * refreshes of one rotating refresh token cannot both succeed; jobs that share a self-hosted
 * runner's home edit ~/.aws/config at once, and an atomic rename alone lets the later write drop
 * what the earlier one added. The holder touches the lock while
 * it works; a lock nobody has touched for `staleMs`, or whose holder on this machine has exited,
 * is abandoned and taken over. A waiter gives up after `waitMs`.
 */

export interface LockTiming {
  /** A lock untouched this long is abandoned (its holder touches it every staleMs / 3). */
  readonly staleMs: number;
  /** How long to wait for a live holder. */
  readonly waitMs: number;
  /** How often a waiter looks again. */
  readonly pollMs: number;
}

/**
 * A refresh is one CreateToken call with retries; a live holder touches the lock every 5 s, so
 * 15 s untouched means it died. 90 s is the longest a waiter should sit behind a live one.
 */
export const DEFAULT_LOCK_TIMING: LockTiming = { staleMs: 15_000, waitMs: 90_000, pollMs: 100 };

/** Another process held the lock for the whole wait. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(
    readonly lockFile: string,
    readonly waitedMs: number,
  ) {
    super(`another process held ${lockFile} for ${Math.round(waitedMs / 1000)} s`);
  }
}

/** Runs `work` holding the lock beside `file`; the lock is removed afterwards however it ends. */
export async function withFileLock<T>(
  file: string,
  work: () => Promise<T>,
  timing: LockTiming = DEFAULT_LOCK_TIMING,
): Promise<T> {
  const lock = `${file}.lock`;
  const ino = await acquire(lock, timing);
  const touch = () => {
    const now = new Date();
    void utimes(lock, now, now).catch(() => undefined);
  };
  const heartbeat = setInterval(touch, timing.staleMs / 3);
  heartbeat.unref();
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    await release(lock, ino);
  }
}

/** Several files, locked in one order (sorted) so that two holders never wait for each other. */
export async function withFileLocks<T>(
  files: readonly string[],
  work: () => Promise<T>,
  timing: LockTiming = DEFAULT_LOCK_TIMING,
): Promise<T> {
  const [first, ...rest] = [...new Set(files)].sort();
  if (first === undefined) return work();
  return withFileLock(first, () => withFileLocks(rest, work, timing), timing);
}

async function acquire(lock: string, timing: LockTiming): Promise<number> {
  const started = Date.now();
  for (;;) {
    const ino = await tryCreate(lock);
    if (ino !== undefined) return ino;
    await breakIfAbandoned(lock, timing);
    const waited = Date.now() - started;
    if (waited >= timing.waitMs) throw new LockTimeoutError(lock, waited);
    // Jittered, so that waiters that woke together do not keep colliding.
    await new Promise((resolve) => setTimeout(resolve, timing.pollMs * (0.5 + Math.random())));
  }
}

/** Creates the lock (O_EXCL: never through a link) and says who holds it; undefined if taken. */
async function tryCreate(lock: string): Promise<number | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(lock, 'wx', 0o600);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EEXIST') return undefined;
    if (code !== 'ENOENT') throw error;
    // No directory yet: made as the write beside it would make it (0700), then tried again.
    await mkdir(dirname(lock), { recursive: true, mode: 0o700 });
    return tryCreate(lock);
  }
  try {
    await handle.writeFile(`${process.pid} ${hostname()}\n`);
    return (await handle.stat()).ino;
  } finally {
    await handle.close();
  }
}

/**
 * Removes an abandoned lock: untouched for staleMs, or held by a process of this machine that is
 * gone. It is removed only if it is still the very lock that was judged (same inode and time),
 * so that a lock another waiter has just taken over is left to it.
 */
async function breakIfAbandoned(lock: string, timing: LockTiming): Promise<void> {
  const seen = await stat(lock).catch(() => undefined);
  if (!seen) return;
  const untouched = Date.now() - seen.mtimeMs > timing.staleMs;
  if (!untouched && !(await holderIsGone(lock))) return;
  const now = await stat(lock).catch(() => undefined);
  if (now?.ino === seen.ino && now.mtimeMs === seen.mtimeMs) {
    await unlink(lock).catch(() => undefined);
  }
}

/** True when the lock names a process of this machine that no longer runs. */
async function holderIsGone(lock: string): Promise<boolean> {
  const text = await readStart(lock);
  const [pid, host] = text.trim().split(' ');
  if (host !== hostname() || !/^\d{1,10}$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The first 256 bytes: a lock is one short line, whatever someone put in its place. */
async function readStart(file: string): Promise<string> {
  // O_NONBLOCK: a FIFO in its place must not hang the open.
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;
  const handle = await open(file, flags).catch(() => undefined);
  if (!handle) return '';
  try {
    if (!(await handle.stat()).isFile()) return '';
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Removes the lock if it is still ours: one taken over as abandoned belongs to someone else. */
async function release(lock: string, ino: number): Promise<void> {
  const now = await stat(lock).catch(() => undefined);
  if (now?.ino === ino) await unlink(lock).catch(() => undefined);
}
