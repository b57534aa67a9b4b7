import { neutralise, neutraliseJson } from '../secrets/neutralise.js';
import { AwsEnv } from '../shared/aws-env.js';
import type { AccountWithRoles } from '../sso/accounts.js';
import type { RoleCredentials } from '../sso/credentials.js';

/** What the commands print on stdout. */

export const CREDENTIAL_FORMATS = ['env', 'json', 'credential-process'] as const;
export type CredentialFormat = (typeof CREDENTIAL_FORMATS)[number];

export function isCredentialFormat(value: string): value is CredentialFormat {
  return (CREDENTIAL_FORMATS as readonly string[]).includes(value);
}

/** POSIX single quotes: nothing inside is expanded; a quote itself becomes '\''. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export interface CredentialsTarget {
  readonly accountId: string;
  readonly roleName: string;
}

export function formatCredentials(
  credentials: RoleCredentials,
  format: CredentialFormat,
  target: CredentialsTarget,
): string {
  const expiration = credentials.expiration.toISOString();
  switch (format) {
    case 'env':
      return envLines(credentials, expiration);
    case 'json':
      return `${neutraliseJson(JSON.stringify({ ...target, ...withoutExpiration(credentials), expiration }, null, 2))}\n`;
    case 'credential-process':
      // The shape the AWS CLI and SDKs read from a credential_process command (Version 1).
      return `${neutraliseJson(
        JSON.stringify({
          Version: 1,
          AccessKeyId: credentials.accessKeyId,
          SecretAccessKey: credentials.secretAccessKey,
          SessionToken: credentials.sessionToken,
          Expiration: expiration,
        }),
      )}\n`;
  }
}

function withoutExpiration(credentials: RoleCredentials) {
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  return { accessKeyId, secretAccessKey, sessionToken };
}

function envLines(credentials: RoleCredentials, expiration: string): string {
  const variables: [string, string][] = [
    [AwsEnv.AccessKeyId, credentials.accessKeyId],
    [AwsEnv.SecretAccessKey, credentials.secretAccessKey],
    [AwsEnv.SessionToken, credentials.sessionToken],
    // The SDKs read this to know when to stop using the credentials.
    [AwsEnv.CredentialExpiration, expiration],
  ];
  return variables.map(([name, value]) => `export ${name}=${shellQuote(value)}\n`).join('');
}

/**
 * One row per account, roles comma-separated, columns padded to the widest cell. Names and
 * emails come from the service: each cell is neutralised (one line, no escape sequences).
 */
export function formatAccountsTable(accounts: readonly AccountWithRoles[]): string {
  const rows = [
    ['ACCOUNT ID', 'NAME', 'EMAIL', 'ROLES'],
    ...accounts.map((account) =>
      [
        account.accountId,
        account.accountName,
        account.emailAddress ?? '',
        account.roles.join(', '),
      ].map(neutralise),
    ),
  ];
  const widths = [0, 1, 2].map((column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${rows.map(line).join('\n')}\n`;
}

export function formatAccountsJson(accounts: readonly AccountWithRoles[]): string {
  return `${neutraliseJson(JSON.stringify(accounts, null, 2))}\n`;
}
