/**
 * The ARNs STS AssumeRole takes, checked before any request: a role to assume and the managed
 * policies that narrow its session. IAM allows paths (`role/path/to/Name`); names and path
 * segments use the IAM name characters.
 */

const PARTITION = '(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
const IAM_NAME = '[\\w+=,.@-]';

/** `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`; groups: partition, account id, path, name. */
export const ROLE_ARN = new RegExp(
  `^arn:${PARTITION}:iam::(\\d{12}):role/((?:${IAM_NAME}+/)*)(${IAM_NAME}{1,64})$`,
);

/** A role name with an optional path (`Deployer`, `ci/Deployer`): a role in the same account. */
export const ROLE_NAME_WITH_PATH = new RegExp(`^(?:${IAM_NAME}+/)*${IAM_NAME}{1,64}$`);

/** A customer managed (12-digit account) or AWS managed (`aws`) policy. */
export const POLICY_ARN = new RegExp(
  `^arn:${PARTITION}:iam::(?:\\d{12}|aws):policy/(?:${IAM_NAME}+/)*${IAM_NAME}{1,128}$`,
);

/** STS's RoleSessionName: 2 to 64 of letters, digits and `+=,.@_-`. */
export const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** STS's ExternalId: 2 to 1224 of letters, digits and `+=,.@:/_-`. */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** The parts of a role ARN, or undefined when it is not one. */
export function roleArnParts(
  arn: string,
): { partition: string; accountId: string; roleName: string } | undefined {
  const match = ROLE_ARN.exec(arn);
  if (!match) return undefined;
  return { partition: match[1] ?? '', accountId: match[2] ?? '', roleName: match[4] ?? '' };
}

/** The partition of a region's ARNs: `aws-cn` for cn-*, `aws-us-gov` for us-gov-*, and so on. */
export function partitionOf(region: string): string {
  const prefixes: [string, string][] = [
    ['cn-', 'aws-cn'],
    ['us-gov-', 'aws-us-gov'],
    ['us-isob-', 'aws-iso-b'],
    ['us-isof-', 'aws-iso-f'],
    ['eu-isoe-', 'aws-iso-e'],
    ['us-iso-', 'aws-iso'],
    ['eusc-', 'aws-eusc'],
  ];
  return prefixes.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

/**
 * The ARN of an assumed-role session (`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`) as STS
 * returns it in AssumedRoleUser; groups: account id, role name, session name.
 */
export const ASSUMED_ROLE_ARN = new RegExp(
  `^arn:${PARTITION}:sts::(\\d{12}):assumed-role/(${IAM_NAME}{1,64})/([\\w+=,.@-]{2,64})$`,
);
