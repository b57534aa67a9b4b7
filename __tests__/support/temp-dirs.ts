/**
 * Temporary directories (HOMEs, session files, credentials files) that a test makes and that
 * are gone again when it is over.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';

/** A new empty directory under the system's temp dir, named for what it is for. */
export async function tempHome(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `aws-sso-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

export interface TempDir {
  /** The directory of the current test (or block); throws outside one. */
  readonly path: string;
}

/**
 * A fresh directory for each test of the enclosing block (`'test'`), or one for the whole block
 * (`'block'`), removed afterwards.
 */
export function useTempDir(prefix: string, lifetime: 'test' | 'block' = 'test'): TempDir {
  let current: string | undefined;
  const [before, after] = lifetime === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = await tempHome(prefix);
  });
  after(async () => {
    await removeDir(current);
    current = undefined;
  });
  return {
    get path(): string {
      if (current === undefined) throw new Error(`no ${prefix} directory outside a test`);
      return current;
    },
  };
}

/** Makes a fresh directory on every call; all of them are removed after the enclosing block. */
export function useTempDirs(prefix: string): () => Promise<string> {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.splice(0).map(removeDir));
  });
  return async () => {
    const dir = await tempHome(prefix);
    made.push(dir);
    return dir;
  };
}
