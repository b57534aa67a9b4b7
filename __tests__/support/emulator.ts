/**
 * The loopback IAM Identity Center emulator (`emulator/`) as the suites and the bench use it:
 * one of its own around a piece of work, the variables that point the SDK at it, the views of
 * its request log the tests assert on, and the large scenario. No jest here (the bench imports
 * it); the jest hooks that start and stop one for a suite are in emulator-fixtures.ts.
 */
import type {
  AccountSpec,
  EmulatorOptions,
  RequestLogEntry,
  SeededSession,
} from '../../emulator/index.js';
import { generateAccounts, IdentityCenterEmulator } from '../../emulator/index.js';

/** An emulator of its own for `body`, stopped afterwards whatever happens (concurrent tests). */
export async function withEmulator<T>(
  body: (emulator: IdentityCenterEmulator) => Promise<T>,
  options: EmulatorOptions = {},
): Promise<T> {
  const emulator = await IdentityCenterEmulator.start(options);
  try {
    return await body(emulator);
  } finally {
    await emulator.stop();
  }
}

/**
 * The endpoint variables the SDK (and so the action and the CLI) honour, pointing at it: both
 * IAM Identity Center APIs, and STS for role-to-assume.
 */
export function endpointEnv(emulator: IdentityCenterEmulator): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
  };
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

/** The CreateToken device-code polls the emulator has answered so far, by outcome. */
export function devicePolls(emulator: IdentityCenterEmulator): string[] {
  return requestsTo(emulator, '/token')
    .filter((r) => (r.body as { grantType?: string })?.grantType?.includes('device_code'))
    .map((r) => r.errorType ?? String(r.status));
}

/**
 * `count` accounts with 1, 2 or 3 roles in turn (ReadOnly; + PowerUserAccess; + AdministratorAccess),
 * assigned in descending id order so that sorting is visible: 300 of them make 600 account-role
 * pairs, 100 of them AdministratorAccess. The emulator's `accountCount` seeds the same; so does
 * the bench.
 */
export function manyAccounts(count: number): AccountSpec[] {
  return generateAccounts(count);
}

/** The seeded session's document with an access token already past its expiry: a step must refresh. */
export function expiredSessionDocument(
  emulator: IdentityCenterEmulator,
  seeded: SeededSession,
): Record<string, unknown> {
  return {
    ...emulator.sessionDocument(seeded),
    expiresAt: new Date(Date.now() - 60_000).toISOString(),
  };
}
