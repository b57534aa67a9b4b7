import { describe, expect, test } from '@jest/globals';
import type { ListSettings } from '../../src/list-accounts/inputs.js';
import {
  buildListing,
  describeListing,
  JOB_OUTPUT_LIMIT_BYTES,
  oversizedOutputs,
} from '../../src/list-accounts/listing.js';
import { describeProgress } from '../../src/list-accounts/progress.js';
import { listSummaryTables } from '../../src/list-accounts/summary.js';
import type { AccountWithRoles } from '../../src/sso/accounts.js';

const BASE: ListSettings = {
  ssoRegion: 'us-east-1',
  tokenSource: { kind: 'access-token', accessToken: 'aoa-x' },
  maxAttempts: 10,
  maskAccountId: false,
};

/** `count` accounts with ReadOnly, every other one AdministratorAccess too. */
function accounts(count: number): AccountWithRoles[] {
  return Array.from({ length: count }, (_, i) => ({
    accountId: String(100000000000 + i),
    accountName: `Team ${i}`,
    roles: i % 2 ? ['ReadOnly'] : ['AdministratorAccess', 'ReadOnly'],
  }));
}

describe('buildListing', () => {
  test('without group-size: the pair matrix, limited to 256 entries', () => {
    const listing = buildListing(accounts(4), BASE);
    expect(listing.pairs).toHaveLength(6);
    expect(listing.matrix.include).toEqual(listing.pairs);
    expect(listing.groups).toBeUndefined();
    expect(() => buildListing(accounts(200), BASE)).toThrow(/300 entries/);
  });

  test('with group-size: groups of profiles, the role filter applied first', () => {
    const settings = { ...BASE, groupSize: 100, roleFilter: /^ReadOnly$/ };
    const listing = buildListing(accounts(1000), settings);
    expect(listing.pairs).toHaveLength(1000);
    expect(listing.matrix.include).toHaveLength(10);
    expect(listing.groups?.map((group) => group.length)).toEqual(Array(10).fill(100));
    expect(listing.selected.every((a) => a.roles.join() === 'ReadOnly')).toBe(true);
  });

  test('the 256 limit applies to the groups: 225 of 10 fit, 270 are refused with the size that fits', () => {
    expect(buildListing(accounts(1500), { ...BASE, groupSize: 10 }).matrix.include).toHaveLength(
      225,
    );
    expect(() => buildListing(accounts(1800), { ...BASE, groupSize: 10 })).toThrow(
      /2700 account and permission set pairs make 270 groups of at most 10.*Set 'group-size' to 11 or more/,
    );
  });
});

describe('describeListing', () => {
  test('pairs', () => {
    expect(describeListing(BASE, buildListing(accounts(2), BASE))).toBe(
      'Found 2 accounts and 3 account and permission set pairs; the matrix has 3 entries.',
    );
  });

  test('groups, with their sizes', () => {
    const settings = { ...BASE, groupSize: 4, accountFilter: /Team/ };
    expect(describeListing(settings, buildListing(accounts(6), settings))).toBe(
      "Found 6 accounts matching 'account-filter' and 9 account and permission set pairs; the matrix has 3 groups of 3 profiles.",
    );
    const uneven = { ...BASE, groupSize: 4 };
    expect(describeListing(uneven, buildListing(accounts(4), uneven))).toMatch(
      /6 account and permission set pairs; the matrix has 2 groups of 3 profiles\.$/,
    );
    expect(describeListing(uneven, buildListing(accounts(5), uneven))).toMatch(
      /8 account and permission set pairs; the matrix has 2 groups of 4 profiles\.$/,
    );
    expect(describeListing(uneven, buildListing(accounts(7), uneven))).toMatch(
      /11 account and permission set pairs; the matrix has 3 groups of 3-4 profiles\.$/,
    );
    expect(describeListing(uneven, buildListing([], uneven))).toMatch(
      /the matrix has 0 entries\.$/,
    );
  });
});

describe('describeProgress', () => {
  test.each([
    [{ stage: 'accounts', found: 400 }, false, 'Listing accounts: 400 so far.'],
    [
      { stage: 'roles', listed: 0, total: 600, found: 600 },
      false,
      'Found 600 accounts; listing their permission sets.',
    ],
    [
      { stage: 'roles', listed: 0, total: 40, found: 600 },
      true,
      "Found 600 accounts, 40 of them matching 'account-filter'; listing their permission sets.",
    ],
    [
      { stage: 'roles', listed: 240, total: 600, found: 600 },
      false,
      'Roles listed for 240 of 600 accounts.',
    ],
  ] as const)('%j', (progress, filtered, line) => {
    expect(describeProgress(progress, filtered)).toBe(line);
  });
});

describe('listSummaryTables', () => {
  test('pairs: the counts, accounts per permission set, and one row per pair', () => {
    const tables = listSummaryTables(BASE, buildListing(accounts(3), BASE));
    expect(tables[0]).toContainEqual(['Account and permission set pairs', '5']);
    expect(tables[0]).toContainEqual(['Matrix entries', '5']);
    expect(tables[0]?.map((row) => row[0])).not.toContain('Group size');
    expect(tables[1]).toEqual([
      ['Permission set', 'Accounts'],
      ['AdministratorAccess', '2'],
      ['ReadOnly', '3'],
    ]);
    expect(tables[2]?.[0]).toEqual(['Account', 'Name', 'Permission set']);
    expect(tables[2]).toHaveLength(1 + 5);
  });

  test('groups at scale: counts per permission set and one row per group, not per pair', () => {
    const settings = { ...BASE, groupSize: 100 };
    const listing = buildListing(accounts(1000), settings);
    const tables = listSummaryTables(settings, listing);
    expect(tables[0]).toContainEqual(['Account and permission set pairs', '1500']);
    expect(tables[0]).toContainEqual(['Group size', '100']);
    expect(tables[0]).toContainEqual(['Matrix entries', '15']);
    expect(tables[1]).toEqual([
      ['Permission set', 'Accounts'],
      ['AdministratorAccess', '500'],
      ['ReadOnly', '1000'],
    ]);
    expect(tables[2]?.[0]).toEqual(['Group', 'Profiles', 'First profile', 'Last profile']);
    expect(tables[2]).toHaveLength(1 + 15);
    const first = listing.groups?.[0];
    expect(tables[2]?.[1]).toEqual(['1', '100', first?.[0]?.profile, first?.at(-1)?.profile]);
    const rows = tables.reduce((sum, table) => sum + table.length, 0);
    expect(rows).toBeLessThan(40);
  });

  test('mask-account-id: a profile named after its account id shows the last four digits only', () => {
    const settings = { ...BASE, groupSize: 10, maskAccountId: true };
    const nameless = [{ accountId: '123456789012', accountName: '本番', roles: ['ReadOnly'] }];
    const tables = listSummaryTables(settings, buildListing(nameless, settings));
    expect(tables[2]?.[1]).toEqual(['1', '1', '********9012.ReadOnly', '********9012.ReadOnly']);
    expect(JSON.stringify(tables)).not.toContain('123456789012');
  });
});

describe('oversizedOutputs', () => {
  test('nothing to say while every output fits in a job output', () => {
    expect(oversizedOutputs({ matrix: 'x'.repeat(JOB_OUTPUT_LIMIT_BYTES), count: '1' })).toBe(
      undefined,
    );
  });

  test('names each output over 1 MB and its size (in bytes: UTF-8 counts)', () => {
    const names = 'é'.repeat(JOB_OUTPUT_LIMIT_BYTES / 2 + 1); // 2 bytes each
    expect(oversizedOutputs({ matrix: 'x'.repeat(1_900_000), accounts: names, count: '9' })).toBe(
      "'matrix' is 1.8 MB, 'accounts' is 1.0 MB: GitHub keeps a job output to 1 MB, so it will not reach another job. Split the listing across list jobs with complementary 'account-filter' patterns.",
    );
  });

  test('a thousand accounts with three roles each, in groups, stay far below it', () => {
    const settings = { ...BASE, groupSize: 100 };
    const listing = buildListing(
      accounts(1000).map((a) => ({
        ...a,
        roles: ['ReadOnly', 'PowerUserAccess', 'Administrator'],
      })),
      settings,
    );
    const matrix = JSON.stringify(listing.matrix);
    expect(matrix.length).toBeLessThan(JOB_OUTPUT_LIMIT_BYTES / 3);
    expect(oversizedOutputs({ matrix })).toBeUndefined();
  });
});
