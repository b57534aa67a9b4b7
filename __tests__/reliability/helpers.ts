import { expect } from '@jest/globals';
import type { IdentityCenterEmulator, RequestLogEntry } from '../../emulator/index.js';
import type { ActionResult } from '../support/runner.js';
import { expectNoLeaks, maskedBeforeUse, secretLabel } from '../support/secrets.js';

/**
 * Shared by the reliability suites: the secret tally each suite reports, the checks for
 * "nothing reached the job" and "every secret was masked first", and the retry lines.
 */

/** The secret inputs of the action (action.yml, inputs.ts SECRET_INPUTS). */
export const SECRET_INPUT_NAMES = [
  'access-token',
  'refresh-token',
  'client-id',
  'client-secret',
  'sso-session',
] as const;

/** Values shorter than this cannot be scanned meaningfully (support/secrets.ts refuses them). */
const MIN_SCANNABLE = 8;

/**
 * Counts what a suite scanned: distinct secret values, and (run, secret) checks. Every scan
 * also asserts that none of the values appears in stdout, stderr or the step summary other
 * than on an `::add-mask::` line.
 */
export class SecretTally {
  private readonly distinct = new Set<string>();
  checks = 0;
  runs = 0;

  scan(result: ActionResult, secrets: readonly (string | undefined)[]): void {
    const values = [...new Set(secrets)].filter(
      (value): value is string => typeof value === 'string' && value.length >= MIN_SCANNABLE,
    );
    expectNoLeaks(result, values);
    for (const value of values) this.distinct.add(value);
    this.checks += values.length;
    this.runs += 1;
  }

  get count(): number {
    return this.distinct.size;
  }

  toString(): string {
    return `secrets-scanned=${this.count} (${this.checks} checks over ${this.runs} runs)`;
  }
}

/** The secret inputs a run was given. */
export function secretInputs(inputs: Record<string, string>): string[] {
  return SECRET_INPUT_NAMES.map((name) => inputs[name] ?? '').filter((value) => value !== '');
}

/**
 * The secrets a successful run received: the access token it used for GetRoleCredentials (of
 * the bearers the emulator saw, the one that is in this run's stdout at all, masked or not;
 * with an emulator of its own there is exactly one), a rotated refresh token, the credentials.
 */
export function issuedTo(result: ActionResult, emulator: IdentityCenterEmulator): string[] {
  const bearers = new Set(
    emulator.requests
      .filter((request) => request.path === '/federation/credentials' && request.status === 200)
      .map((request) => request.headers['x-amz-sso_bearer_token'] ?? ''),
  );
  const used = [...bearers].filter((bearer) => bearer !== '' && result.stdout.includes(bearer));
  return [
    ...used,
    result.outputs['refresh-token'],
    result.env.AWS_ACCESS_KEY_ID ?? result.outputs['aws-access-key-id'],
    result.env.AWS_SECRET_ACCESS_KEY ?? result.outputs['aws-secret-access-key'],
    result.env.AWS_SESSION_TOKEN ?? result.outputs['aws-session-token'],
  ].filter((value): value is string => typeof value === 'string' && value !== '');
}

/** Asserts that each secret was add-masked before it (or an encoded form) first appeared on stdout. */
export function expectMaskedFirst(result: ActionResult, secrets: readonly string[]): void {
  const late = secrets.filter((secret) => !maskedBeforeUse(result, secret)).map(secretLabel);
  expect(late).toEqual([]);
}

/** Nothing reached the job: no env, no outputs, no state; the runner's files are untouched. */
export function expectNothingExported(result: ActionResult): void {
  expect(result.env).toEqual({});
  expect(result.outputs).toEqual({});
  expect(result.state).toEqual({});
  expect(result.files.env).toBe('');
  expect(result.files.output).toBe('');
  expect(result.files.state).toBe('');
}

export interface RetryLine {
  attempt: number;
  maxAttempts: number;
  cause: string;
  delayMs: number;
}

const RETRY_LINE = /^Attempt (\d+) of (\d+) failed \((.*)\); retrying in (\d+\.\d)s\.$/;

/** The "Attempt n of m failed (cause); retrying in s" lines of the visible log. */
export function retryLines(result: ActionResult): RetryLine[] {
  return result.log.flatMap((line) => {
    const match = RETRY_LINE.exec(line);
    if (!match) return [];
    return [
      {
        attempt: Number(match[1]),
        maxAttempts: Number(match[2]),
        cause: match[3] ?? '',
        delayMs: Math.round(Number(match[4]) * 1000),
      },
    ];
  });
}

/** The API calls the emulator saw, as `METHOD /path`. */
export function calls(emulator: IdentityCenterEmulator): string[] {
  return emulator.requests.map((request) => `${request.method} ${request.path}`);
}

/** Requests to one path, in arrival order. */
export function requestsTo(emulator: IdentityCenterEmulator, path: string): RequestLogEntry[] {
  return emulator.requests.filter((request) => request.path === path);
}

/** `n` copies of a call, for expected request sequences. */
export function times(n: number, call: string): string[] {
  return Array.from({ length: n }, () => call);
}

/**
 * A summary line on the test process's stdout, outside jest's console decoration, so that CI
 * logs can be searched for `RELIABILITY`.
 */
export function report(line: string): void {
  process.stdout.write(`RELIABILITY ${line}\n`);
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
