import { createHash } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { namePairs, profileName } from '../../src/list-accounts/profile-names.js';
import { UserError } from '../../src/shared/errors.js';
import { PROFILE_NAME } from '../../src/shared/validation.js';

const tagOf = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 8);

describe('profileName', () => {
  test('the account name, a tag of the account id, a dot, the permission set', () => {
    expect(profileName('111111111111', 'Production', 'ReadOnly')).toBe(
      `Production-${tagOf('111111111111')}.ReadOnly`,
    );
  });

  test('a function of the pair alone: the same in every run, whatever else is listed', () => {
    const first = profileName('111111111111', 'Production', 'ReadOnly');
    expect(profileName('111111111111', 'Production', 'ReadOnly')).toBe(first);
    expect(
      namePairs([{ accountId: '111111111111', accountName: 'Production', roleName: 'ReadOnly' }])[0]
        ?.profile,
    ).toBe(first);
    const amongOthers = namePairs([
      { accountId: '000000000001', accountName: 'Production', roleName: 'ReadOnly' },
      { accountId: '111111111111', accountName: 'Production', roleName: 'ReadOnly' },
    ]);
    expect(amongOthers[1]?.profile).toBe(first);
  });

  test.each([
    ['Prod / EU (main)', 'Prod-EU-main-'],
    ['corp.prod', 'corp-prod-'],
    ['  spaced  out  ', 'spaced-out-'],
    ['team_a+ops@corp', 'team_a+ops@corp-'],
    ['Produktion Ü', 'Produktion-'],
    ['::stop-commands::x', 'stop-commands-x-'],
  ])('account name %p becomes %p + tag', (name, prefix) => {
    const profile = profileName('222222222222', name, 'ReadOnly');
    expect(profile).toBe(`${prefix}${tagOf('222222222222')}.ReadOnly`);
    expect(profile).toMatch(PROFILE_NAME);
  });

  test.each([['本番'], ['---'], [''], ['   ']])(
    'an account name %p that leaves nothing: the account id',
    (name) => {
      expect(profileName('333333333333', name, 'Admin')).toBe('333333333333.Admin');
    },
  );

  test('long account names are cut to 40 characters; the longest name still fits 128', () => {
    const long = profileName('444444444444', 'x'.repeat(300), `${'r'.repeat(60)}=,ab`);
    expect(long).toMatch(PROFILE_NAME);
    expect(long.split('.')[0]).toBe(`${'x'.repeat(40)}-${tagOf('444444444444')}`);
    expect(long.length).toBeLessThanOrEqual(128);
  });

  test('a permission set with = or , gets - and a tag of its own, so that A=B and A-B differ', () => {
    const equals = profileName('555555555555', 'Dev', 'A=B');
    const dash = profileName('555555555555', 'Dev', 'A-B');
    const comma = profileName('555555555555', 'Dev', 'A,B');
    expect(dash).toBe(`Dev-${tagOf('555555555555')}.A-B`);
    expect(equals).toBe(`Dev-${tagOf('555555555555')}.A-B-${tagOf('A=B')}`);
    expect(new Set([equals, dash, comma]).size).toBe(3);
    for (const name of [equals, dash, comma]) expect(name).toMatch(PROFILE_NAME);
  });

  test('namesakes stay apart by their ids; case is kept (profile names are case-sensitive)', () => {
    const names = namePairs([
      { accountId: '100000000001', accountName: 'Sandbox', roleName: 'ReadOnly' },
      { accountId: '100000000002', accountName: 'Sandbox', roleName: 'ReadOnly' },
      { accountId: '100000000003', accountName: 'sandbox', roleName: 'ReadOnly' },
      { accountId: '100000000004', accountName: 'Sand box', roleName: 'ReadOnly' },
      { accountId: '100000000005', accountName: 'Sand-box', roleName: 'ReadOnly' },
    ]).map((pair) => pair.profile);
    expect(new Set(names).size).toBe(5);
    expect(names[2]).toMatch(/^sandbox-/);
  });
});

describe('namePairs', () => {
  test('a thousand accounts of ten names, three roles each: every name valid and unique', () => {
    const pairs = Array.from({ length: 1000 }, (_, i) =>
      ['ReadOnly', 'PowerUserAccess', 'AdministratorAccess'].map((roleName) => ({
        accountId: String(300000000000 + i * 7919),
        accountName: `Team ${i % 10}`,
        roleName,
      })),
    ).flat();
    const names = namePairs(pairs).map((pair) => pair.profile);
    expect(new Set(names).size).toBe(3000);
    for (const name of names) expect(name).toMatch(PROFILE_NAME);
  });

  test('keeps the pairs in order, with their names', () => {
    expect(
      namePairs([{ accountId: '111111111111', accountName: 'Production', roleName: 'ReadOnly' }]),
    ).toEqual([
      {
        profile: profileName('111111111111', 'Production', 'ReadOnly'),
        accountId: '111111111111',
        accountName: 'Production',
        roleName: 'ReadOnly',
      },
    ]);
  });

  test.each([
    [
      'an account id that is not 12 digits',
      '12345',
      'ReadOnly',
      /account whose id is not 12 digits/,
    ],
    [
      'a role name with a newline',
      '111111111111',
      'ReadOnly\nx = 222222222222/Admin',
      /permission set in account 111111111111 whose name is not a valid/,
    ],
    ['a role name with #', '111111111111', 'Read#Only', /not a valid permission set name/],
  ])(
    'what the service listed is checked before it becomes a profile line: %s',
    (_l, id, role, message) => {
      let error: unknown;
      try {
        namePairs([{ accountId: id, accountName: 'X', roleName: role }]);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    },
  );

  test('the same pair twice (a service that repeats itself) fails naming both, never renaming one', () => {
    const pair = { accountId: '111111111111', accountName: 'Production', roleName: 'ReadOnly' };
    expect(() => namePairs([pair, { ...pair }])).toThrow(
      /^Account 111111111111 with permission set 'ReadOnly' and account 111111111111 with 'ReadOnly' would get the same profile name 'Production-[0-9a-f]{8}\.ReadOnly'/,
    );
  });
});
