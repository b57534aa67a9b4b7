import * as core from '@actions/core';
import { Inputs } from '../github/constants.js';
import { getBoolean, optional } from '../github/input-readers.js';
import { getTokenSettings, type TokenSettings } from '../github/token-inputs.js';
import { InputError } from '../shared/errors.js';

/** Every input of list-accounts, checked and typed: the main action's token inputs, and filters. */
export interface ListSettings extends TokenSettings {
  /** Tested against each account's id and its name; an account matches when either does. */
  readonly accountFilter?: RegExp;
  /** Tested against each role (permission set) name. */
  readonly roleFilter?: RegExp;
  readonly maskAccountId: boolean;
}

/** Reads and validates every input; throws an error naming the first bad one. */
export function getListSettings(): ListSettings {
  return Object.freeze({
    ...getTokenSettings(),
    maskAccountId: getBoolean(Inputs.MaskAccountId),
    ...optional('accountFilter', getRegExp(Inputs.AccountFilter)),
    ...optional('roleFilter', getRegExp(Inputs.RoleFilter)),
  });
}

/**
 * A JavaScript regular expression, unanchored and case-sensitive like `grep -E`. The error
 * gives the parser's reason without the pattern it quotes.
 */
export function getRegExp(input: string): RegExp | undefined {
  const value = core.getInput(input);
  if (!value) return undefined;
  try {
    return new RegExp(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split(': ').at(-1) : undefined;
    throw new InputError(input, `is not a valid regular expression${reason ? ` (${reason})` : ''}`);
  }
}
