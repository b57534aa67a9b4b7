import * as core from '@actions/core';
import { Inputs } from '../github/constants.js';
import { getBoolean, getWholeNumber, optional } from '../github/input-readers.js';
import { getTokenSettings, type TokenSettings } from '../github/token-inputs.js';
import { InputError } from '../shared/errors.js';
import { MAX_GROUP_SIZE } from './groups.js';

/**
 * Every input of list-accounts, checked and typed: the main action's token inputs, the filters
 * and the group size.
 */
export interface ListSettings extends TokenSettings {
  /** Tested against each account's id and its name; an account matches when either does. */
  readonly accountFilter?: RegExp;
  /** Tested against each role (permission set) name. */
  readonly roleFilter?: RegExp;
  readonly maskAccountId: boolean;
  /** Profiles per matrix entry; undefined: one account and role per entry. */
  readonly groupSize?: number;
}

/** Reads and validates every input; throws an error naming the first bad one. */
export function getListSettings(): ListSettings {
  return Object.freeze({
    ...getTokenSettings(),
    maskAccountId: getBoolean(Inputs.MaskAccountId),
    ...optional('accountFilter', getRegExp(Inputs.AccountFilter)),
    ...optional('roleFilter', getRegExp(Inputs.RoleFilter)),
    ...optional('groupSize', getWholeNumber(Inputs.GroupSize, MAX_GROUP_SIZE)),
  });
}

/**
 * A JavaScript regular expression, unanchored and case-sensitive like `grep -E`. The error
 * gives the parser's reason without the pattern it quotes.
 */
function getRegExp(input: string): RegExp | undefined {
  const value = core.getInput(input);
  if (!value) return undefined;
  try {
    return new RegExp(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split(': ').at(-1) : undefined;
    throw new InputError(input, `is not a valid regular expression${reason ? ` (${reason})` : ''}`);
  }
}
