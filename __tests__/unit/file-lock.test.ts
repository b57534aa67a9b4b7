import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import {
  DEFAULT_LOCK_TIMING,
  judgeLock,
  type LockSighting,
  LockTimeoutError,
  withFileLock,
  withFileLocks,
} from '../../src/disk/file-lock.js';
import { Deadline } from '../../src/time/deadline.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-lock-'));
  file = join(dir, 'session.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FAST = { staleMs: 60_000, waitMs: 60_000, pollMs: 5 };

describe('withFileLock', () => {
  test('one holder at a time; the lock is gone afterwards', async () => {
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await pause(20);
      inside--;
    };
    await Promise.all(Array.from({ length: 8 }, () => withFileLock(file, work, FAST)));
    expect(most).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  test('the lock is removed when the work throws', async () => {
    await expect(
      withFileLock(file, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
  });

  test('a live holder keeps it for the whole wait: the waiter gives up, the lock stays', async () => {
    await writeFile(`${file}.lock`, `${process.pid} ${hostname()}\n`);
    const error = await withFileLock(file, async () => 'never', {
      staleMs: 60_000,
      waitMs: 200,
      pollMs: 10,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).lockFile).toBe(`${file}.lock`);
    expect(await readdir(dir)).toEqual(['session.json.lock']);
  });

  test('a holder of this machine that is gone: taken over at once', async () => {
    await writeFile(`${file}.lock`, `2147483647 ${hostname()}\n`);
    expect(await withFileLock(file, async () => 'ran', { ...FAST, waitMs: 1_000 })).toBe('ran');
  });

  test('a lock untouched for longer than staleMs: taken over', async () => {
    await writeFile(`${file}.lock`, 'written by something else\n');
    const old = new Date(Date.now() - 120_000);
    await utimes(`${file}.lock`, old, old);
    expect(await withFileLock(file, async () => 'ran', { ...FAST, waitMs: 1_000 })).toBe('ran');
  });

  test('a holder that works longer than staleMs touches the lock, so no one takes it over', async () => {
    const timing = { staleMs: 1_500, waitMs: 20_000, pollMs: 10 };
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await pause(2_500);
      inside--;
    };
    await Promise.all([withFileLock(file, work, timing), withFileLock(file, work, timing)]);
    expect(most).toBe(1);
  });

  test('a holder of another machine is not judged by its pid', async () => {
    await writeFile(`${file}.lock`, '2147483647 some-other-host\n');
    const waited = withFileLock(file, async () => 'ran', {
      staleMs: 60_000,
      waitMs: 100,
      pollMs: 10,
    });
    await expect(waited).rejects.toBeInstanceOf(LockTimeoutError);
    expect((await stat(`${file}.lock`)).isFile()).toBe(true);
  });
});

describe('read-modify-writes of the shared files (jobs on one home)', () => {
  /** A read-modify-write with a pause in the middle, where an unlocked writer would lose an edit. */
  async function append(target: string, line: string): Promise<void> {
    const text = await readFile(target, 'utf8').catch(() => '');
    await pause(30);
    await writeFile(target, `${text}${line}\n`);
  }

  test('under the lock lose nothing, and the missing directory is made', async () => {
    const config = join(dir, 'sub', 'config');
    const lines = Array.from({ length: 8 }, (_, n) => `line ${n}`);
    await Promise.all(lines.map((line) => withFileLock(config, () => append(config, line))));
    expect((await readFile(config, 'utf8')).trim().split('\n').sort()).toEqual(lines);
    expect(existsSync(`${config}.lock`)).toBe(false);
  });

  test('two files locked in one order by two writers at once: no deadlock', async () => {
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    await Promise.all([
      withFileLocks([a, b], () => append(a, 'first')),
      withFileLocks([b, a], () => append(b, 'second')),
    ]);
    expect(await readFile(a, 'utf8')).toBe('first\n');
    expect(await readFile(b, 'utf8')).toBe('second\n');
  });

  test('a lock left by a crashed step is taken over once stale; a live one times out', async () => {
    const config = join(dir, 'config');
    await writeFile(`${config}.lock`, '12345 another-host\n');
    const short = { ...DEFAULT_LOCK_TIMING, waitMs: 200, pollMs: 5 };
    await expect(withFileLock(config, async () => 'ran', short)).rejects.toThrow(LockTimeoutError);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${config}.lock`, old, old);
    await expect(withFileLock(config, async () => 'ran', short)).resolves.toBe('ran');
  });
});

describe('judgeLock: which locks are abandoned', () => {
  const NOW = 1_000_000_000;
  const timing = DEFAULT_LOCK_TIMING;
  const file = (change: Partial<LockSighting> = {}): LockSighting => ({
    kind: 'file',
    ino: 1,
    mtimeMs: NOW,
    holder: 'unknown',
    ...change,
  });
  /** The verdict after watching the sighting unchanged for `watchedMs`. */
  const judge = (sighting: LockSighting, watchedMs = 0) =>
    judgeLock({ sighting, sinceMs: NOW - watchedMs }, timing, NOW);

  test.each([
    ['a fresh lock of another host', file(), 0, 'held'],
    ['a fresh lock of a live process here', file({ holder: 'alive here', pid: 1 }), 0, 'held'],
    [
      'a lock of a process here that is gone',
      file({ holder: 'gone here', pid: 9 }),
      0,
      'abandoned',
    ],
    ['a lock untouched for longer than staleMs', file({ mtimeMs: NOW - 15_001 }), 0, 'abandoned'],
    [
      'a live holder that never touches it while watched for staleMs (a reused pid)',
      file({ holder: 'alive here', pid: 1 }),
      15_000,
      'abandoned',
    ],
    ['a lock ten years ahead, just seen', file({ mtimeMs: NOW + 3.2e11 }), 0, 'odd'],
    [
      'a lock ten years ahead, seen for the grace',
      file({ mtimeMs: NOW + 3.2e11 }),
      2_000,
      'abandoned',
    ],
    ['a lock a few seconds ahead (clock skew)', file({ mtimeMs: NOW + 5_000 }), 2_000, 'held'],
    [
      'a live holder here, ten years ahead',
      file({ mtimeMs: NOW + 3.2e11, holder: 'alive here', pid: 1 }),
      2_000,
      'held',
    ],
    ['a directory, just seen', file({ kind: 'directory' }), 1_999, 'odd'],
    ['a directory, seen for the grace', file({ kind: 'directory' }), 2_000, 'abandoned'],
    ['a symbolic link, seen for the grace', file({ kind: 'symbolic link' }), 2_000, 'abandoned'],
    ['a FIFO, seen for the grace', file({ kind: 'other' }), 2_000, 'abandoned'],
  ] as const)('%s', (_label, sighting, watchedMs, verdict) => {
    expect(judge(sighting, watchedMs)).toBe(verdict);
  });
});

describe('what is at the lock path, on disk', () => {
  const QUICK = { staleMs: 60_000, waitMs: 20_000, pollMs: 20, graceMs: 300 };
  const lock = () => `${file}.lock`;

  test.each([
    [
      'a file ten years ahead',
      async (path: string) => {
        await writeFile(path, 'not a pid\n');
        const ahead = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
        await utimes(path, ahead, ahead);
      },
    ],
    ['a dangling link', (path: string) => symlink(join(dir, 'nowhere'), path)],
    [
      'a link to a file',
      async (path: string) => {
        await writeFile(join(dir, 'elsewhere'), 'kept');
        await symlink(join(dir, 'elsewhere'), path);
      },
    ],
    ['an empty directory', (path: string) => mkdir(path)],
    ['a FIFO', async (path: string) => void execFileSync('mkfifo', [path])],
  ])('%s: removed after the grace, and the lock taken', async (_label, make) => {
    await make(lock());
    const started = Date.now();
    expect(await withFileLock(file, async () => (await lstat(lock())).isFile(), QUICK)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(QUICK.graceMs);
    expect(existsSync(lock())).toBe(false);
    // a link's target is not touched
    if (existsSync(join(dir, 'elsewhere'))) {
      expect(await readFile(join(dir, 'elsewhere'), 'utf8')).toBe('kept');
    }
  });

  test('a directory with files in it is not removed: the wait ends, saying what is there', async () => {
    await mkdir(lock());
    await writeFile(join(lock(), 'theirs'), 'x');
    const error = await withFileLock(file, async () => 'never', { ...QUICK, waitMs: 800 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).message).toMatch(/^a directory that is not empty held /);
    expect(await readdir(lock())).toEqual(['theirs']);
  });

  test('a live holder of this machine is waited for, and no longer than the deadline', async () => {
    await writeFile(lock(), `${process.pid} ${hostname()}\n`);
    const deadline = new Deadline(400);
    const error = await withFileLock(file, async () => 'never', { ...QUICK, deadline }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(error).toMatchObject({ deadlineLimitMs: 400 });
    expect((error as LockTimeoutError).message).toMatch(
      new RegExp(`^process ${process.pid} of this machine held .*session\\.json\\.lock`),
    );
    // the live holder's lock stays
    expect(await readFile(lock(), 'utf8')).toContain(String(process.pid));
  });

  test('a live holder that lets go within the deadline: the waiter gets the lock', async () => {
    await writeFile(lock(), `${process.pid} ${hostname()}\n`);
    setTimeout(() => void unlink(lock()), 300);
    const deadline = new Deadline(20_000);
    expect(await withFileLock(file, async () => 'ran', { ...QUICK, deadline })).toBe('ran');
  });

  test('a deadline that has passed: one look, then the error at once', async () => {
    await writeFile(lock(), `${process.pid} ${hostname()}\n`);
    const deadline = new Deadline(1, Date.now() - 1_000);
    const started = Date.now();
    await expect(withFileLock(file, async () => 'never', { deadline })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
