import * as core from '@actions/core';
import { renewedSession, type SsoSession, serializeSsoSession } from '../sso/session.js';
import type { AccessToken } from '../sso/token.js';
import { Inputs, Outputs } from './constants.js';
import { maskInLogs } from './masking.js';
import type { TokenSource } from './token-inputs.js';

/**
 * A refresh that rotated the refresh token: the stored secret may stop working, so the new one
 * must reach the workflow whichever action (main or list-accounts) did the refresh.
 */

/** The rotated refresh token (and, for sso-session, the renewed document) as masked outputs. */
export function setRotationOutputs(source: TokenSource, token: AccessToken): void {
  if (!token.rotatedRefreshToken) return;
  core.setOutput(Outputs.RefreshToken, token.rotatedRefreshToken);
  if (source.kind === 'sso-session') setRenewedSession(source.session, token);
}

/** The whole document with the rotated refresh token, ready to store back as the secret. */
function setRenewedSession(session: SsoSession, token: AccessToken): void {
  const document = serializeSsoSession(renewedSession(session, token), 0);
  maskInLogs(document);
  core.setOutput(Outputs.SsoSession, document);
}

/** A warning annotation that says which secret to replace with which output. */
export function warnIfRotated(source: TokenSource, token: AccessToken): void {
  if (!token.rotatedRefreshToken) return;
  const secret =
    source.kind === 'sso-session'
      ? `the secret you pass as '${Inputs.SsoSession}' with this step's '${Outputs.SsoSession}' output`
      : `the secret you pass as '${Inputs.RefreshToken}' with this step's '${Outputs.RefreshToken}' output`;
  core.warning(
    `IAM Identity Center rotated the refresh token: the stored one may no longer work. Replace ${secret} (masked) before the next run.`,
  );
}
