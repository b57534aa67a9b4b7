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

/**
 * The only outputs a failed step may set: a refresh token the service rotated (and the renewed
 * session document), which the workflow must not lose because something after the refresh failed.
 */
export const ROTATION_OUTPUTS: readonly string[] = ['refresh-token', 'sso-session'];

/**
 * The failure a workflow author sees: exit 1, one error annotation, no stack trace, nothing handed
 * to the job but a rotated refresh token (with its warning or write-back line); its message.
 */
export function expectFailedCleanly(result: ActionResult): string {
  if (result.exitCode !== 1)
    throw new Error(`expected exit 1, got ${result.exitCode}\n${result.stderr}`);
  if (Object.keys(result.env).length > 0)
    throw new Error(`env exported on failure: ${Object.keys(result.env)}`);
  const outputs = Object.keys(result.outputs);
  const unexpected = outputs.filter((name) => !ROTATION_OUTPUTS.includes(name));
  if (unexpected.length > 0) throw new Error(`outputs set on failure: ${unexpected}`);
  if (outputs.length > 0 && !rotationTold(result))
    throw new Error('a rotated refresh token was output without saying so');
  if (result.errors.length !== 1)
    throw new Error(`expected one error annotation, got ${result.errors.length}`);
  if (/\n\s+at /.test(result.stdout + result.stderr)) throw new Error('a stack trace was printed');
  return result.errors[0]?.message ?? '';
}

/** A warning says what to replace, or (update-secret) the log says which secret now holds it. */
function rotationTold(result: ActionResult): boolean {
  return (
    result.warnings.some((w) => /rotated the refresh token/.test(w.message)) ||
    result.log.some((line) => /rotated the refresh token; .* now holds the new/.test(line))
  );
}

/**
 * Nothing reached the job: no env, no state, and no output but a refresh token the service
 * rotated before the failure (which must not be lost); the runner's files are untouched.
 */
export function expectNothingExported(result: ActionResult): void {
  const outputs = Object.keys(result.outputs).filter((name) => !ROTATION_OUTPUTS.includes(name));
  const files = (['env', 'output', 'state'] as const).filter(
    (file) => result.files[file] !== '' && !(file === 'output' && outputs.length === 0),
  );
  const handedOver = [
    ...Object.keys(result.env).map((name) => `env ${name}`),
    ...outputs.map((name) => `output ${name}`),
    ...Object.keys(result.state).map((name) => `state ${name}`),
    ...files.map((file) => `the ${file} file (${result.files[file].length} bytes)`),
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
