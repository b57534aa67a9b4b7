import * as core from '@actions/core';
import { InputError } from '../shared/errors.js';
import { isRegion } from '../shared/validation.js';
import { Inputs } from './constants.js';

/**
 * Typed readers of single inputs, shared by the main action and list-accounts. Every error names
 * the input and never repeats its value: a value pasted into the wrong input may be a secret.
 */

/** A format check: a regular expression or a predicate. */
export type Format = RegExp | ((value: string) => boolean);

function conforms(value: string, format: Format): boolean {
  return format instanceof RegExp ? format.test(value) : format(value);
}

export function getMatching(input: string, format: Format, problem: string): string {
  const value = getOptionalMatching(input, format, problem);
  if (value === undefined) throw new InputError(input, 'is required');
  return value;
}

export function getOptionalMatching(
  input: string,
  format: Format,
  problem: string,
): string | undefined {
  const value = core.getInput(input);
  if (!value) return undefined;
  if (!conforms(value, format)) throw new InputError(input, problem);
  return value;
}

export function getRegion(input: string): string | undefined {
  return getOptionalMatching(input, isRegion, 'must be an AWS region name such as us-east-1');
}

/** A whole number from 1 to `max`; undefined when the input is empty. */
export function getWholeNumber(input: string, max: number): number | undefined {
  const value = core.getInput(input);
  if (value === '') return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > max) {
    throw new InputError(input, `must be a whole number from 1 to ${max}`);
  }
  return number;
}

/** Six hours: no GitHub-hosted job runs longer. */
const TIME_LIMIT_MAX_S = 6 * 60 * 60;

/**
 * action-timeout-s in ms; empty: no limit for the main step, only each call's own (sso/limits.ts),
 * and the post step's own default. Read by both steps of both actions.
 */
export function getTimeLimitMs(): number | undefined {
  const seconds = getWholeNumber(Inputs.ActionTimeoutS, TIME_LIMIT_MAX_S);
  return seconds === undefined ? undefined : seconds * 1000;
}

/** YAML 1.2 core-schema booleans, as core.getBooleanInput reads them, with an error naming the input. */
export function getBoolean(input: string): boolean {
  try {
    return core.getBooleanInput(input);
  } catch {
    throw new InputError(
      input,
      'must be true or false (true | True | TRUE | false | False | FALSE)',
    );
  }
}
