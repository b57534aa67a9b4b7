import * as core from '@actions/core';
import type { ClientOptions } from './clients.js';
import { Inputs, Outputs } from './constants.js';
import { describeError } from './errors.js';
import { expiryWarnings } from './expiry.js';
import { publishCredentials } from './export.js';
import { type ActionSettings, getSettings, SECRET_INPUTS } from './inputs.js';
import { maskInLogs, maskProxyCredentials, maskSecretInputs } from './masking.js';
import { obtainRoleCredentials } from './obtain.js';
import { proxyFromEnvironment, redactProxyUrl } from './proxy.js';
import { describeCause } from './service-errors.js';
import { writeSummary } from './summary.js';

/**
 * The main step. Order matters: secrets are masked before anything can print them, inputs are
 * checked before any request, and nothing reaches the job until everything has succeeded.
 */
export async function run(): Promise<void> {
  try {
    maskSecretInputs(SECRET_INPUTS, maskInLogs);
    maskProxyCredentials(core.getInput(Inputs.HttpProxy) || proxyFromEnvironment(), maskInLogs);
    const settings = getSettings();
    if (settings.maskAccountId) maskInLogs(settings.accountId);
    core.info(
      `Getting credentials for '${settings.roleName}' in account ${settings.accountId} (IAM Identity Center in ${settings.ssoRegion}).`,
    );
    if (settings.proxy) {
      core.info(
        `Using the proxy ${redactProxyUrl(settings.proxy.url)} (from ${settings.proxy.source}).`,
      );
    }
    const request = { ...settings, clientOptions: clientOptions(settings) };
    const obtained = await obtainRoleCredentials(request, maskInLogs);
    await publishCredentials(settings, obtained);
    if (obtained.token.rotatedRefreshToken) warnRotated(settings.tokenSource.kind);
    for (const warning of expiryWarnings(obtained.token, obtained.credentials))
      core.warning(warning);
    core.info(`Credentials expire at ${obtained.credentials.expiration.toISOString()}.`);
    await writeSummary(settings, obtained);
  } catch (error) {
    core.setFailed(describeError(error));
  }
}

function clientOptions(settings: ActionSettings): ClientOptions {
  return {
    maxAttempts: settings.maxAttempts,
    ...(settings.proxy ? { proxy: settings.proxy } : {}),
    onRetry: ({ attempt, maxAttempts, delayMs, error }) =>
      core.info(
        `Attempt ${attempt} of ${maxAttempts} failed (${describeCause(error)}); retrying in ${(delayMs / 1000).toFixed(1)}s.`,
      ),
  };
}

function warnRotated(source: string): void {
  const secret =
    source === Inputs.SsoSession
      ? `the secret you pass as '${Inputs.SsoSession}' with this step's '${Outputs.SsoSession}' output`
      : `the secret you pass as '${Inputs.RefreshToken}' with this step's '${Outputs.RefreshToken}' output`;
  core.warning(
    `IAM Identity Center rotated the refresh token: the stored one may no longer work. Replace ${secret} (masked) before the next run.`,
  );
}
