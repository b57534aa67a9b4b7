import { join } from 'node:path';
import { beforeAll, beforeEach, expect, test } from '@jest/globals';
import { expectNoCliLeaks, expectOneSentence, runCli, writeSeededSession } from '../support/cli.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { useTempDir } from '../support/temp-dirs.js';

/**
 * `accounts` against the emulator: more accounts and roles than one page holds (the tool asks
 * for pages of 100, the most the portal gives), so both listings must follow nextToken.
 */

const MANY_ROLES = Array.from({ length: 103 }, (_, i) => `Role${String(i).padStart(3, '0')}`);
const EXTRA = Array.from({ length: 102 }, (_, i) => ({
  accountId: String(333333333300 + i),
  accountName: `Team ${i}`,
  roles: ['ReadOnly'],
}));

const emulator = useEmulator();
const home = useTempDir('accounts');
const sessionFile = () => join(home.path, 'session.json');

beforeAll(() => {
  // Added out of order: the output is sorted by account id.
  for (const account of [...EXTRA].reverse()) emulator.addAccount(account);
  emulator.addAccount({
    accountId: '999999999999',
    accountName: 'Sandbox',
    emailAddress: 'sandbox@example.com',
    roles: [...MANY_ROLES].reverse(),
  });
});

beforeEach(async () => {
  await writeSeededSession(emulator, sessionFile());
});

test('prints every account and role as a table, sorted, across pages', async () => {
  const result = await runCli(['accounts', '--session', sessionFile()], {
    emulator,
    home: home.path,
  });
  expect(result.code).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^ACCOUNT ID +NAME +EMAIL +ROLES$/);
  expect(lines[1]).toMatch(
    /^111111111111 +Production +production@example\.com +AdministratorAccess, ReadOnly$/,
  );
  expect(lines[2]).toMatch(
    /^222222222222 +Development +development@example\.com +PowerUserAccess, ReadOnly$/,
  );
  expect(lines).toHaveLength(1 + 2 + EXTRA.length + 1);
  expect(lines.at(-1)).toMatch(
    /^999999999999 +Sandbox +sandbox@example\.com +Role000, Role001, .*Role102$/,
  );
  const ids = lines.slice(1).map((line) => line.slice(0, 12));
  expect(ids).toEqual([...ids].sort());
  const accountPages = emulator.requests.filter((r) => r.path === '/assignment/accounts');
  expect(accountPages).toHaveLength(2);
  expect(accountPages.map((page) => page.query.max_result)).toEqual(['100', '100']);
  const sandboxPages = emulator.requests.filter((r) => r.query.account_id === '999999999999');
  expect(sandboxPages).toHaveLength(2);
  // Progress on stderr, at every tenth of the 105 accounts: stdout is the table alone.
  const progress = result.stderr.trimEnd().split('\n');
  expect(progress[0]).toBe('Found 105 accounts; listing their permission sets.');
  const listed = progress
    .slice(1)
    .map((line) => /^Roles listed for (\d+) of 105 accounts\.$/.exec(line));
  expect(listed.every(Boolean)).toBe(true);
  // (A loaded machine may add a 5-second heartbeat that repeats a count.)
  const counts = listed.map((match) => Number(match?.[1]));
  expect(counts.filter((n, index) => n !== counts[index - 1])).toEqual([
    11, 22, 33, 44, 55, 66, 77, 88, 99, 105,
  ]);
  expect(result.stdout).not.toMatch(/Roles listed/);
  expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
});

test('--json prints the list the shared module returns', async () => {
  const result = await runCli(['accounts', '--session', sessionFile(), '--json'], {
    emulator,
    home: home.path,
  });
  expect(result.code).toBe(0);
  const accounts = JSON.parse(result.stdout);
  expect(accounts).toHaveLength(2 + EXTRA.length + 1);
  expect(accounts[0]).toEqual({
    accountId: '111111111111',
    accountName: 'Production',
    emailAddress: 'production@example.com',
    roles: ['AdministratorAccess', 'ReadOnly'],
  });
  expect(accounts.at(-1).roles).toEqual(MANY_ROLES);
  expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
});

test('an expired session without a refresh token fails with one sentence', async () => {
  const seeded = emulator.seedSession({ scopes: [] });
  await writeSeededSession(emulator, sessionFile(), seeded);
  emulator.expireAccessToken(seeded.accessToken);
  const result = await runCli(['accounts', '--session', sessionFile()], {
    emulator,
    home: home.path,
  });
  expect(result.code).toBe(1);
  expect(expectOneSentence(result)).toMatch(
    /rejected the access token \(401 UnauthorizedException\)/,
  );
  expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
});
