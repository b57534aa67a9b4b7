import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GetRoleCredentialsCommand, ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { repoRoot } from '../support/node24.js';
import { refresh } from '../support/sdk.js';
import { useTempDir } from '../support/temp-dirs.js';

/**
 * emulator/cli.ts as the demo and CI run it: a separate process that seeds a session, writes
 * its details to a 0600 file, serves until SIGTERM and then exits 0.
 */

interface Details {
  url: string;
  region: string;
  accountId: string;
  roleName: string;
  session: Record<string, string>;
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
}

const dir = useTempDir('emulator-cli', 'block');
let child: ChildProcess;
let stderr = '';

function waitForListening(process: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.includes('emulator listening on ')) resolve();
    });
    process.once('exit', (code) => reject(new Error(`cli exited ${code}: ${stderr}`)));
  });
}

beforeAll(async () => {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules is not for the child
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'emulator/cli.ts',
      '--out',
      join(dir.path, 'emu.json'),
      '--rotate',
      'false',
      '--accounts',
      '150',
      '--rate-limit',
      '20',
      '--session-out',
      join(dir.path, 'session.json'),
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await waitForListening(child);
}, 30_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

test('--accounts adds generated accounts to the defaults; --rate-limit throttles beyond it', async () => {
  const details = JSON.parse(readFileSync(join(dir.path, 'emu.json'), 'utf8')) as Details;
  const portal = new SSOClient({ region: details.region, endpoint: details.url, maxAttempts: 1 });
  try {
    const accessToken = details.accessToken;
    const page = (nextToken?: string) =>
      portal.send(new ListAccountsCommand({ accessToken, maxResults: 100, nextToken }));
    const first = await page();
    const second = await page(first.nextToken);
    const ids = [...(first.accountList ?? []), ...(second.accountList ?? [])].map(
      (a) => a.accountId,
    );
    expect(ids).toHaveLength(152);
    expect(ids).toEqual(expect.arrayContaining(['111111111111', '222222222222', '200000000149']));
    // A bucket of 20 (the two pages above took two): of 60 requests sent at once, some are
    // throttled, however slowly this machine sends them.
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => page()));
    const throttled = results.filter(
      (r) => r.status === 'rejected' && (r.reason as Error).name === 'TooManyRequestsException',
    );
    expect(throttled.length).toBeGreaterThanOrEqual(10);
    expect(results.length - throttled.length).toBeGreaterThanOrEqual(15);
  } finally {
    portal.destroy();
  }
  // Let the bucket refill for the next test.
  await new Promise((resolve) => setTimeout(resolve, 1500));
});

test('--session-out writes the plain session document that `credentials --session` takes', () => {
  const details = JSON.parse(readFileSync(join(dir.path, 'emu.json'), 'utf8')) as Details;
  const file = join(dir.path, 'session.json');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(details.session);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL_SSO: details.url,
    AWS_ENDPOINT_URL_SSO_OIDC: details.url,
  };
  delete env.NODE_OPTIONS;
  const args = [
    '--session',
    file,
    '--account-id',
    details.accountId,
    '--role-name',
    details.roleName,
  ];
  const cli = join(repoRoot, 'dist', 'cli', 'index.js');
  const out = execFileSync(
    process.execPath,
    [cli, 'credentials', ...args, '--format', 'credential-process'],
    {
      env,
    },
  );
  expect(JSON.parse(out.toString()).AccessKeyId).toMatch(/^ASIA/);
  // The details file is not a session document: the tool says so instead of using it.
  const wrong = spawnSync(
    process.execPath,
    [cli, 'credentials', ...args.slice(2), '--session', join(dir.path, 'emu.json')],
    {
      env,
      encoding: 'utf8',
    },
  );
  expect(wrong.status).not.toBe(0);
});

test('serves the seeded session it wrote, then stops on SIGTERM', async () => {
  const file = join(dir.path, 'emu.json');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const details = JSON.parse(readFileSync(file, 'utf8')) as Details;
  expect(stderr).toContain(`emulator listening on ${details.url}`);
  expect(details).toMatchObject({ region: 'us-east-1', accountId: '111111111111' });
  expect(details.session).toMatchObject({
    accessToken: details.accessToken,
    refreshToken: details.refreshToken,
    clientId: details.clientId,
    clientSecret: details.clientSecret,
  });

  const oidc = new SSOOIDCClient({ region: details.region, endpoint: details.url });
  const portal = new SSOClient({ region: details.region, endpoint: details.url });
  try {
    // --rotate false: the same refresh token works twice.
    await refresh(oidc, details, details.refreshToken);
    const token = await refresh(oidc, details, details.refreshToken);
    expect(token.refreshToken).toBe(details.refreshToken);
    const credentials = await portal.send(
      new GetRoleCredentialsCommand({
        accessToken: token.accessToken,
        accountId: details.accountId,
        roleName: details.roleName,
      }),
    );
    expect(credentials.roleCredentials?.accessKeyId).toMatch(/^ASIA/);
    const health = await fetch(`${details.url}/__emulator/health`);
    expect(health.status).toBe(200);
  } finally {
    oidc.destroy();
    portal.destroy();
  }

  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

/** Runs a command in the repository with Jest's NODE_OPTIONS removed, as a user's shell would. */
function runInRepo(
  command: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const run = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    run.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    run.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    run.once('error', reject);
    run.once('close', (code) => resolve({ code, stdout: out, stderr: err }));
  });
}

describe('usage', () => {
  test.each([['--help'], ['-h']])(
    '`npm run emulator -- %s` prints the usage on stdout and exits 0 without serving',
    async (flag) => {
      const result = await runInRepo('npm', ['run', 'emulator', '--', flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('usage: npm run emulator -- [--port N]');
      for (const option of ['--out FILE', '--rotate true|false', '--auto-approve POLLS']) {
        expect(result.stdout).toContain(option);
      }
      // The help mentions the line; a started emulator would print it with its URL.
      expect(`${result.stdout}${result.stderr}`).not.toContain('emulator listening on http');
    },
    30_000,
  );

  test('an unknown option exits 2 with the usage on stderr', async () => {
    const result = await runInRepo('npm', ['run', '--silent', 'emulator', '--', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Unknown option '--bogus'\nusage: npm run emulator -- /);
  }, 30_000);
});
