import { Inputs, MATRIX_LIMIT } from '../runner/constants.js';
import { UserError } from '../shared/errors.js';
import type { AccountWithRoles } from '../sso/accounts.js';
import type { TextFilter } from './text-filter.js';

/** One job of the matrix: the keys a workflow reads as `matrix.account-id` and so on. */
export interface MatrixEntry {
  readonly 'account-id': string;
  readonly 'account-name': string;
  readonly 'role-name': string;
}

/** What `strategy.matrix: ${{ fromJSON(...) }}` takes: pairs, or groups of them (groups.ts). */
export interface Matrix<Entry = MatrixEntry> {
  readonly include: readonly Entry[];
}

/** An account passes when the filter matches its id or its name (no filter: every account). */
export function accountMatches(
  filter: TextFilter | undefined,
  account: { accountId: string; accountName: string },
): boolean {
  return !filter || filter.test(account.accountId) || filter.test(account.accountName);
}

/** Keeps the roles the filter matches, and the accounts that have any left. */
export function selectRoles(
  accounts: readonly AccountWithRoles[],
  roleFilter: TextFilter | undefined,
): AccountWithRoles[] {
  return accounts
    .map((account) => ({
      ...account,
      roles: account.roles.filter((role) => !roleFilter || roleFilter.test(role)),
    }))
    .filter((account) => account.roles.length > 0);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One entry per account and role, sorted by account id, then role name: stable job names. */
export function buildMatrix(accounts: readonly AccountWithRoles[]): Matrix {
  const include = accounts.flatMap((account) =>
    account.roles.map((role) => ({
      'account-id': account.accountId,
      'account-name': account.accountName,
      'role-name': role,
    })),
  );
  include.sort(
    (a, b) => compare(a['account-id'], b['account-id']) || compare(a['role-name'], b['role-name']),
  );
  return { include };
}

/** GitHub refuses a matrix of more than 256 jobs; a shortened one would skip accounts unseen. */
export function checkMatrixSize(matrix: Matrix): void {
  const count = matrix.include.length;
  if (count <= MATRIX_LIMIT) return;
  throw new UserError(
    `The matrix would have ${count} entries (account and role pairs), more than the ${MATRIX_LIMIT} jobs GitHub allows in one matrix. Narrow it with '${Inputs.AccountFilter}' or '${Inputs.RoleFilter}' (e.g. role-filter: '^ReadOnly$'), or give each job a group of profiles with '${Inputs.GroupSize}' (e.g. group-size: 50).`,
  );
}

/** The `accounts` output: each account with the roles that passed the filter. */
export function accountsOutput(accounts: readonly AccountWithRoles[]): string {
  return JSON.stringify(
    accounts.map((account) => ({
      'account-id': account.accountId,
      'account-name': account.accountName,
      roles: account.roles,
    })),
  );
}
