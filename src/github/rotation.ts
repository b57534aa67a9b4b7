import * as core from '@actions/core';
import { ActionError, describeError } from '../shared/errors.js';
import { renewedSession, type SsoSession, serializeSsoSession } from '../sso/session.js';
import type { AccessToken } from '../sso/token.js';
import { Inputs, Outputs } from './constants.js';
import * as log from './log.js';
import { maskInLogs } from './masking.js';
import type { TokenSettings, TokenSource } from './token-inputs.js';
import type { WriteBackSettings } from './write-back-inputs.js';

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
): Promise<ActionError | undefined> {
  if (!token.rotatedRefreshToken) return undefined;
  const value = setRotationOutputs(settings.tokenSource, token);
  if (!settings.writeBack) {
    warnRotated(settings.tokenSource);
    return undefined;
  }
  try {
    await writeBack(settings, value);
    return undefined;
  } catch (error) {
    warnRotated(settings.tokenSource);
    return new ActionError(
      `${describeError(error)} The rotated value is still in this step's '${outputOf(settings.tokenSource)}' output (masked).`,
    );
  }
}

/** Loaded only here: the GitHub client and libsodium are a chunk of their own. */
async function writeBack(settings: TokenSettings, value: string): Promise<void> {
  const target = settings.writeBack as WriteBackSettings;
  const { writeSecret } = await import('./secret-writer.js');
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
  const rotated = token.rotatedRefreshToken ?? '';
  core.setOutput(Outputs.RefreshToken, rotated);
  if (source.kind !== 'sso-session') return rotated;
  return setRenewedSession(source.session, token);
}

/** The whole document with the rotated refresh token, ready to store back as the secret. */
function setRenewedSession(session: SsoSession, token: AccessToken): string {
  const document = serializeSsoSession(renewedSession(session, token), 0);
  maskInLogs(document);
  core.setOutput(Outputs.SsoSession, document);
  return document;
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
