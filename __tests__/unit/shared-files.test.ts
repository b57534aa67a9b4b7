import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { credentialsSection, type WrittenFile } from '../../src/disk/credentials-file.js';
import {
  type SessionWrite,
  type SharedFileEdit,
  SharedFilesError,
  writeSharedFiles,
} from '../../src/disk/shared-files.js';

/**
 * The all-or-none write of the shared files (disk/shared-files.ts) on a real disk: what it
 * reports, and what happens when taking a write back fails (issue 25 §5). Each failure is a real
 * one that root hits too: a file replaced by a directory, a directory where a file must go.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shared-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const KEYS = {
  accessKeyId: 'ASIASHAREDFILESTEST1',
  secretAccessKey: 'shared/files/secret/0123456789',
  sessionToken: 'shared-files-session-token',
  expiration: new Date('2030-01-01T00:00:00Z'),
};

const credentialsEdit = (): SharedFileEdit => ({
  file: join(dir, 'credentials'),
  sections: [credentialsSection('ci', KEYS)],
  credentials: true,
});

/** A state saver that records what it was given. */
function recorder() {
  const saved: { files: readonly WrittenFile[]; withSession: boolean }[] = [];
  const saveState = async (files: readonly WrittenFile[], withSession: boolean) => {
    saved.push({ files, withSession });
  };
  return { saved, saveState };
}

describe('writeSharedFiles', () => {
  test('reports a line per file and saves the state once, naming the files; logs nothing itself', async () => {
    const { saved, saveState } = recorder();
    const report = await writeSharedFiles([credentialsEdit()], { saveState });
    expect(report.lines).toEqual([`Wrote profile [ci] to ${join(dir, 'credentials')}.`]);
    expect(report.warnings).toEqual([]);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.files.map((file) => file.file)).toEqual([join(dir, 'credentials')]);
  });

  test('a failure after the write: taken back, nothing left, no state saved', async () => {
    const { saved, saveState } = recorder();
    const session: SessionWrite = {
      name: 'the token cache',
      write: async () => {
        throw new Error('the cache could not be written');
      },
      undo: async () => undefined,
    };
    const error = await writeSharedFiles([credentialsEdit()], { saveState, session }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SharedFilesError);
    expect((error as SharedFilesError).message).toBe(
      'Could not write the profiles: the cache could not be written',
    );
    expect((error as SharedFilesError).warnings).toEqual([]);
    expect(saved).toEqual([]);
    await expect(readFile(join(dir, 'credentials'))).rejects.toThrow(/ENOENT/);
  });

  test('a file that cannot be put back (replaced by a directory): a warning names it and its section; the state keeps it', async () => {
    const { saved, saveState } = recorder();
    const credentials = join(dir, 'credentials');
    const session: SessionWrite = {
      name: 'the token cache',
      // Someone moves the file away and leaves a directory in its place.
      write: async () => {
        await rename(credentials, join(dir, 'moved'));
        await mkdir(credentials);
        throw new Error('the cache could not be written');
      },
      undo: async () => undefined,
    };
    const error = await writeSharedFiles([credentialsEdit()], { saveState, session }).catch(
      (caught: unknown) => caught,
    );
    expect((error as SharedFilesError).warnings).toEqual([
      `Could not take [ci] back out of ${credentials}: ${credentials} cannot be read back (it is not a regular file); left as it is; the post step will try again.`,
    ]);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.files.map((file) => file.file)).toEqual([credentials]);
    expect(saved[0]?.withSession).toBe(false);
  });

  test('a session file that cannot be removed: named; the state keeps the session for the post step', async () => {
    const { saved, saveState } = recorder();
    const cache = join(dir, 'cache.json');
    const session: SessionWrite = {
      name: `the token cache (${cache})`,
      write: async () => {
        // A directory where the cache must go, with something in it: it cannot be unlinked.
        await mkdir(cache);
        await writeFile(join(cache, 'x'), '');
        throw new Error('the cache could not be written');
      },
      undo: () => rm(cache),
    };
    const error = await writeSharedFiles([credentialsEdit()], { saveState, session }).catch(
      (caught: unknown) => caught,
    );
    expect((error as SharedFilesError).warnings).toEqual([
      expect.stringMatching(
        /^Could not remove the token cache \(.*cache\.json\): .*; the post step will try again\.$/,
      ),
    ]);
    expect(saved).toEqual([{ files: [], withSession: true }]);
    // the credentials file itself was taken back
    await expect(readFile(join(dir, 'credentials'))).rejects.toThrow(/ENOENT/);
  });

  test('when the state cannot be saved either, the warning says to remove it by hand', async () => {
    const credentials = join(dir, 'credentials');
    const session: SessionWrite = {
      name: 'the token cache',
      write: async () => {
        await rename(credentials, join(dir, 'moved'));
        await mkdir(credentials);
        throw new Error('the cache could not be written');
      },
      undo: async () => undefined,
    };
    const saveState = async () => {
      throw new Error('RUNNER_TEMP is full');
    };
    const error = await writeSharedFiles([credentialsEdit()], { saveState, session }).catch(
      (caught: unknown) => caught,
    );
    expect((error as SharedFilesError).warnings).toEqual([
      expect.stringMatching(
        /^Could not take \[ci\] back out of .*; the post step cannot \(its state could not be saved: RUNNER_TEMP is full\): remove them by hand\.$/,
      ),
    ]);
  });
});
