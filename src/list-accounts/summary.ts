import { displayAccountId, writeStepSummary } from '../runner/step-summary.js';
import type { ListSettings } from './inputs.js';
import type { Listing } from './listing.js';
import type { NamedPair } from './profile-names.js';

/**
 * The step summary: the filters and counts, the accounts per permission set, then either the
 * pairs (at most 256 rows: one matrix job each) or, with group-size, one row per group (its size
 * and where it starts and ends). The full list of a thousand pairs stays in the outputs.
 */
export function listSummaryTables(settings: ListSettings, listing: Listing): string[][][] {
  const step = [
    ['Item', 'Value'],
    ['IAM Identity Center region', settings.ssoRegion],
    ['Account filter', settings.accountFilter?.source ?? 'none'],
    ['Role filter', settings.roleFilter?.source ?? 'none'],
    ['Accounts that passed the account filter', String(listing.accountsMatched)],
    ['Account and permission set pairs', String(listing.pairs.length)],
    ...(settings.groupSize === undefined ? [] : [['Group size', String(settings.groupSize)]]),
    ['Matrix entries', String(listing.matrix.include.length)],
  ];
  const masked = settings.maskAccountId;
  const detail = listing.groups
    ? groupsTable(listing.groups, masked)
    : [
        ['Account', 'Name', 'Permission set'],
        ...listing.pairs.map((pair) => [
          displayAccountId(pair['account-id'], masked),
          pair['account-name'],
          pair['role-name'],
        ]),
      ];
  return [step, rolesTable(listing), detail];
}

/** How many accounts each permission set is listed for, by name. */
function rolesTable(listing: Listing): string[][] {
  const counts = new Map<string, number>();
  for (const pair of listing.pairs) {
    counts.set(pair['role-name'], (counts.get(pair['role-name']) ?? 0) + 1);
  }
  const roles = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [['Permission set', 'Accounts'], ...roles.map(([role, count]) => [role, String(count)])];
}

function groupsTable(groups: readonly (readonly NamedPair[])[], masked: boolean): string[][] {
  // A name made from an account id (an account without a usable name) shows what the ids do.
  const shown = (pair: NamedPair | undefined) =>
    pair ? pair.profile.replace(pair.accountId, displayAccountId(pair.accountId, masked)) : '';
  return [
    ['Group', 'Profiles', 'First profile', 'Last profile'],
    ...groups.map((pairs, index) => [
      String(index + 1),
      String(pairs.length),
      shown(pairs[0]),
      shown(pairs.at(-1)),
    ]),
  ];
}

export async function writeListSummary(settings: ListSettings, listing: Listing): Promise<void> {
  await writeStepSummary(
    'AWS accounts from IAM Identity Center',
    listSummaryTables(settings, listing),
  );
}
