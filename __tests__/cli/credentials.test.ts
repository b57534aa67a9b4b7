import { execFile } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromProcess } from '@aws-sdk/credential-provider-process';
import { describe, expect, test } from '@jest/globals';
import { ACCOUNT, ROLE } from '../support/action.js';
import {
  CLI,
  type CliResult,
  expectNoCliLeaks,
  expectOneSentence,
  runCli,
  writeSeededSession,
} from '../support/cli.js';
import { calls } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { node24Path } from '../support/node24.js';
import { awsCli, testWith } from '../support/real-clients.js';
import { useTempDir } from '../support/temp-dirs.js';

/** `credentials` against the emulator, and its credential_process output read by real consumers. */

const emulator = useEmulator();
const home = useTempDir('credentials');
const sessionFile = () => join(home.path, 'session.json');

/** `credentials` for the session file, in ACCOUNT, as `roleName`. */
function credentialsArgs(roleName = ROLE): string[] {
  return [
    'credentials',
    '--session',
    sessionFile(),
    '--account-id',
    ACCOUNT,
    '--role-name',
    roleName,
  ];
}

function credentials(format?: string, extra: string[] = []): Promise<CliResult> {
  const args = [...credentialsArgs(), ...(format ? ['--format', format] : []), ...extra];
  return runCli(args, { emulator, home: home.path });
}

/** The credentials the emulator issued last, to compare the printed ones with. */
function issued(): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
  const secrets = emulator.issuedSecrets();
  const [accessKeyId = '', secretAccessKey = '', sessionToken = ''] = secrets.slice(-3);
  return { accessKeyId, secretAccessKey, sessionToken };
}

describe('credentials', () => {
  test('env (the default): export lines in single quotes, and nothing on stderr', async () => {
    await writeSeededSession(emulator, sessionFile());
    const result = await credentials();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const { accessKeyId, secretAccessKey, sessionToken } = issued();
    expect(result.stdout.split('\n')).toEqual([
      `export AWS_ACCESS_KEY_ID='${accessKeyId}'`,
      `export AWS_SECRET_ACCESS_KEY='${secretAccessKey}'`,
      `export AWS_SESSION_TOKEN='${sessionToken}'`,
      expect.stringMatching(/^export AWS_CREDENTIAL_EXPIRATION='20\d\d-\d\d-\d\dT[\d:.]+Z'$/),
      '',
    ]);
    // A session whose access token is fresh is used as it is.
    expect(calls(emulator)).toEqual(['GET /federation/credentials']);
  });

  test('json', async () => {
    await writeSeededSession(emulator, sessionFile());
    const result = await credentials('json');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toEqual({
      accountId: ACCOUNT,
      roleName: ROLE,
      ...issued(),
      expiration: expect.stringMatching(/Z$/),
    });
    expect(Date.parse(printed.expiration)).toBeGreaterThan(Date.now() + 3_500_000);
  });

  test('credential-process: the Version 1 document, on one line', async () => {
    await writeSeededSession(emulator, sessionFile());
    const result = await credentials('credential-process');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    const { accessKeyId, secretAccessKey, sessionToken } = issued();
    expect(JSON.parse(result.stdout)).toEqual({
      Version: 1,
      AccessKeyId: accessKeyId,
      SecretAccessKey: secretAccessKey,
      SessionToken: sessionToken,
      Expiration: expect.stringMatching(/^20\d\d-\d\d-\d\dT[\d:.]+Z$/),
    });
  });

  test('a rotated refresh token is written back atomically, keeping mode 0600', async () => {
    const seeded = await writeSeededSession(
      emulator,
      sessionFile(),
      emulator.seedSession({ accessTokenTtlSeconds: 60 }),
    );
    const before = await stat(sessionFile());
    const result = await credentials('json');
    expect(result.code).toBe(0);
    expect(calls(emulator)).toEqual(['POST /token', 'GET /federation/credentials']);

    const after = await stat(sessionFile());
    expect(after.mode & 0o777).toBe(0o600);
    // Replaced by a rename, not rewritten in place: a reader never sees half a file.
    expect(after.ino).not.toBe(before.ino);
    expect(await readdir(home.path)).toEqual(['session.json']);
    const document = JSON.parse(await readFile(sessionFile(), 'utf8'));
    expect(document.refreshToken).toBe(emulator.lastRefreshToken);
    expect(document.refreshToken).not.toBe(seeded.refreshToken);
    expect(emulator.isRefreshTokenValid(seeded.refreshToken ?? '')).toBe(false);
    expect(document.accessToken).not.toBe(seeded.accessToken);
    expect(Date.parse(document.expiresAt)).toBeGreaterThan(Date.now() + 3_500_000);
    expect(document).toMatchObject({
      clientId: seeded.clientId,
      clientSecret: seeded.clientSecret,
    });
    expectNoCliLeaks(result, emulator.issuedSecrets());

    // The next call uses the saved access token: no second refresh.
    emulator.clearRequests();
    expect((await credentials()).code).toBe(0);
    expect(calls(emulator)).toEqual(['GET /federation/credentials']);
  });

  test('the rotated token is saved even when GetRoleCredentials then fails', async () => {
    const seeded = await writeSeededSession(
      emulator,
      sessionFile(),
      emulator.seedSession({ accessTokenTtlSeconds: 60 }),
    );
    const result = await runCli(credentialsArgs('NotAssigned'), { emulator, home: home.path });
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toMatch(
      /^No access: .*'NotAssigned' in account 111111111111/,
    );
    const document = JSON.parse(await readFile(sessionFile(), 'utf8'));
    expect(document.refreshToken).not.toBe(seeded.refreshToken);
    expect(emulator.isRefreshTokenValid(document.refreshToken)).toBe(true);
    expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
  });

  test('a revoked refresh token fails with one sentence that says to log in again', async () => {
    // The access token has run out too: with time left it would be used (concurrent-refresh.test.ts).
    const seeded = await writeSeededSession(
      emulator,
      sessionFile(),
      emulator.seedSession({ accessTokenTtlSeconds: 0 }),
    );
    emulator.revokeRefreshToken(seeded.refreshToken ?? '');
    const result = await credentials();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(expectOneSentence(result)).toMatch(/invalid_grant.*aws-sso-credentials login/);
    expectNoCliLeaks(result, emulator.issuedSecrets());
  });
});

describe('credential_process consumers', () => {
  function processCommand(): string {
    return `${node24Path()} ${CLI} credentials --format credential-process --session ${sessionFile()} --account-id ${ACCOUNT} --role-name ${ROLE}`;
  }

  async function writeConfig(command = processCommand()): Promise<string> {
    const config = join(home.path, 'config');
    await writeFile(config, `[profile p]\nregion = us-east-1\ncredential_process = ${command}\n`);
    return config;
  }

  test("the JS SDK's fromProcess provider accepts the output", async () => {
    await writeSeededSession(emulator, sessionFile());
    // Jest gives tests their own process.env, which the SDK's exec does not see: the endpoint
    // variables go on the command line, through env(1).
    const endpoints = `AWS_ENDPOINT_URL_SSO=${emulator.url} AWS_ENDPOINT_URL_SSO_OIDC=${emulator.url}`;
    const config = await writeConfig(`/usr/bin/env ${endpoints} ${processCommand()}`);
    const provider = fromProcess({
      profile: 'p',
      configFilepath: config,
      filepath: join(home.path, 'credentials'),
      ignoreCache: true,
    });
    const resolved = await provider();
    expect(resolved).toMatchObject(issued());
    expect(resolved.expiration?.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(calls(emulator)).toEqual(['GET /federation/credentials']);
  });

  const awsTest = testWith(['AWS CLI v2']);

  awsTest('the AWS CLI v2 resolves credential_process through the tool', async () => {
    await writeSeededSession(emulator, sessionFile());
    const config = await writeConfig();
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home.path,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: join(home.path, 'credentials'),
      AWS_PAGER: '',
      // Not read by CLI 2.9.19 itself (it predates them), but passed to credential_process.
      AWS_ENDPOINT_URL_SSO: emulator.url,
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    };
    const args = ['configure', 'export-credentials', '--profile', 'p', '--format', 'process'];
    const { code, stdout, stderr } = await new Promise<{
      code: number;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      execFile(awsCli(), args, { env }, (error, out, err) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err });
      });
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const exported = JSON.parse(stdout);
    const { accessKeyId, secretAccessKey, sessionToken } = issued();
    expect(exported).toMatchObject({
      Version: 1,
      AccessKeyId: accessKeyId,
      SecretAccessKey: secretAccessKey,
      SessionToken: sessionToken,
    });
    expect(Date.parse(exported.Expiration)).toBeGreaterThan(Date.now() + 3_500_000);
    expect(calls(emulator)).toEqual(['GET /federation/credentials']);
  });
});
