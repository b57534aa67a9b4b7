import * as core from '@actions/core';
import { timeUntil } from './expiry.js';
import type { ActionSettings } from './inputs.js';
import type { ObtainedCredentials } from './obtain.js';

/** The account id as the summary shows it: the last four digits only when it is masked. */
export function displayAccountId(settings: ActionSettings): string {
  return settings.maskAccountId ? `********${settings.accountId.slice(-4)}` : settings.accountId;
}

function when(date: Date | undefined, now: Date): string {
  return date ? `${date.toISOString()} (${timeUntil(date, now)})` : 'not known';
}

/** Summary rows: names and times only, never a token or credential. */
export function summaryRows(
  settings: ActionSettings,
  obtained: ObtainedCredentials,
  now: Date,
): string[][] {
  const { token, credentials } = obtained;
  const rows = [
    ['Account', displayAccountId(settings)],
    ['Permission set', settings.roleName],
    ['IAM Identity Center region', settings.ssoRegion],
    ['Credentials expire', when(credentials.expiration, now)],
    [
      'Access token',
      `${token.refreshed ? 'refreshed' : 'used as given'}; expires ${when(token.expiresAt, now)}`,
    ],
  ];
  if (token.registrationExpiresAt)
    rows.push(['Client registration expires', when(token.registrationExpiresAt, now)]);
  if (token.rotatedRefreshToken)
    rows.push(['Refresh token', 'rotated: replace the stored secret (output refresh-token)']);
  if (settings.awsRegion) rows.push(['AWS region', settings.awsRegion]);
  rows.push(['Exported to the environment', settings.exportEnv ? 'yes' : 'no']);
  if (settings.profile) rows.push(['Profile', settings.profile]);
  return rows;
}

/** Writes the step summary when the runner provides one; a failure here is only a warning. */
export async function writeSummary(
  settings: ActionSettings,
  obtained: ObtainedCredentials,
  now = new Date(),
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary
      .addHeading('AWS credentials from IAM Identity Center', 3)
      .addTable([
        [
          { data: 'Item', header: true },
          { data: 'Value', header: true },
        ],
        ...summaryRows(settings, obtained, now),
      ])
      .write();
  } catch (error) {
    core.warning(
      `Could not write the step summary: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
