import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { loadWrittenFiles, type RenewalState, saveWrittenFiles } from '../../src/action/state.js';
import type { WrittenFile } from '../../src/disk/credentials-file.js';
import { whilePlatformIs } from '../support/platform.js';

/** The state file between the main and the post step, with the runner's variables set by hand. */

const KEYS = [
  'RUNNER_TEMP',
  'GITHUB_STATE',
  'STATE_state-file',
  'HOME',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
];
let saved: Record<string, string | undefined>;
let dir: string;

beforeEach(async () => {
  saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
  dir = await mkdtemp(join(tmpdir(), 'state-test-'));
  process.env.RUNNER_TEMP = join(dir, 'temp');
  await import('node:fs/promises').then(({ mkdir }) => mkdir(join(dir, 'temp')));
  process.env.GITHUB_STATE = join(dir, 'github-state');
  await writeFile(process.env.GITHUB_STATE, '');
  process.env.HOME = join(dir, 'home');
  delete process.env.AWS_SHARED_CREDENTIALS_FILE;
  delete process.env.AWS_CONFIG_FILE;
});

afterEach(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await rm(dir, { recursive: true, force: true });
});

function credentialsFile(): WrittenFile {
  return {
    file: join(dir, 'home', '.aws', 'credentials'),
    target: join(dir, 'home', '.aws', 'credentials'),
    sections: [
      { name: 'default', ownerLine: 'aws_access_key_id = ASIAX', replaced: ['[default]\nk = v\n'] },
    ],
    createdFile: false,
    addedNewline: false,
    originalMode: 0o644,
    originalText: '[default]\nk = v\n',
    writtenSha256: 'a'.repeat(64),
  };
}

/** What the runner does between the steps: GITHUB_STATE's entry becomes STATE_<name>. */
async function handOver(): Promise<string> {
  const text = await readFile(process.env.GITHUB_STATE ?? '', 'utf8');
  const match = /^state-file<<(.*)\n([\s\S]*?)\n\1\n/m.exec(text);
  const value = match?.[2] ?? '';
  process.env['STATE_state-file'] = value;
  return value;
}

describe('the state file', () => {
  test('is a 0600 file under RUNNER_TEMP; the runner state holds only its path and hash', async () => {
    const path = await saveWrittenFiles([credentialsFile()]);
    expect(path.startsWith(join(dir, 'temp'))).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const pointer = JSON.parse(await handOver()) as Record<string, string>;
    expect(Object.keys(pointer).sort()).toEqual(['path', 'sha256']);
    expect(JSON.stringify(pointer)).not.toContain('k = v');
    expect(await loadWrittenFiles()).toEqual({ files: [credentialsFile()], path });
  });

  test('scales: a thousand profiles are a file, not an environment variable', async () => {
    const many = {
      ...credentialsFile(),
      sections: Array.from({ length: 1000 }, (_, n) => ({
        name: `profile-${n}`,
        ownerLine: `aws_access_key_id = ASIA${String(n).padStart(16, '0')}`,
        replaced: [`[x]\n${'k = v\n'.repeat(20)}`],
      })),
    };
    await saveWrittenFiles([many]);
    expect((await handOver()).length).toBeLessThan(300);
    expect((await loadWrittenFiles()).files[0]?.sections).toHaveLength(1000);
  });

  test('no state: nothing to do', async () => {
    delete process.env['STATE_state-file'];
    expect(await loadWrittenFiles()).toEqual({ files: [] });
  });

  test.each([
    [
      'a path outside RUNNER_TEMP',
      () => ({ path: join(dir, 'elsewhere.json') }),
      /outside RUNNER_TEMP/,
    ],
    ['RUNNER_TEMP itself', () => ({ path: join(dir, 'temp') }), /outside RUNNER_TEMP/],
    [
      'a path that climbs out',
      () => ({ path: join(dir, 'temp', '..', 'x.json') }),
      /outside RUNNER_TEMP/,
    ],
    ['a malformed hash', () => ({ sha256: 'nope' }), /not readable/],
  ])('refuses %s', async (_label, change, reason) => {
    await saveWrittenFiles([credentialsFile()]);
    const pointer = JSON.parse(await handOver()) as Record<string, string>;
    process.env['STATE_state-file'] = JSON.stringify({ ...pointer, ...change() });
    const loaded = await loadWrittenFiles();
    expect(loaded.files).toEqual([]);
    expect(loaded.refused).toMatch(reason);
  });

  test('refuses a state file changed after the main step', async () => {
    const path = await saveWrittenFiles([credentialsFile()]);
    await handOver();
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('.aws/credentials', '.aws/../../../../etc/passwd'));
    expect((await loadWrittenFiles()).refused).toMatch(/changed after the main step/);
  });

  test('refuses a state file that is a link, or readable by others', async () => {
    const path = await saveWrittenFiles([credentialsFile()]);
    await handOver();
    await chmod(path, 0o644);
    expect((await loadWrittenFiles()).refused).toMatch(/not a private regular file/);
    await chmod(path, 0o600);
    const real = `${path}.real`;
    await import('node:fs/promises').then(({ rename }) => rename(path, real));
    await symlink(real, path);
    expect((await loadWrittenFiles()).refused).toMatch(/not a private regular file/);
  });

  // Windows: stat reports 0666 for every writable file, whatever its ACL says, so a mode check
  // would refuse every state file there and the post step would never clean up.
  test('on Windows, where modes say nothing of who can read, the state file is read back', async () => {
    const path = await saveWrittenFiles([credentialsFile()]);
    await handOver();
    await chmod(path, 0o666);
    const loaded = await whilePlatformIs('win32', () => loadWrittenFiles());
    expect(loaded).toEqual({ files: [credentialsFile()], path });
  });

  test('refuses a state (even a consistent one) naming a file this step does not write', async () => {
    await saveWrittenFiles([{ ...credentialsFile(), file: '/etc/passwd', target: '/etc/passwd' }]);
    await handOver();
    expect((await loadWrittenFiles()).refused).toMatch(/names a file or a section/);
  });

  test('refuses a section name that is no profile name', async () => {
    const file = credentialsFile();
    await saveWrittenFiles([
      { ...file, sections: [{ name: 'x]\n[evil', ownerLine: 'aws_access_key_id = A' }] },
    ]);
    await handOver();
    expect((await loadWrittenFiles()).refused).toMatch(/names a file or a section/);
  });
});

describe('the session of renew-credentials', () => {
  const renewal = {
    sessionName: 'aws-sso-credentials-42-1-build-0123456789ab',
    refreshTokenSha256: 'b'.repeat(64),
    registrationSha256: 'c'.repeat(64),
    placeSha256: 'd'.repeat(64),
    roles: [{ accountId: '111122223333', roleName: 'Deploy' }],
  };

  test('goes to the state file with the sections, and comes back', async () => {
    const path = await saveWrittenFiles([credentialsFile()], renewal);
    await handOver();
    expect(await loadWrittenFiles()).toEqual({ files: [credentialsFile()], renewal, path });
  });

  test('with role-to-assume, the chained profile’s AssumeRole arguments come back too', async () => {
    const chains = [
      {
        roleArn: 'arn:aws:iam::333333333333:role/ci/Deployer',
        sessionName: 'GitHubActions-42-1',
        durationSeconds: 3600,
        externalId: 'ext:42',
      },
    ];
    await saveWrittenFiles([credentialsFile()], { ...renewal, chains });
    await handOver();
    expect((await loadWrittenFiles()).renewal).toEqual({ ...renewal, chains });
  });

  const chain = {
    roleArn: 'arn:aws:iam::333333333333:role/D',
    sessionName: 'ab',
    durationSeconds: 900,
  };
  test.each([
    ['a session name of another form (a path)', { sessionName: '../../.ssh/id_rsa' }],
    ['a chained role that is no role ARN', { chains: [{ ...chain, roleArn: '../../x' }] }],
    ['a chained session name with a quote', { chains: [{ ...chain, sessionName: 'a"b' }] }],
    ['a chained duration that is not whole', { chains: [{ ...chain, durationSeconds: 900.5 }] }],
    ['an external id with a newline', { chains: [{ ...chain, externalId: 'ab\ncd' }] }],
    ['chains that are not a list', { chains: 'x' }],
    ['a user’s own session name', { sessionName: 'my-sso' }],
    ['a refresh token instead of its hash', { refreshTokenSha256: 'aorSECRET' }],
    ['a client secret instead of its hash', { registrationSha256: 'SECRET' }],
    ['no digest of the region and start URL', { placeSha256: undefined }],
    ['a role that is no role', { roles: [{ accountId: '1', roleName: 'x' }] }],
  ])('a state with %s is refused, and nothing is touched', async (_what, change) => {
    // A state as a changed file could hold it, whatever its types.
    await saveWrittenFiles([credentialsFile()], { ...renewal, ...change } as RenewalState);
    await handOver();
    const loaded = await loadWrittenFiles();
    expect(loaded.renewal).toBeUndefined();
    expect(loaded.files).toEqual([]);
    expect(loaded.refused).toMatch(/names a file or a section that this step does not write/);
  });
});
