import { displayAccountId, writeStepSummary } from '../github/step-summary.js';
import type { ListSettings } from './inputs.js';
import type { Matrix } from './matrix.js';

/** The step summary: the filters, the counts, and the matrix as a table (names only). */
export function listSummaryTables(
  settings: ListSettings,
  accountsMatched: number,
  matrix: Matrix,
): string[][][] {
  const step = [
    ['Item', 'Value'],
    ['IAM Identity Center region', settings.ssoRegion],
    ['Account filter', settings.accountFilter?.source ?? 'none'],
    ['Role filter', settings.roleFilter?.source ?? 'none'],
    ['Accounts that passed the account filter', String(accountsMatched)],
    ['Matrix entries', String(matrix.include.length)],
  ];
  const entries = matrix.include.map((entry) => [
    displayAccountId(entry['account-id'], settings.maskAccountId),
    entry['account-name'],
    entry['role-name'],
  ]);
  return [step, [['Account', 'Name', 'Permission set'], ...entries]];
}

export async function writeListSummary(
  settings: ListSettings,
  accountsMatched: number,
  matrix: Matrix,
): Promise<void> {
  await writeStepSummary(
    'AWS accounts from IAM Identity Center',
    listSummaryTables(settings, accountsMatched, matrix),
  );
}
