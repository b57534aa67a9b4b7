import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rmdir, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { Deadline } from '../time/deadline.js';

/**
 * A lock beside a file (`FILE.lock`, created O_EXCL) that serialises one change of the file
 * across processes: the AWS tools run `credential_process` commands side by side, and two
 * refreshes of one rotating refresh token cannot both succeed; jobs that share a self-hosted
 * runner's home edit ~/.aws/config at once, and an atomic rename alone lets the later write drop
 * what the earlier one added. The holder touches the lock while it works. Which locks are
 * abandoned, and so taken over, is judgeLock's rule; a waiter gives up after `waitMs`, or when
 * the deadline it was given passes, whichever comes first.
 */

export interface LockTiming {
  /** A lock untouched this long is abandoned (its holder touches it every staleMs / 3). */
  readonly staleMs: number;
  /** How long to wait for a live holder. */
  readonly waitMs: number;
  /** How often a waiter looks again. */
  readonly pollMs: number;
  /** How long something odd at the lock path (see judgeLock) must stay as it is to be removed. */
  readonly graceMs: number;
}

/**
 * A refresh is one CreateToken call with retries; a live holder touches the lock every 5 s, so
 * 15 s untouched means it died. 90 s is the longest a waiter should sit behind a live one. 2 s of
 * grace: a lock being made or removed this moment is never judged by a passing glimpse.
 */
export const DEFAULT_LOCK_TIMING: LockTiming = {
  staleMs: 15_000,
  waitMs: 90_000,
  pollMs: 100,
  graceMs: 2_000,
};

export interface LockOptions extends Partial<LockTiming> {
  /** The step's deadline: no wait outlasts it. */
  readonly deadline?: Deadline;
}

/** Another process held the lock for the whole wait (or until the deadline). */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(
    readonly lockFile: string,
    readonly waitedMs: number,
    /** Who or what held it: "process 4242 on this machine", "a directory that is not empty". */
    readonly holder: string,
    /** Set when the deadline, not waitMs, ended the wait: the deadline's limit. */
    readonly deadlineLimitMs?: number,
  ) {
    super(`${holder} held ${lockFile} for ${Math.round(waitedMs / 1000)} s`);
  }
}

/** Runs `work` holding the lock beside `file`; the lock is removed afterwards however it ends. */
export async function withFileLock<T>(
  file: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const timing = { ...DEFAULT_LOCK_TIMING, ...options };
  const lock = `${file}.lock`;
  const ino = await acquire(lock, timing, options.deadline);
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
  options: LockOptions = {},
): Promise<T> {
  const [first, ...rest] = [...new Set(files)].sort();
  if (first === undefined) return work();
  return withFileLock(first, () => withFileLocks(rest, work, options), options);
}

/** What is at the lock path, as one lstat saw it (links are not followed). */
export interface LockSighting {
  readonly kind: 'file' | 'directory' | 'symbolic link' | 'other';
  readonly ino: number;
  readonly mtimeMs: number;
  /** A regular file's holder: alive or gone on this machine, or unknown (another host, no pid). */
  readonly holder: 'alive here' | 'gone here' | 'unknown';
  /** The pid the lock names, when it names one of this machine. */
  readonly pid?: number;
}

/** The sighting and when this waiter first saw it exactly so (same inode, kind and time). */
export interface LockObservation {
  readonly sighting: LockSighting;
  readonly sinceMs: number;
}

export type LockVerdict = 'held' | 'abandoned' | 'odd';

/**
 * The rule. Abandoned, and taken over:
 * - a regular file naming a process of this machine that is gone: at once;
 * - a regular file untouched for staleMs (its mtime, or, for a holder that is alive, which may be
 *   a reused pid, this waiter's own watch): at once;
 * - anything that is not a regular file (a directory, a symbolic link, dangling or not, a FIFO, a
 *   socket, a device), or a file whose mtime is more than staleMs ahead (beyond any clock skew
 *   between hosts that share a home): once it has stayed as it is for graceMs ('odd' until then).
 * Every other lock is held: a live process of this machine, or a fresh lock of another host.
 */
export function judgeLock(seen: LockObservation, timing: LockTiming, now: number): LockVerdict {
  const { sighting, sinceMs } = seen;
  const watchedMs = now - sinceMs;
  const graced = watchedMs >= timing.graceMs ? 'abandoned' : 'odd';
  if (sighting.kind !== 'file') return graced;
  if (sighting.holder === 'gone here') return 'abandoned';
  const untouched = now - sighting.mtimeMs > timing.staleMs || watchedMs >= timing.staleMs;
  if (untouched) return 'abandoned';
  if (sighting.holder === 'alive here') return 'held';
  return sighting.mtimeMs - now > timing.staleMs ? graced : 'held';
}

async function acquire(lock: string, timing: LockTiming, deadline?: Deadline): Promise<number> {
  const started = Date.now();
  const limitMs = Math.min(
    timing.waitMs,
    deadline?.remainingMs(started) ?? Number.POSITIVE_INFINITY,
  );
  let seen: LockObservation | undefined;
  for (;;) {
    const ino = await tryCreate(lock);
    if (ino !== undefined) return ino;
    seen = await look(lock, seen);
    // Removed: try again at once. Not removable (a directory with files in it): waited out.
    const abandoned = seen && judgeLock(seen, timing, Date.now()) === 'abandoned';
    if (seen && abandoned && (await removeIfUnchanged(lock, seen.sighting))) continue;
    const waited = Date.now() - started;
    if (waited >= limitMs) {
      const byDeadline = deadline !== undefined && limitMs < timing.waitMs;
      throw new LockTimeoutError(
        lock,
        waited,
        describeHolder(seen?.sighting),
        byDeadline ? deadline.limitMs : undefined,
      );
    }
    // Jittered, so that waiters that woke together do not keep colliding.
    const pause = Math.min(timing.pollMs * (0.5 + Math.random()), limitMs - waited);
    await new Promise((resolve) => setTimeout(resolve, pause));
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

/** What is at the lock path now, keeping the time of the first sighting while it is unchanged. */
async function look(lock: string, before?: LockObservation): Promise<LockObservation | undefined> {
  const stats = await lstat(lock).catch(() => undefined);
  if (!stats) return undefined;
  const kind = kindOf(stats);
  const holder = kind === 'file' ? await holderOf(lock) : { holder: 'unknown' as const };
  const sighting: LockSighting = { kind, ino: stats.ino, mtimeMs: stats.mtimeMs, ...holder };
  const same = before && sameLock(before.sighting, sighting);
  return { sighting, sinceMs: same ? before.sinceMs : Date.now() };
}

function kindOf(stats: Stats): LockSighting['kind'] {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'symbolic link';
  return 'other';
}

const sameLock = (a: Omit<LockSighting, 'holder'>, b: Omit<LockSighting, 'holder'>): boolean =>
  a.kind === b.kind && a.ino === b.ino && a.mtimeMs === b.mtimeMs;

/**
 * Removes an abandoned lock only if it is still the very lock that was judged (same inode, kind
 * and time), so that a lock another waiter has just taken over is left to it. A directory is
 * removed only when empty: what someone put in it is not ours to delete.
 */
async function removeIfUnchanged(lock: string, judged: LockSighting): Promise<boolean> {
  const now = await lstat(lock).catch(() => undefined);
  if (!now) return true;
  if (!sameLock(judged, { kind: kindOf(now), ino: now.ino, mtimeMs: now.mtimeMs })) return true;
  return (judged.kind === 'directory' ? rmdir(lock) : unlink(lock)).then(
    () => true,
    () => false,
  );
}

/** Whether the lock names a process of this machine, and whether that process still runs. */
async function holderOf(lock: string): Promise<Pick<LockSighting, 'holder' | 'pid'>> {
  const text = await readStart(lock);
  const [pid, host] = text.trim().split(' ');
  if (host !== hostname() || !/^\d{1,10}$/.test(pid ?? '')) return { holder: 'unknown' };
  try {
    process.kill(Number(pid), 0);
    return { holder: 'alive here', pid: Number(pid) };
  } catch (error) {
    // EPERM: it runs, as another user.
    const gone = (error as NodeJS.ErrnoException).code === 'ESRCH';
    return { holder: gone ? 'gone here' : 'alive here', pid: Number(pid) };
  }
}

/** Who or what held the lock, for the error: never the lock's text itself (untrusted). */
function describeHolder(sighting: LockSighting | undefined): string {
  if (!sighting) return 'another process';
  if (sighting.kind === 'directory') return 'a directory that is not empty';
  if (sighting.kind !== 'file') return `a ${sighting.kind} that could not be removed`;
  return sighting.holder === 'alive here'
    ? `process ${sighting.pid} of this machine`
    : 'another process';
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
  const now = await lstat(lock).catch(() => undefined);
  if (now?.ino === ino) await unlink(lock).catch(() => undefined);
}
