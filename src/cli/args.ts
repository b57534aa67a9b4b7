import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { UserError } from '../shared/errors.js';

/** A command line the tool cannot run: exit status 2, like other Unix tools. */
export class UsageError extends UserError {
  override readonly name = 'UsageError';
}

export type FlagValues = Record<string, string | boolean | undefined>;

/** Every command takes --help (-h). */
const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * node:util parseArgs, with its errors rewritten as one sentence that names the command. Values
 * are never quoted back: a mistyped command line may hold a secret.
 */
export function parseFlags(
  command: string,
  args: readonly string[],
  options: ParseArgsOptionsConfig,
): FlagValues {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { ...options, ...HELP_FLAG },
      strict: true,
      allowPositionals: false,
    });
    return values as FlagValues;
  } catch (error) {
    throw new UsageError(`${describeParseError(error, command)} See \`${helpHint(command)}\`.`);
  }
}

function helpHint(command: string): string {
  return `aws-sso-credentials ${command} --help`;
}

function describeParseError(error: unknown, command: string): string {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  // parseArgs names the option in quotes: "Unknown option '--foo'", "Option '--x <value>' ...".
  const option = /'(-{1,2}[A-Za-z0-9-]+)/.exec(message ?? '')?.[1] ?? 'an option';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `\`${command}\` has no option ${option}.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `\`${command}\` takes no positional arguments; give every value after its option name.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take/.test(message ?? '')
        ? `Option ${option} takes no value.`
        : `Option ${option} needs a value.`;
    default:
      return `The options of \`${command}\` could not be read.`;
  }
}

/** A string flag's value, or undefined when it was not given. An empty value is a usage error. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UsageError(`Option --${name} needs a value.`);
  }
  return value;
}

export function requiredFlag(values: FlagValues, name: string, command: string): string {
  const value = stringFlag(values, name);
  if (value === undefined) {
    throw new UsageError(`\`${command}\` needs --${name}. See \`${helpHint(command)}\`.`);
  }
  return value;
}

/** Checks a flag's format; the problem reads "must be ..." and the value is not repeated. */
export function checkFormat<V extends string>(
  name: string,
  value: string,
  valid: (value: string) => value is V,
  problem: string,
): V;
export function checkFormat<T extends string | undefined>(
  name: string,
  value: T,
  valid: (value: string) => boolean,
  problem: string,
): T;
export function checkFormat(
  name: string,
  value: string | undefined,
  valid: (value: string) => boolean,
  problem: string,
): string | undefined {
  if (value !== undefined && !valid(value)) throw new UsageError(`--${name} ${problem}.`);
  return value;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/** "90", "90s", "10m", "1h" as milliseconds, from 1 second to 24 hours; undefined otherwise. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,6})([smh]?)$/.exec(text);
  if (!match) return undefined;
  const unit = (match[2] || 's') as keyof typeof UNIT_MS;
  const ms = Number(match[1]) * UNIT_MS[unit];
  return ms >= 1000 && ms <= 24 * UNIT_MS.h ? ms : undefined;
}

/** A duration flag in milliseconds, or undefined when it was not given. */
export function durationFlag(values: FlagValues, name: string): number | undefined {
  const value = stringFlag(values, name);
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined) {
    throw new UsageError(
      `--${name} must be a duration from 1s to 24h, e.g. 90s, 10m or 600 (seconds).`,
    );
  }
  return ms;
}
