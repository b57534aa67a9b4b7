import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect } from '@jest/globals';
import { useEmulator } from '../support/emulator-fixtures.js';
import { awsCli, testWith } from '../support/real-clients.js';
import { useTempDir } from '../support/temp-dirs.js';

/**
 * The emulator against botocore, through the AWS CLI v2 (support/real-clients.ts). HOME and the config files point at an empty directory and no AWS_* variable is
 * passed on, so nothing but the emulator can answer. execFile is asynchronous on purpose: the
 * emulator runs in this process and must keep serving while the CLI waits.
 */

const cliTest = testWith(['AWS CLI v2']);

const emu = useEmulator();
const home = useTempDir('emulator-aws-cli', 'block');

beforeAll(async () => {
  await writeFile(join(home.path, 'config'), '');
});

function isolatedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_')) env[name] = value;
  }
  return {
    ...env,
    HOME: home.path,
    AWS_CONFIG_FILE: join(home.path, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home.path, 'credentials'),
    // CLI v2 would otherwise pipe output through a pager.
    AWS_PAGER: '',
  };
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function aws(args: string[]): Promise<CliResult> {
  const base = ['--endpoint-url', emu.url, '--region', 'us-east-1', '--output', 'json'];
  return new Promise((resolve) => {
    execFile(awsCli(), [...args, ...base], { env: isolatedEnv() }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const getRoleCredentials = (token: string) =>
  aws([
    'sso',
    'get-role-credentials',
    '--access-token',
    token,
    '--account-id',
    '111111111111',
    '--role-name',
    'ReadOnly',
  ]);

describe('AWS CLI', () => {
  cliTest('aws sso get-role-credentials parses the emulator response', async () => {
    const token = emu.issueAccessToken();
    const before = Date.now();
    const result = await getRoleCredentials(token);
    expect(result.code).toBe(0);
    const { roleCredentials } = JSON.parse(result.stdout);
    expect(roleCredentials.accessKeyId).toMatch(/^ASIA/);
    expect(Number.isInteger(roleCredentials.expiration)).toBe(true);
    expect(roleCredentials.expiration).toBeGreaterThan(before + 3_500_000);
    expect(emu.issuedSecrets()).toContain(roleCredentials.sessionToken);
    const entry = emu.requests.at(-1);
    expect(entry?.headers['x-amz-sso_bearer_token']).toBe(token);
    expect(entry?.headers.authorization).toBeUndefined();
  });

  cliTest('a revoked token is reported as UnauthorizedException', async () => {
    const token = emu.issueAccessToken();
    emu.revokeAccessToken(token);
    const result = await getRoleCredentials(token);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/UnauthorizedException/);
  });

  cliTest('aws sso-oidc create-token refreshes a seeded session', async () => {
    const session = emu.seedSession();
    const result = await aws([
      'sso-oidc',
      'create-token',
      '--client-id',
      session.clientId,
      '--client-secret',
      session.clientSecret,
      '--grant-type',
      'refresh_token',
      '--refresh-token',
      session.refreshToken ?? '',
    ]);
    expect(result.code).toBe(0);
    const token = JSON.parse(result.stdout);
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(token.refreshToken).toBe(emu.lastRefreshToken);
  });
});
