import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ACCOUNT, ROLE } from '../support/action.js';
import { expectNoCliLeaks, expectOneSentence, runCli, writeSeededSession } from '../support/cli.js';
import { calls } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { useTempDir } from '../support/temp-dirs.js';

/**
 * `credentials` as `credential_process`: the AWS tools start it several times at once. With the
 * session's token a minute from expiry and the refresh token rotating on every refresh, only one
 * of them may refresh; the others wait for it (a lock beside the file), read the file again and
 * use the new token. A refresh that is refused while the token still has time falls back to it.
 */

// Every answer a little late, so that the processes really overlap on a loaded machine too.
const emulator = useEmulator({ latencyMs: 150 });
const home = useTempDir('concurrent');
const sessionFile = () => join(home.path, 'session.json');

const credentials = () =>
  runCli(
    [
      'credentials',
      '--session',
      sessionFile(),
      '--account-id',
      ACCOUNT,
      '--role-name',
      ROLE,
      '--format',
      'credential-process',
    ],
    { emulator, home: home.path, timeoutMs: 90_000 },
  );

describe('simultaneous credentials calls near token expiry, refresh token rotating', () => {
  test('six at once: all succeed, one refresh, and the file holds the live refresh token', async () => {
    const seeded = await writeSeededSession(
      emulator,
      sessionFile(),
      emulator.seedSession({ accessTokenTtlSeconds: 60 }),
    );
    const results = await Promise.all(Array.from({ length: 6 }, () => credentials()));
    for (const result of results) {
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(result.stdout)).toMatchObject({ Version: 1 });
      expectNoCliLeaks(result, emulator.issuedSecrets());
    }
    expect(calls(emulator).filter((call) => call === 'POST /token')).toHaveLength(1);
    const document = JSON.parse(await readFile(sessionFile(), 'utf8'));
    expect(document.refreshToken).not.toBe(seeded.refreshToken);
    expect(emulator.isRefreshTokenValid(document.refreshToken)).toBe(true);
    // The lock is gone again.
    expect(await readdir(home.path)).toEqual(['session.json']);
  }, 120_000);

  test('a lock left by a process that died is taken over', async () => {
    await writeSeededSession(
      emulator,
      sessionFile(),
      emulator.seedSession({ accessTokenTtlSeconds: 60 }),
    );
    // A pid of this machine that no process has (beyond the kernel's pid_max).
    await writeFile(
      `${sessionFile()}.lock`,
      `2147483647 ${(await import('node:os')).hostname()}\n`,
    );
    const result = await credentials();
    expect(result.code).toBe(0);
    expect(await readdir(home.path)).toEqual(['session.json']);
  }, 120_000);
});

describe('a refused refresh while the access token still has time', () => {
  test('the token in the file is used, with a warning that says why and for how long', async () => {
    const seeded = await writeSeededSession(
      emulator,
      sessionFile(),
      emulator.seedSession({ accessTokenTtlSeconds: 60 }),
    );
    emulator.revokeRefreshToken(seeded.refreshToken ?? '');
    const result = await credentials();
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ Version: 1 });
    expect(result.stderr).toMatch(
      /^aws-sso-credentials: warning: IAM Identity Center refused the refresh token \(invalid_grant\).* Meanwhile the access token in the file is used; it expires in \d+ seconds\.\n$/,
    );
    // One refresh tried, not a second one before GetRoleCredentials.
    expect(calls(emulator)).toEqual(['POST /token', 'GET /federation/credentials']);
    expectNoCliLeaks(result, emulator.issuedSecrets());
  }, 60_000);

  test('an access token that has run out is no fallback: the refusal is the error', async () => {
    const seeded = await writeSeededSession(
      emulator,
      sessionFile(),
      emulator.seedSession({ accessTokenTtlSeconds: 0 }),
    );
    emulator.revokeRefreshToken(seeded.refreshToken ?? '');
    const result = await credentials();
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toMatch(/invalid_grant.*aws-sso-credentials login/);
  }, 60_000);
});
