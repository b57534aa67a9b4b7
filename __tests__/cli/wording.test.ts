import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator } from '../../emulator/index.js';
import {
  type CliResult,
  expectNoCliLeaks,
  expectOneSentence,
  runCli,
  writeSeededSession,
} from '../support/cli.js';
import { calls } from '../support/emulator.js';
import { removeDir, tempHome } from '../support/temp-dirs.js';

/**
 * The tool's failures are in its own words: they name the session file by its path, its flags,
 * and `login --output FILE` as the way to a new session. Never an action input, never the
 * "stored" secrets of a workflow.
 */

const ACCOUNT = '111111111111';
const ROLE = 'ReadOnly';

/** How the action names its inputs in its messages; a flag (`--role-name`) is not one of them. */
const ACTION_WORDS: readonly RegExp[] = [
  /'sso-session'/,
  ...['refresh-token', 'client-id', 'client-secret', 'role-name', 'account-id', 'http-proxy'].map(
    (input) => new RegExp(`(?<![-\\w])${input}`),
  ),
  /replace the stored/i,
  /Get the secrets|getting-the-secrets/,
];

let emulator: IdentityCenterEmulator;
let home: string;
let file: string;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start();
});

afterAll(async () => emulator.stop());

beforeEach(async () => {
  home = await tempHome('wording');
  file = join(home, 'session.json');
  emulator.clearRequests();
});

afterEach(async () => removeDir(home));

function credentials(roleName = ROLE): Promise<CliResult> {
  const args = ['credentials', '--session', file, '--account-id', ACCOUNT, '--role-name', roleName];
  return runCli(args, { emulator, home });
}

function accounts(): Promise<CliResult> {
  return runCli(['accounts', '--session', file], { emulator, home });
}

/** The one sentence of a failed run (exit 1, nothing on stdout), checked for action words. */
function failure(result: CliResult): string {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const message = expectOneSentence(result);
  for (const word of ACTION_WORDS) expect(message).not.toMatch(word);
  expectNoCliLeaks(result, emulator.issuedSecrets());
  return message;
}

/** The advice every "get a new session" message ends with, for this test's file. */
const login = () => `run \`aws-sso-credentials login --output ${file}\``;

describe('an expired session file without a refresh token', () => {
  async function writeExpired(): Promise<string> {
    const seeded = emulator.seedSession();
    const { refreshToken: _dropped, ...document } = emulator.sessionDocument(seeded);
    const expiresAt = '2020-02-14T07:04:36Z';
    await writeFile(file, JSON.stringify({ ...document, expiresAt }), { mode: 0o600 });
    return '2020-02-14T07:04:36.000Z';
  }

  test.each([
    ['credentials', credentials],
    ['accounts', accounts],
  ])('%s names the file, when it expired, and the login command for it', async (_name, run) => {
    const expiredAt = await writeExpired();
    const message = failure(await run());
    expect(message).toBe(
      `The access token in ${file} expired at ${expiredAt} and the file has no refresh token to renew it. To get a new session, ${login()}.`,
    );
    expect(calls(emulator)).toEqual([]);
  });
});

describe('service refusals', () => {
  // The access token has run out: with time left it would be used instead (a warning).
  test('a revoked refresh token: invalid_grant, and login --output for this file', async () => {
    const seeded = emulator.seedSession({ accessTokenTtlSeconds: 0 });
    await writeSeededSession(emulator, file, seeded);
    emulator.revokeRefreshToken(seeded.refreshToken ?? '');
    const message = failure(await credentials());
    expect(message).toMatch(/^IAM Identity Center refused the refresh token \(invalid_grant\)/);
    expect(message).toContain(`To get a new one, ${login()}.`);
  });

  test('an expired client registration: invalid_client names the members of the file', async () => {
    const seeded = emulator.seedSession({ accessTokenTtlSeconds: 0 });
    await writeSeededSession(emulator, file, seeded);
    emulator.expireRegistration(seeded.clientId);
    const message = failure(await accounts());
    expect(message).toMatch(/refused the client registration \(invalid_client\)/);
    expect(message).toContain(`the clientId or clientSecret in ${file} is wrong`);
    expect(message).toContain(`To register anew, ${login()}.`);
  });

  test('a revoked access token: the session ended, and login --output for this file', async () => {
    const seeded = await writeSeededSession(emulator, file);
    emulator.revokeAccessToken(seeded.accessToken);
    const message = failure(await credentials());
    expect(message).toMatch(/rejected the access token \(401 UnauthorizedException\)/);
    expect(message).toContain('the session was revoked or ended');
    expect(message).toContain(`To start a new session, ${login()}.`);
  });

  test('a role the user is not assigned: the flags to check', async () => {
    await writeSeededSession(emulator, file);
    const message = failure(await credentials('NotAssigned'));
    expect(message).toBe(
      `No access: the token's user is not assigned the permission set 'NotAssigned' in account ${ACCOUNT} (403 ForbiddenException). Check --role-name and --account-id, and the assignment in IAM Identity Center.`,
    );
  });
});

describe('a session file the tool cannot use', () => {
  test('a refresh token without its client: names the file and the missing members', async () => {
    const seeded = emulator.seedSession();
    const document = { region: 'us-east-1', refreshToken: seeded.refreshToken };
    await writeFile(file, JSON.stringify(document), { mode: 0o600 });
    const message = failure(await accounts());
    expect(message).toBe(
      `The session file ${file} has no 'clientId', 'clientSecret', which a refresh needs.`,
    );
    expect(calls(emulator)).toEqual([]);
  });

  test('a timestamp that is not one: names the file and the member', async () => {
    const document = emulator.sessionDocument(emulator.seedSession());
    await writeFile(file, JSON.stringify({ ...document, expiresAt: 'tomorrow' }), {
      mode: 0o600,
    });
    const message = failure(await credentials());
    expect(message).toBe(
      `The session file ${file} has a 'expiresAt' that is not an ISO 8601 UTC timestamp (e.g. 2026-11-26T08:04:36Z).`,
    );
  });
});
