import { privateFileWording } from '../disk/platform.js';
import type { SsoSession } from '../sso/session.js';
import { timeUntil } from '../time/relative-time.js';

/** Where `login` put the session document: a file, a GitHub secret, or (neither) stdout. */
export interface Destination {
  readonly file?: string | undefined;
  readonly secret?: string | undefined;
}

function when(date: Date | undefined, now: Date): string {
  return date ? `${date.toISOString()} (${timeUntil(date, now)})` : 'not reported by the service';
}

function whereWritten(destination: Destination, platform: NodeJS.Platform): string[] {
  const lines: string[] = [];
  if (destination.file)
    lines.push(
      `Wrote the session document to ${destination.file} (${privateFileWording(platform)}).`,
    );
  if (destination.secret)
    lines.push(`Stored the session document as the GitHub secret ${destination.secret}.`);
  if (lines.length === 0) lines.push('Printed the session document on stdout.');
  return lines;
}

/** The three lifetimes that decide when the stored secrets stop working, and what to do then. */
function lifetimes(session: SsoSession, now: Date): string[] {
  const access = `  access token         expires ${when(session.expiresAt, now)}`;
  if (!session.refreshToken) {
    return [
      `${access}; it cannot be renewed:`,
      '  IAM Identity Center issued no refresh token, so the document stops working then.',
    ];
  }
  return [
    `${access}; renewed with the refresh token`,
    '  refresh session      ends with the IAM Identity Center session duration (8 hours by default,',
    '                       up to 90 days; not reported by the service), or at sign-out: then run login again',
    `  client registration  expires ${when(session.registrationExpiresAt, now)}: then run login again`,
  ];
}

function secretAdvice(destination: Destination, region: string | undefined): string[] {
  if (destination.secret) return [];
  const file = destination.file ?? 'FILE';
  return [
    '',
    'Store it as GitHub secrets, either the whole document as SSO_SESSION (input sso-session):',
    `  gh secret set SSO_SESSION < ${file}`,
    `or three of its values (inputs refresh-token, client-id, client-secret; sso-region: ${region ?? 'REGION'}):`,
    '  SSO_REFRESH_TOKEN  the value of "refreshToken"',
    '  SSO_CLIENT_ID      the value of "clientId"',
    '  SSO_CLIENT_SECRET  the value of "clientSecret"',
  ];
}

/** The lines `login` prints on stderr when it is done: names and times only, never a secret. */
export function loginSummary(
  session: SsoSession,
  destination: Destination,
  now: Date = new Date(),
  platform: NodeJS.Platform = process.platform,
): string {
  return `\n${[
    `Signed in to ${session.startUrl} (${session.region}).`,
    ...whereWritten(destination, platform),
    ...lifetimes(session, now),
    ...secretAdvice(destination, session.region),
  ].join('\n')}\n`;
}
