import * as core from '@actions/core';
import type { WriteBackSettings } from '../github-api/write-back-inputs.js';
import { Inputs, Outputs } from '../runner/constants.js';
import * as log from '../runner/log.js';
import { maskInLogs } from '../runner/masking.js';
import { describeError, UserError } from '../shared/errors.js';
import { renewedSession, serializeSsoSession } from '../sso/session.js';
import type { AccessToken } from '../sso/token.js';
import type { TokenSettings, TokenSource } from './token-inputs.js';
import { LOGIN_HINT } from './vocabulary.js';

/**
 * A refresh that rotated the refresh token: the stored secret may stop working, so the new one
 * must reach the workflow whichever action (main or list-accounts) did the refresh, and however
 * the rest of the step goes. Credentials are another matter: the caller publishes them only
 * when everything, the write-back included, has succeeded.
 */

/**
 * Runs the step's work, telling it where to report the token the moment it is resolved. Then,
 * whether the work succeeded or failed, a rotation is surfaced: the masked outputs, and either
 * the write-back or a warning. A failed work keeps its own error (a failed write-back is added
 * as another error annotation); a failed write-back alone fails the step.
 */
export async function surfacingRotation<T>(
  settings: TokenSettings,
  work: (onToken: (token: AccessToken) => void) => Promise<T>,
): Promise<T> {
  let token: AccessToken | undefined;
  let outcome: { readonly value: T } | { readonly error: unknown };
  try {
    outcome = { value: await work((resolved) => (token = resolved)) };
  } catch (error) {
    outcome = { error };
  }
  const writeBackError = token ? await surfaceRotation(settings, token) : undefined;
  if ('error' in outcome) {
    if (writeBackError) log.error(describeError(writeBackError));
    throw outcome.error;
  }
  if (writeBackError) throw writeBackError;
  return outcome.value;
}

/** Outputs and warning (or write-back) for a rotated token; the write-back's failure is returned. */
async function surfaceRotation(
  settings: TokenSettings,
  token: AccessToken,
): Promise<UserError | undefined> {
  if (!token.rotatedRefreshToken) return undefined;
  const value = setRotationOutputs(settings.tokenSource, token);
  if (!settings.writeBack) {
    warnRotated(settings.tokenSource);
    return undefined;
  }
  try {
    await writeBack(settings, settings.writeBack, value);
    return undefined;
  } catch (error) {
    warnRotated(settings.tokenSource);
    return new UserError(
      `${describeError(error)} The rotated value is still in this step's '${outputOf(settings.tokenSource)}' output (masked).`,
    );
  }
}

/** Loaded only here: the GitHub client and libsodium are a chunk of their own. */
async function writeBack(
  settings: TokenSettings,
  target: WriteBackSettings,
  value: string,
): Promise<void> {
  const { writeSecret } = await import('../github-api/secret-writer.js');
  const outcome = await writeSecret(target, value, settings.proxy);
  const where = target.environment
    ? `the secret '${target.secretName}' of the environment '${target.environment}'`
    : `the repository secret '${target.secretName}'`;
  log.info(
    `IAM Identity Center rotated the refresh token; ${where} now holds the new ${settings.tokenSource.kind === 'sso-session' ? 'session document' : 'refresh token'} (${outcome}).`,
  );
}

/**
 * The rotated refresh token (and, for sso-session, the renewed document) as masked outputs.
 * Returns what the stored secret must become: the token, or the whole document.
 */
function setRotationOutputs(source: TokenSource, token: AccessToken): string {
  core.setOutput(Outputs.RefreshToken, token.rotatedRefreshToken ?? '');
  const value = secretValue(source, token);
  if (source.kind === 'sso-session') core.setOutput(Outputs.SsoSession, value);
  return value;
}

/** What the stored secret must become: the rotated token, or the whole renewed document (masked). */
function secretValue(source: TokenSource, token: RenewedToken): string {
  if (source.kind !== 'sso-session') return token.rotatedRefreshToken ?? '';
  const document = serializeSsoSession(renewedSession(source.session, token), 0);
  maskInLogs(document);
  return document;
}

/** A refresh's outcome as far as the stored secret is concerned. */
export type RenewedToken = Pick<AccessToken, 'accessToken' | 'expiresAt' | 'rotatedRefreshToken'>;

/**
 * After the job (renew-credentials' post step): a tool of the job refreshed the token and the
 * service rotated the refresh token. No output can carry it any more, so it is written back
 * with update-secret, or a warning says that the stored secret may no longer work. Never throws:
 * the post step must go on to its cleanup.
 */
export async function surfaceRotationAfterJob(
  settings: TokenSettings,
  token: RenewedToken & { readonly rotatedRefreshToken: string },
): Promise<void> {
  const value = secretValue(settings.tokenSource, token);
  let failure = '';
  if (settings.writeBack) {
    try {
      await writeBack(settings, settings.writeBack, value);
      return;
    } catch (error) {
      failure = ` ${describeError(error)}`;
    }
  }
  warnRotatedAfterJob(settings, failure);
}

/** The stored secret may no longer work: which input, why (`failure`), and what to do. */
export function warnRotatedAfterJob(
  settings: TokenSettings,
  failure: string,
  what = 'A tool in this job refreshed the access token and IAM Identity Center rotated the refresh token',
): void {
  const input =
    settings.tokenSource.kind === 'sso-session' ? Inputs.SsoSession : Inputs.RefreshToken;
  const remedy = settings.writeBack
    ? LOGIN_HINT
    : `give '${Inputs.UpdateSecret}' so that the post step writes it back, or ${LOGIN_HINT}`;
  log.warning(
    `${what}: the secret you pass as '${input}' may no longer work.${failure} Before the next run, ${remedy}.`,
  );
}

/** The step's own client registration (from its inputs, never from a file), if it has one. */
export function registrationOf(
  source: TokenSource,
): { readonly clientId: string; readonly clientSecret: string } | undefined {
  if (source.kind === 'refresh-token') return source;
  if (source.kind !== 'sso-session') return undefined;
  const { clientId, clientSecret } = source.session;
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}

function outputOf(source: TokenSource): string {
  return source.kind === 'sso-session' ? Outputs.SsoSession : Outputs.RefreshToken;
}

/** A warning annotation that says which secret to replace with which output. */
function warnRotated(source: TokenSource): void {
  const input = source.kind === 'sso-session' ? Inputs.SsoSession : Inputs.RefreshToken;
  log.warning(
    `IAM Identity Center rotated the refresh token: the stored one may no longer work. Replace the secret you pass as '${input}' with this step's '${outputOf(source)}' output (masked) before the next run, or let the step do it with '${Inputs.UpdateSecret}'.`,
  );
}
