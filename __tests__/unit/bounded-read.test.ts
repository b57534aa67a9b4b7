import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { describeRefusal, readBounded, refusal } from '../../src/disk/bounded-read.js';
import { checkOwnDirectories, ownershipProblem } from '../../src/disk/own-directories.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bounded-read-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PRIVATE = { maxBytes: 1024, ownUser: true, forbiddenModeBits: 0o077 } as const;

describe('readBounded', () => {
  test('a private regular file of this user: its text and mode', async () => {
    const file = join(dir, 'f');
    await writeFile(file, 'héllo', { mode: 0o600 });
    expect(await readBounded(file, PRIVATE)).toEqual({ kind: 'read', text: 'héllo', mode: 0o600 });
    expect(await readBounded(file, { ...PRIVATE, encoding: 'latin1' })).toMatchObject({
      text: Buffer.from('héllo').toString('latin1'),
    });
  });

  test('a missing file is missing, not refused', async () => {
    expect(await readBounded(join(dir, 'none'), PRIVATE)).toEqual({ kind: 'missing' });
  });

  test.each([
    [
      'a symbolic link (not followed)',
      async (f: string) => {
        await writeFile(join(dir, 'target'), 'x', { mode: 0o600 });
        await symlink(join(dir, 'target'), f);
      },
      /^it is a symbolic link$/,
    ],
    [
      'a FIFO (refused without blocking)',
      async (f: string) => {
        execFileSync('mkfifo', ['-m', '600', f]);
      },
      /^it is not a regular file$/,
    ],
    ['a directory', async (f: string) => mkdir(f, { mode: 0o700 }), /^it is not a regular file$/],
    [
      'readable by others',
      async (f: string) => {
        await writeFile(f, 'x');
        await chmod(f, 0o644);
      },
      /^its mode is 0644: other users may read it$/,
    ],
    [
      'writable by the group',
      async (f: string) => {
        await writeFile(f, 'x');
        await chmod(f, 0o620);
      },
      /^its mode is 0620: other users may change it$/,
    ],
    [
      'larger than the bound',
      async (f: string) => writeFile(f, 'x'.repeat(1025), { mode: 0o600 }),
      /^it is larger than 1 KiB$/,
    ],
  ])('%s is refused, saying why without quoting it', async (_what, make, why) => {
    const file = join(dir, 'f');
    await make(file);
    const read = await readBounded(file, PRIVATE);
    expect(read).toEqual({ kind: 'refused', reason: expect.stringMatching(why) });
  });

  test('a character device is refused before any byte is read', async () => {
    expect(await readBounded('/dev/zero', { maxBytes: 1024 })).toEqual({
      kind: 'refused',
      reason: 'it is not a regular file',
    });
  });

  test('a file of another user is refused when ownUser is asked', async () => {
    const file = join(dir, 'f');
    await writeFile(file, 'x', { mode: 0o600 });
    const uid = process.getuid?.() ?? 0;
    // chown needs root (CI): else the rule is shown on a stat-like value.
    if (uid === 0) {
      execFileSync('chown', ['12345', file]);
      expect(await readBounded(file, PRIVATE)).toEqual({
        kind: 'refused',
        reason: 'it belongs to another user (uid 12345)',
      });
      expect(await readBounded(file, { maxBytes: 10 })).toMatchObject({ kind: 'read' });
    }
    const stats = { isFile: () => true, uid: 12345, mode: 0o100600, size: 1 };
    expect(refusal(stats, PRIVATE, uid === 12345 ? 1 : uid, 'linux')).toMatch(/another user/);
  });

  test('on Windows, neither owner nor mode bits are judged (the ACL is)', () => {
    const stats = { isFile: () => true, uid: 0, mode: 0o100666, size: 1 };
    expect(refusal(stats, PRIVATE, 1000, 'win32')).toBeUndefined();
    expect(refusal({ ...stats, isFile: () => false }, PRIVATE, 1000, 'win32')).toMatch(/regular/);
  });

  test('describeRefusal makes a sentence of it', () => {
    expect(describeRefusal('/x', 'it is a symbolic link')).toBe('/x is a symbolic link');
    expect(describeRefusal('/x', 'its mode is 0644: other users may read it')).toBe(
      '/x: its mode is 0644: other users may read it',
    );
  });
});

describe('the directories the step writes secrets into', () => {
  test('absent or own and 0700/0755: accepted', async () => {
    await mkdir(join(dir, '.aws', 'sso'), { recursive: true, mode: 0o755 });
    await expect(
      checkOwnDirectories([join(dir, '.aws'), join(dir, '.aws', 'sso'), join(dir, 'absent')]),
    ).resolves.toBeUndefined();
  });

  test('writable by others: refused, naming the directory and the fix', async () => {
    const cache = join(dir, 'cache');
    await mkdir(cache);
    await chmod(cache, 0o777);
    await expect(checkOwnDirectories([cache])).rejects.toThrow(
      new RegExp(`^${cache} can be written by other users \\(mode 0777\\).*chmod go-w`),
    );
  });

  test('a file where a directory belongs is refused', async () => {
    await writeFile(join(dir, '.aws'), '');
    await expect(checkOwnDirectories([join(dir, '.aws')])).rejects.toThrow(/is not a directory/);
  });

  test('another user’s directory is refused; Windows judges only that it is one', () => {
    const stats = { isDirectory: () => true, uid: 4242, mode: 0o40700 };
    expect(ownershipProblem(stats, 1000)).toBe('belongs to another user (uid 4242)');
    expect(ownershipProblem(stats, undefined)).toBeUndefined();
    expect(ownershipProblem({ ...stats, isDirectory: () => false }, undefined)).toBe(
      'is not a directory',
    );
  });
});
