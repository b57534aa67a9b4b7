import { displayAccountId, writeStepSummary } from '../runner/step-summary.js';
import type { AccessToken } from '../sso/token.js';
import type { ObtainedCredentials } from '../sso/token-session.js';
import type { AssumedRole } from '../sts/assume-role.js';
import { timeUntil } from '../time/relative-time.js';
import type { ProfilesSettings, RoleSettings } from './inputs.js';
import type { ObtainedProfiles } from './profile-credentials.js';

/** The step summary: names and times only, never a token or credential. */

function when(date: Date | undefined, now: Date): string {
  return date ? `${date.toISOString()} (${timeUntil(date, now)})` : 'not known';
}

/** What is known about the access token and the secrets behind it. */
function tokenRows(token: AccessToken, now: Date): string[][] {
  const rows = [
    [
      'Access token',
      `${token.refreshed ? 'refreshed' : 'used as given'}; expires ${when(token.expiresAt, now)}`,
    ],
  ];
  if (token.registrationExpiresAt)
    rows.push(['Client registration expires', when(token.registrationExpiresAt, now)]);
  if (token.rotatedRefreshToken)
    rows.push(['Refresh token', 'rotated: replace the stored secret (output refresh-token)']);
  return rows;
}

/**
 * Summary rows for one account and permission set, and with role-to-assume the second hop: the
 * role assumed with the permission set's credentials, whose credentials the job got.
 */
export function summaryRows(
  settings: RoleSettings,
  obtained: ObtainedCredentials,
  now: Date,
  chained?: AssumedRole,
): string[][] {
  const rows = [
    ['Account', displayAccountId(settings.accountId, settings.maskAccountId)],
    ['Permission set', settings.roleName],
    ...(chained ? chainRows(settings, chained) : []),
    ['IAM Identity Center region', settings.ssoRegion],
    ['Credentials expire', when((chained ?? obtained).credentials.expiration, now)],
    ...tokenRows(obtained.token, now),
  ];
  if (settings.awsRegion) rows.push(['AWS region', settings.awsRegion]);
  rows.push(['Exported to the environment', settings.exportEnv ? 'yes' : 'no']);
  if (settings.profile) rows.push(['Profile', settings.profile]);
  return rows;
}

/** The second hop: the role (its account shown as the first one is) and the session name. */
function chainRows(settings: RoleSettings, chained: AssumedRole): string[][] {
  const account = displayAccountId(chained.accountId, settings.maskAccountId);
  // arn:PARTITION:iam::ACCOUNT:role/NAME: the account is the fifth field.
  const fields = settings.chain?.roleArn.split(':') ?? [];
  if (fields.length > 4) fields[4] = account;
  const role = fields.join(':');
  return [
    ['Then assumed (role-to-assume)', role],
    ['Role session name', settings.chain?.sessionName ?? ''],
  ];
}

/** Summary rows for the `profiles` input: the step, then one row per profile. */
export function profilesSummaryRows(
  settings: ProfilesSettings,
  obtained: ObtainedProfiles,
  now: Date,
): { step: string[][]; profiles: string[][] } {
  const step = [
    ['IAM Identity Center region', settings.ssoRegion],
    ...tokenRows(obtained.token, now),
  ];
  if (settings.awsRegion) step.push(['AWS region', settings.awsRegion]);
  step.push(['Exported to the environment', 'no (choose a profile with AWS_PROFILE or --profile)']);
  const profiles = obtained.profiles.map(({ spec, credentials }) => [
    spec.profile,
    displayAccountId(spec.accountId, settings.maskAccountId),
    spec.roleName,
    when(credentials.expiration, now),
  ]);
  return { step, profiles };
}

const HEADING = 'AWS credentials from IAM Identity Center';

/** Writes the step summary for one role. */
export async function writeSummary(
  settings: RoleSettings,
  obtained: ObtainedCredentials,
  now = new Date(),
  chained?: AssumedRole,
): Promise<void> {
  await writeStepSummary(HEADING, [
    [['Item', 'Value'], ...summaryRows(settings, obtained, now, chained)],
  ]);
}

/** Writes the step summary for the `profiles` input. */
export async function writeProfilesSummary(
  settings: ProfilesSettings,
  obtained: ObtainedProfiles,
  now = new Date(),
): Promise<void> {
  const { step, profiles } = profilesSummaryRows(settings, obtained, now);
  await writeStepSummary(HEADING, [
    [['Item', 'Value'], ...step],
    [['Profile', 'Account', 'Permission set', 'Credentials expire'], ...profiles],
  ]);
}
