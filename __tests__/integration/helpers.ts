import type { AccountSpec, IdentityCenterEmulator, SeededSession } from '../../emulator/index.js';
import { type ActionResult, type RunOptions, runAction } from '../support/runner.js';
import { expectNoLeaks } from '../support/secrets.js';

export const ACCOUNT = '111111111111';
export const ROLE = 'ReadOnly';

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

/** Runs the bundled action against the emulator, with RUNNER_DEBUG on, and checks that no secret leaked. */
export async function runAgainst(
  emulator: IdentityCenterEmulator,
  inputs: Record<string, string>,
  options: Partial<RunOptions> = {},
): Promise<ActionResult> {
  const result = await runAction({
    debug: true,
    ...options,
    inputs,
    env: {
      AWS_ENDPOINT_URL_SSO: emulator.url,
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
      ...options.env,
    },
  });
  expectNoLeaks(result, [...emulator.issuedSecrets(), ...secretInputValues(inputs)]);
  return result;
}

function secretInputValues(inputs: Record<string, string>): string[] {
  const names = ['access-token', 'refresh-token', 'client-secret', 'sso-session'];
  return names.map((name) => inputs[name] ?? '').filter((value) => value.length >= 8);
}

/** The API calls the emulator saw, as `METHOD /path`. */
export function calls(emulator: IdentityCenterEmulator): string[] {
  return emulator.requests.map((request) => `${request.method} ${request.path}`);
}

export const CREDENTIAL_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
] as const;

/** Asserts the failure a workflow author sees: exit 1, one error annotation, nothing handed to the job. */
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

/**
 * `count` accounts with 1, 2 or 3 roles in turn (ReadOnly; + PowerUserAccess; + AdministratorAccess),
 * assigned in descending id order so that sorting is visible: 300 of them make 600 account-role
 * pairs, 100 of them AdministratorAccess. The bench uses the same scenario.
 */
export function manyAccounts(count: number): AccountSpec[] {
  const roles = ['ReadOnly', 'PowerUserAccess', 'AdministratorAccess'];
  return Array.from({ length: count }, (_, index) => ({
    accountId: String(200000000000 + index),
    accountName: `Account ${String(index).padStart(3, '0')}`,
    roles: roles.slice(0, (index % 3) + 1),
  })).reverse();
}
