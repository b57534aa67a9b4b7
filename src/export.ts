import * as core from '@actions/core';
import { AwsEnv, Outputs } from './constants.js';
import type { RoleCredentials } from './credentials.js';
import { credentialsFilePath, writeProfile } from './credentials-file.js';
import type { ActionSettings } from './inputs.js';
import { maskInLogs } from './masking.js';
import type { ObtainedCredentials } from './obtain.js';
import { renewedSession, type SsoSession, serializeSsoSession } from './session.js';
import { saveWrittenProfile } from './state.js';
import type { AccessToken } from './token.js';

/**
 * Hands the credentials to the job. Called only once everything has been obtained, and the
 * step that can fail (the profile write) comes first: a failure leaves nothing exported.
 */
export async function publishCredentials(
  settings: ActionSettings,
  obtained: ObtainedCredentials,
): Promise<void> {
  const { token, credentials } = obtained;
  if (settings.profile) {
    const written = await writeProfile(credentialsFilePath(), settings.profile, credentials);
    saveWrittenProfile(written);
    core.info(`Wrote profile '${settings.profile}' to ${written.file}.`);
  }
  if (settings.exportEnv) exportEnvironment(credentials);
  if (settings.awsRegion) exportRegion(settings.awsRegion);
  setOutputs(settings, token, credentials);
}

function exportEnvironment(credentials: RoleCredentials): void {
  core.exportVariable(AwsEnv.AccessKeyId, credentials.accessKeyId);
  core.exportVariable(AwsEnv.SecretAccessKey, credentials.secretAccessKey);
  core.exportVariable(AwsEnv.SessionToken, credentials.sessionToken);
  // The AWS SDKs read this to know when to stop using the credentials.
  core.exportVariable(AwsEnv.CredentialExpiration, credentials.expiration.toISOString());
}

function exportRegion(region: string): void {
  core.exportVariable(AwsEnv.Region, region);
  core.exportVariable(AwsEnv.DefaultRegion, region);
}

function setOutputs(
  settings: ActionSettings,
  token: AccessToken,
  credentials: RoleCredentials,
): void {
  core.setOutput(Outputs.AccountId, settings.accountId);
  core.setOutput(Outputs.Expiration, credentials.expiration.toISOString());
  core.setOutput(
    Outputs.ExpirationEpoch,
    String(Math.floor(credentials.expiration.getTime() / 1000)),
  );
  if (token.expiresAt) core.setOutput(Outputs.AccessTokenExpiration, token.expiresAt.toISOString());
  if (settings.outputCredentials) {
    core.setOutput(Outputs.AccessKeyId, credentials.accessKeyId);
    core.setOutput(Outputs.SecretAccessKey, credentials.secretAccessKey);
    core.setOutput(Outputs.SessionToken, credentials.sessionToken);
  }
  if (token.rotatedRefreshToken) {
    core.setOutput(Outputs.RefreshToken, token.rotatedRefreshToken);
    if (settings.tokenSource.kind === 'sso-session')
      setRenewedSession(settings.tokenSource.session, token);
  }
}

/** The whole document with the rotated refresh token, ready to store back as the secret. */
function setRenewedSession(session: SsoSession, token: AccessToken): void {
  const document = serializeSsoSession(renewedSession(session, token), 0);
  maskInLogs(document);
  core.setOutput(Outputs.SsoSession, document);
}
