import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { withFileLock, withFileLocks } from '../../src/shared/file-lock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A read-modify-write with a pause in the middle, where an unlocked writer would lose an edit. */
async function append(file: string, line: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  await new Promise((resolve) => setTimeout(resolve, 30));
  await writeFile(file, `${text}${line}\n`);
}

test('read-modify-writes of one file under the lock lose nothing', async () => {
  const file = join(dir, 'sub', 'config');
  const lines = Array.from({ length: 8 }, (_, n) => `line ${n}`);
  await Promise.all(lines.map((line) => withFileLock(file, () => append(file, line))));
  expect((await readFile(file, 'utf8')).trim().split('\n').sort()).toEqual(lines);
  expect(existsSync(`${file}.lock`)).toBe(false);
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
  const file = join(dir, 'config');
  await writeFile(`${file}.lock`, '12345');
  await expect(withFileLock(file, async () => 'ran', { timeoutMs: 200 })).rejects.toThrow(
    /is held by another step/,
  );
  const old = new Date(Date.now() - 60_000);
  await utimes(`${file}.lock`, old, old);
  await expect(withFileLock(file, async () => 'ran', { timeoutMs: 200 })).resolves.toBe('ran');
});
