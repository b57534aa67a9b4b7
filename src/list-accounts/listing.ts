import { Inputs } from '../runner/constants.js';
import { byCount, plural } from '../shared/plural.js';
import type { AccountWithRoles } from '../sso/accounts.js';
import { groupedMatrix } from './groups.js';
import type { ListSettings } from './inputs.js';
import {
  buildMatrix,
  checkMatrixSize,
  type Matrix,
  type MatrixEntry,
  selectRoles,
} from './matrix.js';
import type { NamedPair } from './profile-names.js';

/** What the step found, and the matrix made of it. */
export interface Listing {
  /** Accounts that passed the account filter. */
  readonly accountsMatched: number;
  /** The accounts with a role that passed the role filter, and those roles. */
  readonly selected: readonly AccountWithRoles[];
  /** Every account and role pair that passed both filters, sorted. */
  readonly pairs: readonly MatrixEntry[];
  /** With group-size: the pairs of each matrix entry, with their profile names. */
  readonly groups?: readonly (readonly NamedPair[])[];
  readonly matrix: Matrix<unknown>;
}

/** The roles that pass the filter, as pairs or, with group-size, as groups of profiles. */
export function buildListing(
  accounts: readonly AccountWithRoles[],
  settings: ListSettings,
): Listing {
  const selected = selectRoles(accounts, settings.roleFilter);
  const pairs = buildMatrix(selected);
  const base = { accountsMatched: accounts.length, selected, pairs: pairs.include };
  if (settings.groupSize === undefined) {
    checkMatrixSize(pairs);
    return { ...base, matrix: pairs };
  }
  return { ...base, ...groupedMatrix(pairs.include, settings.groupSize) };
}

/** The step's closing log line: what was found and what the matrix holds. */
export function describeListing(settings: ListSettings, listing: Listing): string {
  const matching = settings.accountFilter ? ` matching '${Inputs.AccountFilter}'` : '';
  const found = `Found ${plural(listing.accountsMatched, 'account')}${matching} and ${plural(listing.pairs.length, 'account and permission set pair')}`;
  const entries = listing.matrix.include.length;
  if (!listing.groups || entries === 0)
    return `${found}; the matrix has ${plural(entries, 'entry', 'entries')}.`;
  const sizes = listing.groups.map((group) => group.length);
  const [least, most] = [Math.min(...sizes), Math.max(...sizes)];
  const range = least === most ? `${most}` : `${least}-${most}`;
  return `${found}; the matrix has ${plural(entries, 'group')} of ${range} ${byCount(most, 'profile', 'profiles')}.`;
}

/** GitHub keeps each job output to 1 MB; a larger matrix cannot reach the jobs that need it. */
export const JOB_OUTPUT_LIMIT_BYTES = 1024 * 1024;

/**
 * A warning for outputs too large to pass to another job, naming them and their sizes; undefined
 * when all fit. A warning, not a failure: the outputs still serve later steps of the same job.
 */
export function oversizedOutputs(outputs: Record<string, string>): string | undefined {
  const large = Object.entries(outputs)
    .map(([name, value]) => [name, Buffer.byteLength(value, 'utf8')] as const)
    .filter(([, bytes]) => bytes > JOB_OUTPUT_LIMIT_BYTES);
  if (large.length === 0) return undefined;
  const sizes = large.map(([name, bytes]) => `'${name}' is ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  return `${sizes.join(', ')}: GitHub keeps a job output to 1 MB, so it will not reach another job. Split the listing across list jobs with complementary '${Inputs.AccountFilter}' patterns.`;
}
