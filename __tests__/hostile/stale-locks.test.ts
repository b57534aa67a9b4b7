import { execFileSync } from 'node:child_process';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  stat,
  symlink,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MAX_SHARED_FILE_BYTES } from '../../src/disk/config-files.js';
import {
  expectCleanFailure,
  expectCleanSuccess,
  expectNoSecrets,
  expectOnlyIntendedCommands,
  type HostileRun,
  refreshInputs,
  runHostileAction,
  useHostileSuite,
} from './harness.js';
import { HostileServer } from './server.js';

/**
 * Locks at the shared files' lock paths (issue 22 §4), through the bundled main and post steps:
 * whatever was left at `FILE.lock` (a file ten years ahead, a dangling link, a directory, a FIFO)
 * is judged abandoned after a short grace and removed, so neither step waits past
 * `action-timeout-s`; a live process of this machine that holds a lock is waited for, and no
 * longer than that limit. And an undo that fails is warned about by name (issue 25 §5).
 */

let server: HostileServer;
beforeAll(async () => {
  server = await HostileServer.start();
});
afterAll(() => server.stop());
useHostileSuite();

const LIMIT_S = 10;
/** Node's start-up and the harness on a loaded machine, beyond the step's own limit. */
const SLACK_MS = 15_000;
const TEST_TIMEOUT_MS = 120_000;
const PROFILES = { profiles: 'p = 111111111111/ReadOnly', 'aws-region': 'eu-west-1' };

async function home(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'hostile-locks-'));
}

function fileEnv(dir: string): Record<string, string> {
  return {
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config'),
  };
}

async function main(dir: string, extra: Record<string, string>, env = fileEnv(dir)) {
  const inputs = { ...refreshInputs(server), ...PROFILES, ...extra };
  const result = await runHostileAction(server, { inputs, home: dir, env });
  return { result, inputs };
}

/** The post step: exit 0, only intended commands, no secret. */
async function post(result: HostileRun, env: Record<string, string>) {
  const after = await result.runPost({ env });
  expect(after.exitCode).toBe(0);
  expectOnlyIntendedCommands([after.stdout, after.stderr]);
  expectNoSecrets([after.stdout, after.stderr], server.secrets());
  return after;
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

const STALE_KINDS = [
  [
    'a file whose mtime is ten years ahead',
    async (path: string) => {
      await writeFile(path, '4242 some-host\n');
      const ahead = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
      await utimes(path, ahead, ahead);
    },
  ],
  ['a dangling link', (path: string) => symlink(`${path}.nowhere`, path)],
  ['a directory', (path: string) => mkdir(path)],
  ['a FIFO', async (path: string) => void execFileSync('mkfifo', [path])],
] as const;

describe('something left at the lock path, under action-timeout-s', () => {
  test.each(STALE_KINDS)(
    '%s: the main step and the post step take it over in time; the post step removes all the step added',
    async (_label, make) => {
      const dir = await home();
      await make(join(dir, 'config.lock'));
      const { result, inputs } = await main(dir, { 'action-timeout-s': String(LIMIT_S) });
      expectCleanSuccess(result, server, inputs);
      expect(result.durationMs).toBeLessThan(LIMIT_S * 1000 + SLACK_MS);
      expect(await readFile(join(dir, 'config'), 'utf8')).toContain('[profile p]');
      expect(await readFile(join(dir, 'credentials'), 'utf8')).toContain('[p]');
      expect(await readdir(dir)).toEqual(['config', 'credentials']);

      // Left at both lock paths before the post step: it takes both over, within its limit.
      await make(join(dir, 'config.lock'));
      await make(join(dir, 'credentials.lock'));
      const after = await post(result, fileEnv(dir));
      expect(after.warnings).toEqual([]);
      expect(after.durationMs).toBeLessThan(LIMIT_S * 1000 + SLACK_MS);
      expect(after.log.join('\n')).toMatch(/Removed \[p\] from .*credentials/);
      // Both files were the step's own: gone, and the locks with them.
      expect(await readdir(dir)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a live process of this machine holding the lock', () => {
  /** This test's own process: alive, on this machine, for as long as the test runs. */
  const holdLock = (path: string) => writeFile(path, `${process.pid} ${hostname()}\n`);

  test(
    'main step: waited for until it lets go',
    async () => {
      const dir = await home();
      await holdLock(join(dir, 'config.lock'));
      const letGo = setTimeout(() => void unlink(join(dir, 'config.lock')), 4_000);
      const started = Date.now();
      const { result, inputs } = await main(dir, { 'action-timeout-s': '60' });
      clearTimeout(letGo);
      expectCleanSuccess(result, server, inputs);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
      expect(await readFile(join(dir, 'config'), 'utf8')).toContain('[profile p]');
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'main step: never lets go; the step fails at action-timeout-s, naming the holder and the lock, and writes nothing',
    async () => {
      const dir = await home();
      const lock = join(dir, 'config.lock');
      await holdLock(lock);
      const { result, inputs } = await main(dir, { 'action-timeout-s': '5' });
      const message = await expectCleanFailure(result, server, inputs);
      expect(message).toBe(
        `The step's time limit 'action-timeout-s' (5 s) passed while process ${process.pid} of this machine held ${lock}. If no job is changing that file any more, remove the lock.`,
      );
      expect(result.durationMs).toBeLessThan(5_000 + SLACK_MS);
      // the holder's lock stays; nothing was written
      expect((await readdir(dir)).sort()).toEqual(['config.lock']);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'post step: waited for within its limit; what it could not reach is named in a warning',
    async () => {
      const dir = await home();
      const { result, inputs } = await main(dir, { 'action-timeout-s': '5' });
      expectCleanSuccess(result, server, inputs);
      const lock = join(dir, 'config.lock');
      await holdLock(lock);
      const after = await post(result, fileEnv(dir));
      expect(after.durationMs).toBeLessThan(5_000 + SLACK_MS);
      expect(after.warnings.map((w) => w.message)).toEqual([
        `Could not remove [profile p] from ${join(dir, 'config')}: The post step's time limit (5 s) passed while process ${process.pid} of this machine held ${lock}; remove it by hand.`,
      ]);
      // the credentials, which nobody held, are gone; the config file waits for its holder
      expect(await exists(join(dir, 'credentials'))).toBe(false);
      expect(await readFile(join(dir, 'config'), 'utf8')).toContain('[profile p]');
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'post step: a holder that lets go within the limit is waited for, and everything is removed',
    async () => {
      const dir = await home();
      const { result, inputs } = await main(dir, { 'action-timeout-s': '30' });
      expectCleanSuccess(result, server, inputs);
      await holdLock(join(dir, 'config.lock'));
      const letGo = setTimeout(() => void unlink(join(dir, 'config.lock')), 3_000);
      const after = await post(result, fileEnv(dir));
      clearTimeout(letGo);
      expect(after.warnings).toEqual([]);
      expect(await readdir(dir)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('an undo that fails (issue 25 §5)', () => {
  test(
    'the step fails; the warning names the file and the section left behind, and the post step still cleans it',
    async () => {
      const dir = await home();
      // A credentials file just within the 16 MiB bound: read and written, but the profile's
      // section takes it past the bound, so that putting it back (which reads it first) fails,
      // for root too.
      const credentials = join(dir, 'credentials');
      const mine = '[mine]\naws_access_key_id = AKIAUSERLONGLIVED000\n';
      const filler = '#'.repeat(MAX_SHARED_FILE_BYTES - mine.length - 200);
      await writeFile(credentials, `${mine}${filler}\n`, { mode: 0o600 });
      // A config file whose name leaves no room for the temporary file of the atomic write (255
      // bytes a name): the second write fails, after the first, for root too.
      const config = join(dir, 'c'.repeat(245));
      const env = { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config };
      const { result } = await main(dir, {}, env);
      expect(result.exitCode).toBe(1);
      expect(result.errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/^Could not write the profiles: ENAMETOOLONG/),
      ]);
      expect(result.warnings.map((w) => w.message)).toEqual([
        `Could not take [p] back out of ${credentials}: ${credentials} cannot be read back (it is larger than 16 MiB); left as it is; the post step will try again.`,
      ]);
      expect(result.env).toEqual({});
      expectNoSecrets([result.stdout, result.stderr, result.summary], server.secrets());
      // the state names what is left to clean
      expect(Object.keys(result.state)).toEqual(['state-file']);
      expect(await readFile(credentials, 'utf8')).toContain('[p]\n');

      // The owner trims the file; the post step finds the profile by its owner line and removes it.
      const grown = await readFile(credentials, 'utf8');
      await writeFile(
        credentials,
        `${mine}# trimmed\n${grown.slice(mine.length + filler.length + 1)}`,
      );
      const after = await post(result, env);
      expect(after.log.join('\n')).toMatch(/Removed \[p\] from /);
      const left = await readFile(credentials, 'utf8');
      expect(left.startsWith(`${mine}# trimmed\n`)).toBe(true);
      expect(left).not.toContain('[p]');
      expect((await stat(credentials)).mode & 0o777).toBe(0o600);
      expect(await exists(config)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});
