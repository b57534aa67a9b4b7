import { describe, expect, test } from '@jest/globals';
import {
  accountMatches,
  accountsOutput,
  buildMatrix,
  checkMatrixSize,
  selectRoles,
} from '../../src/list-accounts/matrix.js';
import { UserError } from '../../src/shared/errors.js';
import type { AccountWithRoles } from '../../src/sso/accounts.js';

const ACCOUNTS: AccountWithRoles[] = [
  {
    accountId: '111111111111',
    accountName: 'Production',
    roles: ['AdministratorAccess', 'ReadOnly'],
  },
  { accountId: '222222222222', accountName: 'Development', roles: ['PowerUserAccess', 'ReadOnly'] },
  { accountId: '333333333333', accountName: 'Sandbox', emailAddress: 's@example.com', roles: [] },
];

describe('accountMatches', () => {
  test('no filter: every account', () => {
    expect(accountMatches(undefined, ACCOUNTS[0] as AccountWithRoles)).toBe(true);
  });

  test.each([
    [/^Prod/, true],
    [/^1111/, true],
    [/^Dev/, false],
    [/production/, false], // case-sensitive
  ])('%s against Production (111111111111): %p', (filter, expected) => {
    expect(accountMatches(filter, ACCOUNTS[0] as AccountWithRoles)).toBe(expected);
  });
});

describe('selectRoles', () => {
  test('no filter: accounts without roles drop out (there is nothing to run there)', () => {
    expect(selectRoles(ACCOUNTS, undefined).map((a) => a.accountId)).toEqual([
      '111111111111',
      '222222222222',
    ]);
  });

  test('keeps only matching roles, and only accounts that still have one', () => {
    expect(selectRoles(ACCOUNTS, /^Power/)).toEqual([
      { accountId: '222222222222', accountName: 'Development', roles: ['PowerUserAccess'] },
    ]);
  });

  test('does not change its input', () => {
    const copy = structuredClone(ACCOUNTS);
    selectRoles(ACCOUNTS, /^ReadOnly$/);
    expect(ACCOUNTS).toEqual(copy);
  });
});

describe('buildMatrix', () => {
  test('one entry per account and role, with the keys a workflow reads', () => {
    expect(buildMatrix(ACCOUNTS.slice(0, 1))).toEqual({
      include: [
        {
          'account-id': '111111111111',
          'account-name': 'Production',
          'role-name': 'AdministratorAccess',
        },
        { 'account-id': '111111111111', 'account-name': 'Production', 'role-name': 'ReadOnly' },
      ],
    });
  });

  test('sorted by account id, then role name, whatever order the accounts came in', () => {
    const shuffled: AccountWithRoles[] = [
      { accountId: '222222222222', accountName: 'B', roles: ['Z', 'A'] },
      { accountId: '111111111111', accountName: 'A', roles: ['b', 'B'] },
    ];
    const pairs = buildMatrix(shuffled).include.map((e) => `${e['account-id']}/${e['role-name']}`);
    expect(pairs).toEqual(['111111111111/B', '111111111111/b', '222222222222/A', '222222222222/Z']);
  });

  test('no accounts: an empty include', () => {
    expect(JSON.stringify(buildMatrix([]))).toBe('{"include":[]}');
  });
});

describe('checkMatrixSize', () => {
  const ofSize = (count: number) =>
    buildMatrix([
      {
        accountId: '111111111111',
        accountName: 'A',
        roles: Array.from({ length: count }, (_, i) => `R${i}`),
      },
    ]);

  test('256 entries are fine', () => {
    expect(() => checkMatrixSize(ofSize(256))).not.toThrow();
  });

  test('257 fail, naming the count, the limit and the filters', () => {
    let error: unknown;
    try {
      checkMatrixSize(ofSize(257));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(
      /^The matrix would have 257 entries .* more than the 256 jobs .* 'account-filter' or 'role-filter' .* with 'group-size' \(e\.g\. group-size: 50\)\.$/,
    );
  });
});

describe('accountsOutput', () => {
  test('accounts with their roles, in the matrix keys, without e-mail addresses', () => {
    expect(JSON.parse(accountsOutput(ACCOUNTS.slice(1)))).toEqual([
      {
        'account-id': '222222222222',
        'account-name': 'Development',
        roles: ['PowerUserAccess', 'ReadOnly'],
      },
      { 'account-id': '333333333333', 'account-name': 'Sandbox', roles: [] },
    ]);
  });
});
