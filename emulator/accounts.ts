import type { AccountSpec } from './types.js';

/**
 * `count` generated account assignments for scale tests, the bench and the standalone emulator:
 * ids 200000000000 up, named `Account 000`, …, with 1, 2 or 3 permission sets in turn (ReadOnly;
 * + PowerUserAccess; + AdministratorAccess), so that 300 accounts make 600 account-role pairs,
 * 100 of them AdministratorAccess. Listed in descending id order, so that a client's sorting
 * is visible.
 */
export function generateAccounts(count: number): AccountSpec[] {
  const roles = ['ReadOnly', 'PowerUserAccess', 'AdministratorAccess'];
  const width = Math.max(3, String(Math.max(0, count - 1)).length);
  return Array.from({ length: count }, (_, index) => ({
    accountId: String(200000000000 + index),
    accountName: `Account ${String(index).padStart(width, '0')}`,
    roles: roles.slice(0, (index % 3) + 1),
  })).reverse();
}
