import { Inputs, MATRIX_LIMIT } from '../runner/constants.js';
import { UserError } from '../shared/errors.js';
import type { Matrix, MatrixEntry } from './matrix.js';
import { type NamedPair, namePairs } from './profile-names.js';

/** One job's share of the pairs: `matrix.profiles` is ready for the main action's `profiles`. */
export interface GroupEntry {
  /** 1-based. */
  readonly group: number;
  /** `name = account-id/role-name` lines. */
  readonly profiles: string;
  /** How many lines `profiles` has. */
  readonly size: number;
}

/** The largest `group-size`: one step's profiles, 8 calls in flight, stay within a minute or so. */
export const MAX_GROUP_SIZE = 100;

/**
 * How many pairs each group gets: as few groups as `groupSize` allows, and sizes that differ by
 * at most one (1,000 pairs in groups of up to 100 are ten of 100; 1,050 are eleven of 95 or 96),
 * so that no job carries much more than the others.
 */
export function groupSizes(pairCount: number, groupSize: number): number[] {
  if (pairCount === 0) return [];
  const count = Math.ceil(pairCount / groupSize);
  const base = Math.floor(pairCount / count);
  const larger = pairCount % count;
  return Array.from({ length: count }, (_, index) => (index < larger ? base + 1 : base));
}

/**
 * The pairs (in the order given: sorted by account id, then role) cut into consecutive groups,
 * so that the roles of one account stay together where they can.
 */
export function splitIntoGroups(pairs: readonly NamedPair[], groupSize: number): NamedPair[][] {
  let start = 0;
  return groupSizes(pairs.length, groupSize).map((size) => {
    const group = pairs.slice(start, start + size);
    start += size;
    return group;
  });
}

export function groupEntries(groups: readonly (readonly NamedPair[])[]): GroupEntry[] {
  return groups.map((pairs, index) => ({
    group: index + 1,
    profiles: pairs.map((p) => `${p.profile} = ${p.accountId}/${p.roleName}`).join('\n'),
    size: pairs.length,
  }));
}

/**
 * GitHub refuses a matrix of more than 256 jobs. Fails before anything is output, with the
 * group size that would fit, or, past 25,600 pairs, with both limits.
 */
export function checkGroupCount(pairCount: number, groupSize: number): void {
  const groups = Math.ceil(pairCount / groupSize);
  if (groups <= MATRIX_LIMIT) return;
  const pairs = `${pairCount} account and permission set pairs`;
  if (pairCount > MATRIX_LIMIT * MAX_GROUP_SIZE) {
    throw new UserError(
      `The ${pairs} do not fit in one matrix even in groups of ${MAX_GROUP_SIZE} (the largest '${Inputs.GroupSize}'): GitHub runs at most ${MATRIX_LIMIT} jobs per matrix, which holds ${MATRIX_LIMIT * MAX_GROUP_SIZE} pairs. Narrow the list with '${Inputs.AccountFilter}' or '${Inputs.RoleFilter}', or split it across jobs with complementary filters.`,
    );
  }
  const needed = Math.ceil(pairCount / MATRIX_LIMIT);
  throw new UserError(
    `The ${pairs} make ${groups} groups of at most ${groupSize}, more than the ${MATRIX_LIMIT} jobs GitHub allows in one matrix. Set '${Inputs.GroupSize}' to ${needed} or more (at most ${MAX_GROUP_SIZE}).`,
  );
}

/** The pairs in groups, and the matrix of the groups; fails before naming a pair if it cannot fit. */
export function groupedMatrix(
  pairs: readonly MatrixEntry[],
  groupSize: number,
): { groups: NamedPair[][]; matrix: Matrix<GroupEntry> } {
  checkGroupCount(pairs.length, groupSize);
  const named = namePairs(
    pairs.map((pair) => ({
      accountId: pair['account-id'],
      accountName: pair['account-name'],
      roleName: pair['role-name'],
    })),
  );
  const groups = splitIntoGroups(named, groupSize);
  return { groups, matrix: { include: groupEntries(groups) } };
}
