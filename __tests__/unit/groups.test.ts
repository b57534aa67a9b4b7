import { describe, expect, test } from '@jest/globals';
import {
  checkGroupCount,
  groupEntries,
  groupedMatrix,
  groupSizes,
  splitIntoGroups,
} from '../../src/list-accounts/groups.js';
import type { MatrixEntry } from '../../src/list-accounts/matrix.js';
import { type NamedPair, profileName } from '../../src/list-accounts/profile-names.js';
import { UserError } from '../../src/shared/errors.js';

function pairs(count: number): MatrixEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    'account-id': String(100000000000 + Math.floor(i / 2)),
    'account-name': `Account ${Math.floor(i / 2)}`,
    'role-name': i % 2 ? 'ReadOnly' : 'AdministratorAccess',
  }));
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('groupSizes', () => {
  test.each([
    [1000, 100, Array(10).fill(100)],
    [1001, 100, Array(11).fill(91)],
    [1050, 100, [...Array(5).fill(96), ...Array(6).fill(95)]],
    [7, 3, [3, 2, 2]],
    [5, 5, [5]],
    [3, 10, [3]],
    [4, 1, [1, 1, 1, 1]],
    [0, 10, []],
  ])('%i pairs in groups of up to %i: %j', (count, size, expected) => {
    expect(groupSizes(count, size)).toEqual(expected);
  });

  test('every size up to 2,000 pairs: as few groups as the size allows, none over it, at most one apart', () => {
    for (const size of [1, 7, 50, 100]) {
      for (let count = 1; count <= 2000; count += 13) {
        const sizes = groupSizes(count, size);
        expect(sizes.reduce((sum, n) => sum + n, 0)).toBe(count);
        expect(sizes).toHaveLength(Math.ceil(count / size));
        expect(Math.max(...sizes)).toBeLessThanOrEqual(size);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('splitIntoGroups and groupEntries', () => {
  const named: NamedPair[] = ['a', 'b', 'c', 'd', 'e'].map((letter, i) => ({
    profile: `p-${letter}`,
    accountId: `11111111111${i}`,
    accountName: letter,
    roleName: 'ReadOnly',
  }));

  test('consecutive groups, in order, every pair exactly once', () => {
    const groups = splitIntoGroups(named, 2);
    expect(groups.map((group) => group.map((pair) => pair.profile))).toEqual([
      ['p-a', 'p-b'],
      ['p-c', 'p-d'],
      ['p-e'],
    ]);
  });

  test('each entry is {group, profiles, size}, profiles in the main action’s line format', () => {
    const entries = groupEntries(splitIntoGroups(named, 3));
    expect(entries).toEqual([
      {
        group: 1,
        profiles:
          'p-a = 111111111110/ReadOnly\np-b = 111111111111/ReadOnly\np-c = 111111111112/ReadOnly',
        size: 3,
      },
      { group: 2, profiles: 'p-d = 111111111113/ReadOnly\np-e = 111111111114/ReadOnly', size: 2 },
    ]);
    expect(Object.keys(entries[0] ?? {})).toEqual(['group', 'profiles', 'size']);
  });
});

describe('checkGroupCount', () => {
  test('up to 256 groups are fine', () => {
    expect(() => checkGroupCount(2560, 10)).not.toThrow();
    expect(() => checkGroupCount(25_600, 100)).not.toThrow();
  });

  test('more groups than a matrix may have: says which group-size would fit', () => {
    expect(thrown(() => checkGroupCount(2561, 10)).message).toBe(
      "The 2561 account and permission set pairs make 257 groups of at most 10, more than the 256 jobs GitHub allows in one matrix. Set 'group-size' to 11 or more (at most 100).",
    );
  });

  test('past 25,600 pairs even groups of 100 do not fit: the count and both limits', () => {
    const message = thrown(() => checkGroupCount(25_601, 10)).message;
    expect(message).toMatch(/^The 25601 account and permission set pairs do not fit/);
    expect(message).toMatch(/groups of 100 \(the largest 'group-size'\)/);
    expect(message).toMatch(/at most 256 jobs per matrix/);
    expect(message).toMatch(/'account-filter' or 'role-filter'/);
  });
});

describe('groupedMatrix', () => {
  test('names every pair and groups them: the matrix GitHub gets', () => {
    const { groups, matrix } = groupedMatrix(pairs(5), 2);
    expect(groups.map((group) => group.length)).toEqual([2, 2, 1]);
    expect(matrix.include).toHaveLength(3);
    const first = profileName('100000000000', 'Account 0', 'AdministratorAccess');
    expect(matrix.include[0]?.profiles.split('\n')[0]).toBe(
      `${first} = 100000000000/AdministratorAccess`,
    );
    const lines = matrix.include.flatMap((entry) => entry.profiles.split('\n'));
    expect(lines).toHaveLength(5);
    expect(new Set(lines.map((line) => line.split(' = ')[0])).size).toBe(5);
  });

  test('checks the group count before naming anything', () => {
    const bad = pairs(257).map((pair) => ({ ...pair, 'account-id': 'not-an-id' }));
    expect(thrown(() => groupedMatrix(bad, 1)).message).toMatch(/257 groups/);
  });
});
