import { execFileSync } from 'node:child_process';
import {
  chmod,
  lchown,
  mkdir,
  mkdtemp,
  open,
  readFile,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { releaseStuckRead, resolveWriteTarget, writeAtomically } from '../../src/disk/files.js';
import { removeDir } from '../support/temp-dirs.js';

/**
 * Links are written through, except one the kernel's fs.protected_symlinks would not follow: in a
 * sticky world-writable directory (such as /tmp), a link that belongs neither to us nor to the
 * directory's owner. Giving a link another owner needs root (lchown); elsewhere those cases skip.
 */

const root = process.geteuid?.() === 0;
const asRoot = root ? test : test.skip;
const OTHER_UID = 54_321;

let dir: string;
let shared: string;
let victim: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'files-'));
  shared = join(dir, 'shared');
  await mkdir(shared);
  await chmod(shared, 0o1777); // like /tmp: anyone may add, only owners delete
  victim = join(dir, 'victim');
  await writeFile(victim, 'mine\n', { mode: 0o600 });
});

afterEach(async () => removeDir(dir));

describe('writing through a symbolic link', () => {
  test('a link of our own is written through, in a sticky directory too', async () => {
    const link = join(shared, 'credentials');
    await symlink(victim, link);
    expect(await writeAtomically(link, 'new\n')).toBe(victim);
    expect(await readFile(victim, 'utf8')).toBe('new\n');
  });

  asRoot(
    "another user's link in a sticky world-writable directory is refused, the target untouched",
    async () => {
      const link = join(shared, 'credentials');
      await symlink(victim, link);
      await lchown(link, OTHER_UID, OTHER_UID);
      await expect(writeAtomically(link, 'planted\n')).rejects.toMatchObject({
        code: 'EACCES',
        message: expect.stringMatching(
          /^refused to follow the symbolic link .*credentials: it belongs to another user \(uid 54321\) in a directory anyone may write to/,
        ),
      });
      await expect(resolveWriteTarget(link)).rejects.toMatchObject({ code: 'EACCES' });
      expect(await readFile(victim, 'utf8')).toBe('mine\n');
    },
  );

  asRoot('the second link of a chain is held to the rule too', async () => {
    const first = join(dir, 'first');
    const planted = join(shared, 'second');
    await symlink(victim, planted);
    await lchown(planted, OTHER_UID, OTHER_UID);
    await symlink(planted, first);
    await expect(writeAtomically(first, 'planted\n')).rejects.toMatchObject({ code: 'EACCES' });
    expect(await readFile(victim, 'utf8')).toBe('mine\n');
  });

  asRoot("a link that belongs to the directory's owner is followed", async () => {
    const owned = join(dir, 'owned');
    await mkdir(owned);
    await chmod(owned, 0o1777);
    await lchown(owned, OTHER_UID, OTHER_UID);
    const link = join(owned, 'credentials');
    await symlink(victim, link);
    await lchown(link, OTHER_UID, OTHER_UID);
    expect(await writeAtomically(link, 'new\n')).toBe(victim);
  });

  asRoot("another user's link in a directory that is not sticky is followed", async () => {
    const open = join(dir, 'open');
    await mkdir(open);
    await chmod(open, 0o777);
    const link = join(open, 'credentials');
    await symlink(victim, link);
    await lchown(link, OTHER_UID, OTHER_UID);
    expect(await writeAtomically(link, 'new\n')).toBe(victim);
  });
});

describe('releaseStuckRead', () => {
  test('a read stuck opening a FIFO is let go, and reads nothing', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const stuck = open(fifo, 'r').then(async (handle) => {
      const text = await handle.readFile('utf8');
      await handle.close();
      return text;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await releaseStuckRead(fifo);
    expect(await stuck).toBe('');
  });

  test('a regular file is left as it is', async () => {
    await writeFile(join(dir, 'file'), 'kept');
    await releaseStuckRead(join(dir, 'file'));
    await releaseStuckRead(join(dir, 'missing'));
    expect(await readFile(join(dir, 'file'), 'utf8')).toBe('kept');
  });
});
