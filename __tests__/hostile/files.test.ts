import { execFile } from 'node:child_process';
import {
  chmod,
  lchown,
  link,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rename,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  expectCleanFailure,
  expectCleanSuccess,
  expectNoSecrets,
  expectOnlyIntendedCommands,
  type HostileRun,
  ROLE,
  refreshInputs,
  runHostileAction,
  useHostileSuite,
} from './harness.js';
import { HostileServer } from './server.js';

/**
 * Odd files on disk, and a main-to-post state someone tampered with: the action writes through
 * links, keeps what it replaces, gives modes back, refuses what is not a file, and the post step
 * refuses a state it did not write.
 */

let server: HostileServer;

beforeAll(async () => {
  server = await HostileServer.start();
});

afterAll(() => server.stop());
useHostileSuite();

const USER_SECRET = 'user/long+lived/secret/key/0123456789ABCD';
const USER_DEFAULT = `[default] ; the runner owner's own\naws_access_key_id = AKIAUSERLONGLIVED000\naws_secret_access_key = ${USER_SECRET}\n`;

async function home(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'hostile-files-'));
}

function fileEnv(dir: string): Record<string, string> {
  return {
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config'),
  };
}

async function main(
  dir: string,
  extra: Record<string, string>,
  env: Record<string, string> = fileEnv(dir),
): Promise<{ result: HostileRun; inputs: Record<string, string> }> {
  const inputs = { ...refreshInputs(server), ...extra };
  const result = await runHostileAction(server, { inputs, home: dir, env });
  return { result, inputs };
}

/** The post step: exit 0, only intended commands, no secret of the server or the user. */
async function post(
  result: HostileRun,
  env: Record<string, string>,
  state?: Record<string, string>,
) {
  if (state) Object.assign(result.state, state);
  const after = await result.runPost({ env });
  expect(after.exitCode).toBe(0);
  expectOnlyIntendedCommands([after.stdout, after.stderr]);
  expectNoSecrets([after.stdout, after.stderr], [...server.secrets(), USER_SECRET]);
  return after;
}

describe('the shared files as the action finds them', () => {
  test('a credentials file that is a link: written through, still a link, the target restored', async () => {
    const dir = await home();
    await mkdir(join(dir, 'dotfiles'));
    const target = join(dir, 'dotfiles', 'aws-credentials');
    await writeFile(target, USER_DEFAULT, { mode: 0o600 });
    await symlink(target, join(dir, 'credentials'));
    const { result, inputs } = await main(dir, { ...ROLE, profile: 'ci' });
    expectCleanSuccess(result, server, inputs);
    expect(await readlink(join(dir, 'credentials'))).toBe(target);
    expect(await readFile(target, 'utf8')).toContain('[ci]\n');
    await post(result, fileEnv(dir));
    expect((await lstat(join(dir, 'credentials'))).isSymbolicLink()).toBe(true);
    expect(await readFile(target, 'utf8')).toBe(USER_DEFAULT);
  });

  test('a 0644 credentials file is 0600 while it holds credentials, 0644 again after', async () => {
    const dir = await home();
    await writeFile(join(dir, 'credentials'), '[other]\nk = v\n');
    await chmod(join(dir, 'credentials'), 0o644);
    const { result, inputs } = await main(dir, { ...ROLE, profile: 'ci' });
    expectCleanSuccess(result, server, inputs);
    expect((await stat(join(dir, 'credentials'))).mode & 0o777).toBe(0o600);
    await post(result, fileEnv(dir));
    expect((await stat(join(dir, 'credentials'))).mode & 0o777).toBe(0o644);
  });

  test("profile: default over the user's own [default]: kept out of the runner's state, put back byte for byte", async () => {
    const dir = await home();
    const original = `# mine\n${USER_DEFAULT}\n[other]\nk = v`;
    await writeFile(join(dir, 'credentials'), original, { mode: 0o600 });
    const { result, inputs } = await main(dir, { ...ROLE, profile: 'default' });
    expectCleanSuccess(result, server, inputs);
    expectNoSecrets(
      [result.stdout, result.stderr, result.summary, result.files.state],
      [USER_SECRET],
    );
    expect(await readFile(join(dir, 'credentials'), 'utf8')).not.toContain(USER_SECRET);
    // the state file that holds it is private to this user, in RUNNER_TEMP
    const states = (await readdir(result.runnerTemp)).filter((name) => name.endsWith('.json'));
    expect(states).toHaveLength(1);
    expect((await stat(join(result.runnerTemp, states[0] ?? ''))).mode & 0o777).toBe(0o600);
    await post(result, fileEnv(dir));
    expect(await readFile(join(dir, 'credentials'), 'utf8')).toBe(original);
    // and the state file is gone with the job's other traces
    expect((await readdir(result.runnerTemp)).filter((name) => name.endsWith('.json'))).toEqual([]);
  });

  test('duplicate [ci] sections become one for the job, and both come back', async () => {
    const dir = await home();
    const original =
      '[ci]\naws_access_key_id = AKIAFIRST\n[x]\nk = v\n[ci]\naws_access_key_id = AKIASECOND\n';
    await writeFile(join(dir, 'credentials'), original);
    const { result, inputs } = await main(dir, { ...ROLE, profile: 'ci' });
    expectCleanSuccess(result, server, inputs);
    expect((await readFile(join(dir, 'credentials'), 'utf8')).match(/^\[ci\]$/gm)).toHaveLength(1);
    await post(result, fileEnv(dir));
    expect(await readFile(join(dir, 'credentials'), 'utf8')).toBe(original);
  });

  test('bytes that are not UTF-8 in the file survive byte for byte', async () => {
    const dir = await home();
    const original = Buffer.concat([
      Buffer.from('[x]\nname = '),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('\n'),
    ]);
    await writeFile(join(dir, 'credentials'), original);
    const { result, inputs } = await main(dir, { ...ROLE, profile: 'ci' });
    expectCleanSuccess(result, server, inputs);
    await post(result, fileEnv(dir));
    expect(await readFile(join(dir, 'credentials'))).toEqual(original);
  });

  test.each([
    ['a directory', async (file: string) => mkdir(file)],
    [
      'a FIFO (a read would block)',
      async (file: string) => void (await promisify(execFile)('mkfifo', [file])),
    ],
    [
      'a link loop',
      async (file: string) => {
        await symlink(`${file}.b`, file);
        await symlink(file, `${file}.b`);
      },
    ],
    [
      'a file over 16 MiB',
      async (file: string) => writeFile(file, Buffer.alloc(17 * 1024 * 1024, 0x20)),
    ],
  ])(
    'a credentials path that is %s: the step fails and nothing is exported',
    async (_label, make) => {
      const dir = await home();
      await make(join(dir, 'credentials'));
      const { result, inputs } = await main(dir, { ...ROLE, profile: 'ci' });
      const message = await expectCleanFailure(result, server, inputs);
      expect(message).toMatch(
        /credentials (is not a regular file|is larger than 16 MiB)|^Could not read .*credentials: /,
      );
    },
  );

  test('a config file that is a FIFO, with no profile to write: refused before the SDK reads it', async () => {
    const dir = await home();
    await promisify(execFile)('mkfifo', [join(dir, 'config')]);
    const { result, inputs } = await main(dir, { ...ROLE });
    const message = await expectCleanFailure(result, server, inputs);
    expect(message).toMatch(/config is not a regular file; the AWS SDK would block/);
  });

  test('credentials and config file the same file (profiles + aws-region): refused, nothing written', async () => {
    const dir = await home();
    const same = join(dir, 'aws');
    await writeFile(same, '[default]\nregion = us-east-1\n');
    const env = { AWS_SHARED_CREDENTIALS_FILE: same, AWS_CONFIG_FILE: same };
    const { result, inputs } = await main(
      dir,
      { profiles: 'prod = 111111111111/ReadOnly', 'aws-region': 'eu-west-1' },
      env,
    );
    const message = await expectCleanFailure(result, server, inputs);
    expect(message).toMatch(/name the same file/);
    expect(await readFile(same, 'utf8')).toBe('[default]\nregion = us-east-1\n');
  });

  const CONFIG = '[default]\nregion = us-east-1\n';
  test.each([
    [
      'a directory link',
      async (dir: string) => {
        await mkdir(join(dir, 'aws'));
        await symlink(join(dir, 'aws'), join(dir, 'alias'));
        await writeFile(join(dir, 'aws', 'shared'), CONFIG);
        return [join(dir, 'aws', 'shared'), join(dir, 'alias', 'shared')] as const;
      },
    ],
    [
      'a directory link, the file not there yet',
      async (dir: string) => {
        await mkdir(join(dir, 'aws'));
        await symlink(join(dir, 'aws'), join(dir, 'alias'));
        return [join(dir, 'aws', 'shared'), join(dir, 'alias', 'shared')] as const;
      },
    ],
    [
      'a hard link',
      async (dir: string) => {
        await writeFile(join(dir, 'credentials'), CONFIG);
        await link(join(dir, 'credentials'), join(dir, 'config'));
        return [join(dir, 'credentials'), join(dir, 'config')] as const;
      },
    ],
  ])(
    'credentials and config one file under two names (%s): refused, nothing written',
    async (_label, make) => {
      const dir = await home();
      const [credentials, config] = await make(dir);
      const before = await readFile(credentials, 'utf8').catch(() => undefined);
      const env = { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config };
      const { result, inputs } = await main(
        dir,
        { profiles: 'prod = 111111111111/ReadOnly', 'aws-region': 'eu-west-1' },
        env,
      );
      const message = await expectCleanFailure(result, server, inputs);
      expect(message).toMatch(/name the same file/);
      expect(await readFile(credentials, 'utf8').catch(() => undefined)).toBe(before);
    },
  );

  (process.geteuid?.() === 0 ? test : test.skip)(
    "another user's link planted in a sticky world-writable directory: not followed, the target untouched",
    async () => {
      const dir = await home();
      const shared = join(dir, 'shared');
      await mkdir(shared);
      await chmod(shared, 0o1777);
      const victim = join(dir, 'victim');
      await writeFile(victim, USER_DEFAULT, { mode: 0o600 });
      const planted = join(shared, 'credentials');
      await symlink(victim, planted);
      await lchown(planted, 54_321, 54_321);
      const env = { AWS_SHARED_CREDENTIALS_FILE: planted, AWS_CONFIG_FILE: join(dir, 'config') };
      const { result, inputs } = await main(dir, { ...ROLE, profile: 'ci' }, env);
      const message = await expectCleanFailure(result, server, inputs);
      expect(message).toMatch(
        /refused to follow the symbolic link .*credentials: it belongs to another user \(uid 54321\)/,
      );
      expect(await readFile(victim, 'utf8')).toBe(USER_DEFAULT);
      expect(await readlink(planted)).toBe(victim);
    },
  );

  test('300 profiles: the post step starts and takes all of them out', async () => {
    const dir = await home();
    const lines = Array.from({ length: 300 }, (_, n) => `p${n} = 111111111111/ReadOnly`).join('\n');
    const { result, inputs } = await main(dir, { profiles: lines, 'aws-region': 'eu-west-1' });
    expectCleanSuccess(result, server, inputs);
    // the runner's state holds a path and a hash, whatever the number of profiles
    expect(result.files.state.length).toBeLessThan(400);
    const after = await post(result, fileEnv(dir));
    expect(after.log.join('\n')).toMatch(/Removed \[p0\].*\[p299\]/);
    await expect(stat(join(dir, 'credentials'))).rejects.toThrow(/ENOENT/);
    await expect(stat(join(dir, 'config'))).rejects.toThrow(/ENOENT/);
  }, 120_000);
});

describe('a main-to-post state someone tampered with is refused', () => {
  async function written(): Promise<{
    dir: string;
    result: HostileRun;
    statePath: string;
    text: string;
  }> {
    const dir = await home();
    await writeFile(join(dir, 'credentials'), USER_DEFAULT, { mode: 0o600 });
    const { result, inputs } = await main(dir, { ...ROLE, profile: 'default' });
    expectCleanSuccess(result, server, inputs);
    const pointer = JSON.parse(result.state['state-file'] ?? '{}') as { path: string };
    return {
      dir,
      result,
      statePath: pointer.path,
      text: await readFile(join(dir, 'credentials'), 'utf8'),
    };
  }

  async function expectRefused(
    dir: string,
    result: HostileRun,
    text: string,
    state?: Record<string, string>,
  ) {
    const after = await post(result, fileEnv(dir), state);
    expect(after.warnings.map((w) => w.message).join('\n')).toMatch(
      /The post step removed nothing/,
    );
    // the file is left as the main step wrote it
    expect(await readFile(join(dir, 'credentials'), 'utf8')).toBe(text);
  }

  test('a state that points outside RUNNER_TEMP', async () => {
    const { dir, result, statePath, text } = await written();
    const outside = join(dir, 'state.json');
    await writeFile(outside, await readFile(statePath, 'utf8'), { mode: 0o600 });
    const pointer = JSON.parse(result.state['state-file'] ?? '{}') as Record<string, string>;
    await expectRefused(dir, result, text, {
      'state-file': JSON.stringify({ ...pointer, path: outside }),
    });
  });

  test('a state file rewritten to name another file', async () => {
    const { dir, result, statePath, text } = await written();
    const state = await readFile(statePath, 'utf8');
    await writeFile(statePath, state.replaceAll(join(dir, 'credentials'), '/etc/passwd'));
    await expectRefused(dir, result, text);
  });

  test('a state file swapped for a link', async () => {
    const { dir, result, statePath, text } = await written();
    await rename(statePath, `${statePath}.moved`);
    await symlink(`${statePath}.moved`, statePath);
    await expectRefused(dir, result, text);
  });

  test('a state file others can read', async () => {
    const { dir, result, statePath, text } = await written();
    await chmod(statePath, 0o644);
    await expectRefused(dir, result, text);
  });

  test('a runner state that is not JSON', async () => {
    const { dir, result, text } = await written();
    await expectRefused(dir, result, text, { 'state-file': '::stop-commands::x' });
  });
});
