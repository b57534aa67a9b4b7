/**
 * Formats of the values that reach AWS or a file. Shared by the action's inputs and the CLI's
 * flags so that both refuse the same things before any request is made.
 */

export const ACCOUNT_ID = /^\d{12}$/;

/** IAM role-name characters, as permission set names allow them. */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** Profile names that are safe as an INI section header in the shared credentials file. */
export const PROFILE_NAME = /^[A-Za-z0-9._@+-]{1,128}$/;

/**
 * Region names of the AWS partitions (botocore's partitions.json `regionRegex` values): a typo
 * such as `us-east` or `useast1` fails here instead of as an unreachable host.
 */
const PARTITION_REGIONS = [
  /^(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d{1,2}$/,
  /^cn-[a-z]+-\d{1,2}$/,
  /^us-gov-[a-z]+-\d{1,2}$/,
  /^eusc-de-[a-z]+-\d{1,2}$/,
  /^(?:us-iso|us-isob|us-isof|eu-isoe)-[a-z]+-\d{1,2}$/,
];

export function isRegion(value: string): boolean {
  return PARTITION_REGIONS.some((pattern) => pattern.test(value));
}
