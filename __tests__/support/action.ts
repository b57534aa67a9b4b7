/**
 * The bundled actions (dist/main, dist/post, dist/list-accounts) run by the runner harness
 * against the emulator, and what a workflow author would check of such a run: the inputs of a
 * seeded session, the secrets it was given and received, a clean failure, the retry lines.
 */
import type { IdentityCenterEmulator, SeededSession } from '../../emulator/index.js';
import { endpointEnv, requestsTo } from './emulator.js';
import { type ActionResult, type RunOptions, runAction } from './runner.js';
import { expectNoLeaks, scannable, secretInputs } from './secrets.js';

export const ACCOUNT = '111111111111';
export const ROLE = 'ReadOnly';

export const CREDENTIAL_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
] as const;

/** The refresh-token source of a seeded session, and nothing else (list-accounts, profiles). */
export function tokenInputs(session: SeededSession): Record<string, string> {
  return {
    'sso-region': session.region,
    'refresh-token': session.refreshToken ?? '',
    'client-id': session.clientId,
    'client-secret': session.clientSecret,
  };
}

/** Inputs for the refresh-token source of a seeded session. */
export function refreshInputs(session: SeededSession): Record<string, string> {
  return { ...tokenInputs(session), 'account-id': ACCOUNT, 'role-name': ROLE };
}

/**
 * Runs the bundled action against the emulator, with RUNNER_DEBUG on, and checks that none of
 * the secrets it was given or the emulator issued leaked.
 */
export async function runAgainst(
  emulator: IdentityCenterEmulator,
  inputs: Record<string, string>,
  options: Partial<RunOptions> = {},
): Promise<ActionResult> {
  const result = await runAction({
    debug: true,
    ...options,
    inputs,
    env: { ...endpointEnv(emulator), ...options.env },
  });
  expectNoLeaks(result, scannable([...emulator.issuedSecrets(), ...secretInputs(inputs)]));
  return result;
}

/**
 * The secrets a successful run received: the access token it used for GetRoleCredentials (of
 * the bearers the emulator saw, the one that is in this run's stdout at all, masked or not;
 * with an emulator of its own there is exactly one), a rotated refresh token, the credentials.
 */
export function issuedTo(result: ActionResult, emulator: IdentityCenterEmulator): string[] {
  const bearers = new Set(
    requestsTo(emulator, '/federation/credentials')
      .filter((request) => request.status === 200)
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

/** The failure a workflow author sees: exit 1, one error annotation, no stack trace; its message. */
export function expectFailedCleanly(result: ActionResult): string {
  if (result.exitCode !== 1)
    throw new Error(`expected exit 1, got ${result.exitCode}\n${result.stderr}`);
  if (Object.keys(result.env).length > 0)
    throw new Error(`env exported on failure: ${Object.keys(result.env)}`);
  if (Object.keys(result.outputs).length > 0)
    throw new Error(`outputs set on failure: ${Object.keys(result.outputs)}`);
  if (result.errors.length !== 1)
    throw new Error(`expected one error annotation, got ${result.errors.length}`);
  if (/\n\s+at /.test(result.stdout + result.stderr)) throw new Error('a stack trace was printed');
  return result.errors[0]?.message ?? '';
}

/** Nothing reached the job: no env, no outputs, no state; the runner's files are untouched. */
export function expectNothingExported(result: ActionResult): void {
  const handedOver = [
    ...Object.keys(result.env).map((name) => `env ${name}`),
    ...Object.keys(result.outputs).map((name) => `output ${name}`),
    ...Object.keys(result.state).map((name) => `state ${name}`),
    ...(['env', 'output', 'state'] as const)
      .filter((file) => result.files[file] !== '')
      .map((file) => `the ${file} file (${result.files[file].length} bytes)`),
  ];
  if (handedOver.length > 0) throw new Error(`handed to the job: ${handedOver.join(', ')}`);
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
