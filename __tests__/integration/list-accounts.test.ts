import { describe, expect, test } from '@jest/globals';
import type { IdentityCenterEmulator } from '../../emulator/index.js';
import { expectFailedCleanly, runAgainst, tokenInputs } from '../support/action.js';
import { calls, manyAccounts } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import type { RunOptions } from '../support/runner.js';

/** The list-accounts sub-action (dist/list-accounts) as the runner runs it, against the emulator. */

const LIST_ACCOUNTS: Partial<RunOptions> = { actionYml: 'list-accounts/action.yml' };

const emulator = useEmulator();
const big = useEmulator({ accounts: manyAccounts(300) });

function list(emu: IdentityCenterEmulator, inputs: Record<string, string> = {}) {
  return runAgainst(emu, { ...tokenInputs(emu.seedSession()), ...inputs }, LIST_ACCOUNTS);
}

interface Entry {
  'account-id': string;
  'account-name': string;
  'role-name': string;
}

function matrixOf(outputs: Record<string, string>): { include: Entry[] } {
  return JSON.parse(outputs.matrix ?? '') as { include: Entry[] };
}

const PRODUCTION = { 'account-id': '111111111111', 'account-name': 'Production' };
const DEVELOPMENT = { 'account-id': '222222222222', 'account-name': 'Development' };

describe('list-accounts outputs', () => {
  test('matrix, accounts, count and pairs, sorted and ready for fromJSON', async () => {
    const result = await list(emulator);
    expect(result.exitCode).toBe(0);
    expect(result.errors).toEqual([]);
    // The emulator rotates refresh tokens: that warning only.
    expect(result.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^IAM Identity Center rotated the refresh token/),
    ]);
    expect(result.outputs.matrix).toBe(
      JSON.stringify({
        include: [
          { ...PRODUCTION, 'role-name': 'AdministratorAccess' },
          { ...PRODUCTION, 'role-name': 'ReadOnly' },
          { ...DEVELOPMENT, 'role-name': 'PowerUserAccess' },
          { ...DEVELOPMENT, 'role-name': 'ReadOnly' },
        ],
      }),
    );
    // One line: a job output (and fromJSON) takes it as it is.
    expect(result.outputs.matrix).not.toContain('\n');
    expect(JSON.parse(result.outputs.accounts ?? '')).toEqual([
      { ...PRODUCTION, roles: ['AdministratorAccess', 'ReadOnly'] },
      { ...DEVELOPMENT, roles: ['PowerUserAccess', 'ReadOnly'] },
    ]);
    expect(result.outputs.count).toBe('4');
    expect(result.outputs.pairs).toBe('4');
    expect(Object.keys(result.env)).toEqual([]);
    expect(calls(emulator)).toEqual([
      'POST /token',
      'GET /assignment/accounts',
      'GET /assignment/roles',
      'GET /assignment/roles',
    ]);
  });

  test('account ids and names are not masked (job outputs holding a secret are dropped)', async () => {
    const result = await list(emulator);
    for (const value of ['111111111111', '222222222222', 'Production', 'Development']) {
      expect(result.masks).not.toContain(value);
    }
    expect(result.summary).toContain('111111111111');
    expect(result.summary).toContain('Production');
  });

  test('a rotated refresh token becomes the masked refresh-token output with a warning', async () => {
    const session = emulator.seedSession();
    const result = await runAgainst(emulator, tokenInputs(session), LIST_ACCOUNTS);
    const rotated = result.outputs['refresh-token'] ?? '';
    expect(rotated).not.toBe('');
    expect(rotated).not.toBe(session.refreshToken);
    expect(result.masks).toContain(rotated);
    expect(result.warnings.map((w) => w.message).join('\n')).toMatch(/rotated the refresh token/);
  });

  test('the same token inputs as the main action: sso-session, with each member masked', async () => {
    const session = emulator.seedSession({ accessTokenTtlSeconds: 3600 });
    const document = emulator.sessionDocument(session);
    const result = await runAgainst(
      emulator,
      { 'sso-session': JSON.stringify(document) },
      LIST_ACCOUNTS,
    );
    expect(result.exitCode).toBe(0);
    expect(calls(emulator)[0]).toBe('GET /assignment/accounts');
    for (const member of [document.accessToken, document.refreshToken, document.clientSecret]) {
      expect(result.masks).toContain(member);
    }
  });

  test('the same token input errors as the main action', async () => {
    const result = await runAgainst(emulator, { 'sso-region': 'us-east-1' }, LIST_ACCOUNTS);
    expect(expectFailedCleanly(result)).toMatch(/^No token given: set one of 'access-token'/);
    expect(emulator.requests).toEqual([]);
  });
});

describe('filters', () => {
  test.each([
    ['a name', 'Prod', [PRODUCTION]],
    ['an id', '^2222', [DEVELOPMENT]],
    ['either', '^(111111111111|Development)$', [PRODUCTION, DEVELOPMENT]],
  ])('account-filter matches %s', async (_label, filter, expected) => {
    const result = await list(emulator, { 'account-filter': filter });
    expect(result.exitCode).toBe(0);
    const accounts = JSON.parse(result.outputs.accounts ?? '') as Entry[];
    expect(accounts.map((account) => account['account-id'])).toEqual(
      expected.map((account) => account['account-id']),
    );
    // The roles of an account left out are never asked for.
    expect(calls(emulator).filter((call) => call.endsWith('/roles'))).toHaveLength(expected.length);
  });

  test('role-filter keeps the matching roles, and the accounts that have one', async () => {
    const result = await list(emulator, { 'role-filter': '^Power' });
    expect(matrixOf(result.outputs).include).toEqual([
      { ...DEVELOPMENT, 'role-name': 'PowerUserAccess' },
    ]);
    expect(JSON.parse(result.outputs.accounts ?? '')).toEqual([
      { ...DEVELOPMENT, roles: ['PowerUserAccess'] },
    ]);
    expect(result.outputs.count).toBe('1');
  });

  test('no match: an empty matrix, count 0, and a warning that says what to do', async () => {
    const result = await list(emulator, { 'role-filter': '^NoSuchRole$' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.matrix).toBe('{"include":[]}');
    expect(result.outputs.count).toBe('0');
    expect(result.warnings.map((w) => w.message).join('\n')).toMatch(
      /matrix is empty.*outputs\.count != '0'/,
    );
  });

  test.each([
    [
      'account-filter',
      '(unclosed',
      /^Input 'account-filter' is not a valid regular expression \(Unterminated group\)$/,
    ],
    [
      'role-filter',
      '[z-a]',
      /^Input 'role-filter' is not a valid regular expression \(Range out of order in character class\)$/,
    ],
  ])('an invalid %s is an input error, before any request', async (input, value, message) => {
    const result = await list(emulator, { [input]: value });
    expect(expectFailedCleanly(result)).toMatch(message);
    expect(emulator.requests).toEqual([]);
  });
});

describe('300 accounts with 1-3 roles, in pages of 100', () => {
  test('fetches every page and every account, and builds the matrix of the filtered roles', async () => {
    const result = await list(big, { 'role-filter': '^AdministratorAccess$' });
    expect(result.exitCode).toBe(0);
    const include = matrixOf(result.outputs).include;
    expect(include).toHaveLength(100);
    expect(result.outputs.count).toBe('100');
    const expected = manyAccounts(300)
      .filter((account) => account.roles.includes('AdministratorAccess'))
      .map((account) => ({
        'account-id': account.accountId,
        'account-name': account.accountName,
        'role-name': 'AdministratorAccess',
      }))
      .sort((a, b) => a['account-id'].localeCompare(b['account-id']));
    expect(include).toEqual(expected);

    // 1 refresh + 300 / 100 pages of ListAccounts + one ListAccountRoles per account.
    const requests = calls(big);
    expect(requests).toHaveLength(1 + 3 + 300);
    expect(requests.filter((call) => call === 'GET /assignment/accounts')).toHaveLength(3);
    const pageSizes = new Set(big.requests.slice(1).map((request) => request.query.max_result));
    expect([...pageSizes]).toEqual(['100']);
    expect(requests.filter((call) => call === 'GET /assignment/roles')).toHaveLength(300);
    const pages = big.requests.filter((request) => request.path === '/assignment/accounts');
    expect(pages[0]?.query.next_token).toBeUndefined();
    expect(pages.slice(1).every((page) => page.query.next_token)).toBe(true);
    const asked = new Set(
      big.requests.filter((r) => r.path === '/assignment/roles').map((r) => r.query.account_id),
    );
    expect(asked.size).toBe(300);
  });

  test('an account filter lists roles only for the accounts that pass', async () => {
    const result = await list(big, { 'account-filter': '^Account 0[0-4]' });
    expect(result.outputs.count).toBe(String(17 * 1 + 17 * 2 + 16 * 3));
    expect(calls(big).filter((call) => call === 'GET /assignment/roles')).toHaveLength(50);
  });

  test('more than 256 entries fails naming the count and the limit, never truncating', async () => {
    const result = await list(big);
    const message = expectFailedCleanly(result);
    expect(message).toMatch(/600 entries/);
    expect(message).toMatch(/256/);
    expect(message).toMatch(/'account-filter' or 'role-filter'/);
    expect(message).toMatch(/'group-size'/);
    // No matrix; only the refresh token the service rotated, which must not be lost.
    expect(Object.keys(result.outputs)).toEqual(['refresh-token']);
  });

  test('a throttled ListAccountRoles is retried and nothing is lost', async () => {
    big.injectFault('/assignment/roles', { kind: 'status', status: 429 }, 3);
    const result = await list(big, { 'role-filter': '^AdministratorAccess$' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.count).toBe('100');
    expect(
      result.log.filter((line) => /^Attempt 1 of 10 failed \(HTTP 429/.test(line)),
    ).toHaveLength(3);
  });
});

describe('mask-account-id', () => {
  test('masks every account id; the summary shows the last four digits', async () => {
    const result = await list(emulator, { 'mask-account-id': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.masks).toEqual(expect.arrayContaining(['111111111111', '222222222222']));
    expect(result.summary).not.toContain('111111111111');
    expect(result.summary).toContain('********1111');
    // The outputs still hold the ids: GitHub drops them from job outputs (docs/across-accounts.md).
    expect(matrixOf(result.outputs).include[0]?.['account-id']).toBe('111111111111');
  });
});

interface Group {
  group: number;
  profiles: string;
  size: number;
}

function groupsOf(outputs: Record<string, string>): Group[] {
  return (JSON.parse(outputs.matrix ?? '') as { include: Group[] }).include;
}

describe('group-size', () => {
  test('600 pairs in groups of 100: six entries, every pair in exactly one, names unique and valid', async () => {
    const result = await list(big, { 'group-size': '100' });
    expect(result.exitCode).toBe(0);
    expect(result.errors).toEqual([]);
    const groups = groupsOf(result.outputs);
    expect(groups.map((g) => [g.group, g.size])).toEqual([1, 2, 3, 4, 5, 6].map((k) => [k, 100]));
    for (const group of groups) expect(Object.keys(group)).toEqual(['group', 'profiles', 'size']);
    expect(result.outputs.count).toBe('6');
    expect(result.outputs.pairs).toBe('600');

    const lines = groups.flatMap((group) => group.profiles.split('\n'));
    const parsed = lines.map((line) => /^([A-Za-z0-9._@+-]{1,128}) = (\d{12})\/(\S+)$/.exec(line));
    expect(parsed.every(Boolean)).toBe(true);
    const names = parsed.map((match) => match?.[1]);
    expect(new Set(names).size).toBe(600);
    const pairs = parsed.map((match) => `${match?.[2]}/${match?.[3]}`);
    const expected = manyAccounts(300).flatMap((a) => a.roles.map((r) => `${a.accountId}/${r}`));
    expect([...pairs].sort()).toEqual([...expected].sort());
    expect(new Set(pairs).size).toBe(600);
    // Named after the account and the role, e.g. Account-000-<tag>.ReadOnly.
    expect(names[0]).toMatch(/^Account-000-[0-9a-f]{8}\.ReadOnly$/);

    expect(result.log).toContain(
      'Found 300 accounts and 600 account and permission set pairs; the matrix has 6 groups of 100 profiles.',
    );
    // The summary: counts per permission set and a row per group, not 600 rows.
    expect(result.summary).toMatch(/<td>AdministratorAccess<\/td><td>100<\/td>/);
    expect(result.summary).toMatch(/<td>ReadOnly<\/td><td>300<\/td>/);
    expect(result.summary.match(/<tr>/g)?.length ?? 0).toBeLessThan(30);
  });

  test('the same names run after run, whatever else is listed', async () => {
    const names = (outputs: Record<string, string>) =>
      groupsOf(outputs).flatMap((g) => g.profiles.split('\n').map((line) => line.split(' = ')[0]));
    const all = names((await list(big, { 'group-size': '100' })).outputs);
    const some = names(
      (await list(big, { 'group-size': '7', 'account-filter': '^Account 0[0-4]' })).outputs,
    );
    expect(some.length).toBeGreaterThan(0);
    for (const name of some) expect(all).toContain(name);
  });

  test('groups differ by at most one, and the 256 limit applies to groups', async () => {
    const uneven = await list(big, { 'group-size': '7' }); // 600 = 86 groups of 6 or 7
    const sizes = groupsOf(uneven.outputs).map((g) => g.size);
    expect(sizes).toHaveLength(86);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(600);
    expect(uneven.log.join('\n')).toMatch(/86 groups of 6-7 profiles/);

    const tooMany = await list(big, { 'group-size': '2' });
    expect(expectFailedCleanly(tooMany)).toBe(
      "The 600 account and permission set pairs make 300 groups of at most 2, more than the 256 jobs GitHub allows in one matrix. Set 'group-size' to 3 or more (at most 100).",
    );
  });

  test.each(['0', '101', '1.5', 'many'])(
    'group-size %p is refused by name before any request',
    async (value) => {
      const result = await list(emulator, { 'group-size': value });
      expect(expectFailedCleanly(result)).toBe(
        "Input 'group-size' must be a whole number from 1 to 100",
      );
      expect(emulator.requests).toEqual([]);
    },
  );
});

describe('at scale, against a service that admits 40 requests a second', () => {
  const limited = useEmulator({ accountCount: 240, rateLimit: { requestsPerSecond: 40 } });

  test('paced near the rate: few 429s, close to the fewest requests, progress as it goes', async () => {
    const result = await list(limited, { 'group-size': '50' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.pairs).toBe('480');
    expect(groupsOf(result.outputs).map((g) => g.size)).toEqual(Array(10).fill(48));

    // The fewest: 1 refresh, 3 pages of 100 accounts, 240 ListAccountRoles.
    const admitted = limited.requests.filter((r) => !r.throttled);
    expect(admitted).toHaveLength(1 + 3 + 240);
    // A fixed 8 in flight with backoff alone draws about 80 throttled answers here (the bench
    // has the figures); paced, about 10: the end of the first burst and a few probes of the rate.
    const throttled = limited.requests.filter((r) => r.throttled);
    expect(throttled.length).toBeLessThanOrEqual(30);
    // Every throttled request was retried, and said so.
    const retries = result.log.filter((line) => /^Attempt \d+ of 10 failed \(HTTP 429/.test(line));
    expect(retries).toHaveLength(throttled.length);

    const progress = result.log.filter((line) =>
      /^(Found 240 accounts;|Roles listed for)/.test(line),
    );
    expect(progress[0]).toBe('Found 240 accounts; listing their permission sets.');
    const counts = progress.slice(1).map((line) => Number(/for (\d+) of 240/.exec(line)?.[1]));
    expect(counts.at(-1)).toBe(240);
    // At least every tenth: no gap of more than 24 accounts between two lines.
    for (const [index, count] of counts.entries()) {
      expect(count - (counts[index - 1] ?? 0)).toBeLessThanOrEqual(24);
    }
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});
