import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import {
  DEFAULT_LOCK_TIMING,
  LockTimeoutError,
  withFileLock,
  withFileLocks,
} from '../../src/disk/file-lock.js';

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
