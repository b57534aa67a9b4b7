import * as core from '@actions/core';
import { Inputs } from '../runner/constants.js';
import { getBoolean, getWholeNumber } from '../runner/input-readers.js';
import { getTokenSettings, type TokenSettings } from '../steps/token-inputs.js';
import { MAX_GROUP_SIZE } from './groups.js';
import { compileFilter, type TextFilter } from './text-filter.js';

/**
 * Every input of list-accounts, checked and typed: the main action's token inputs, the filters
 * and the group size.
 */
export interface ListSettings extends TokenSettings {
  /** Tested against each account's id and its name; an account matches when either does. */
  readonly accountFilter?: TextFilter | undefined;
  /** Tested against each role (permission set) name. */
  readonly roleFilter?: TextFilter | undefined;
  readonly maskAccountId: boolean;
  /** Profiles per matrix entry; undefined: one account and role per entry. */
  readonly groupSize?: number | undefined;
}

/** Reads and validates every input; throws an error naming the first bad one. */
export async function getListSettings(): Promise<ListSettings> {
  const token = getTokenSettings();
  const maskAccountId = getBoolean(Inputs.MaskAccountId);
  const accountFilter = await getFilter(Inputs.AccountFilter);
  const roleFilter = await getFilter(Inputs.RoleFilter);
  return Object.freeze({
    ...token,
    maskAccountId,
    accountFilter,
    roleFilter,
    groupSize: getWholeNumber(Inputs.GroupSize, MAX_GROUP_SIZE),
  });
}

/** A regular expression, unanchored and case-sensitive like `grep -E` (text-filter.ts). */
async function getFilter(input: string): Promise<TextFilter | undefined> {
  const value = core.getInput(input);
  return value ? compileFilter(input, value) : undefined;
}
