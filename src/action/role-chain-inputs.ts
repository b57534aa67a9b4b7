import * as core from '@actions/core';
import { Inputs } from '../runner/constants.js';
import { getBoolean, getOptionalMatching } from '../runner/input-readers.js';
import { InputError } from '../shared/errors.js';
import { ACCOUNT_ID } from '../shared/validation.js';
import {
  EXTERNAL_ID,
  POLICY_ARN,
  partitionOf,
  ROLE_NAME_WITH_PATH,
  ROLE_SESSION_NAME,
  roleArnParts,
} from '../sts/arns.js';

/**
 * role-to-assume and its companions (the names and meanings configure-aws-credentials gives
 * them), and the two guards its users reach for: allowed-account-ids and
 * unset-current-credentials. Each error names the input and never repeats its value unless it
 * passed its format check.
 */

/** The second hop: sts:AssumeRole with the permission set's credentials. */
export interface RoleChainSettings {
  readonly roleArn: string;
  /** The account of the role to assume: the account of the credentials handed to the job. */
  readonly accountId: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly externalId?: string | undefined;
  /** The inline session policy, re-serialised without whitespace (STS counts every character). */
  readonly inlinePolicy?: string | undefined;
  readonly managedPolicyArns: readonly string[];
}

/** The inputs that mean something only with role-to-assume. */
export const CHAIN_COMPANIONS = [
  Inputs.RoleSessionName,
  Inputs.RoleDurationSeconds,
  Inputs.RoleExternalId,
  Inputs.InlineSessionPolicy,
  Inputs.ManagedSessionPolicies,
] as const;

/** STS caps a session assumed with a role's credentials (role chaining) at one hour. */
export const CHAINED_SESSION_MAX_SECONDS = 3600;
const MIN_DURATION_SECONDS = 900;
/** AssumeRole's Policy and PolicyArns together: at most 2,048 characters of plain text. */
const MAX_POLICY_CHARACTERS = 2048;
const MAX_MANAGED_POLICIES = 10;

/**
 * role-to-assume and its companions; undefined when role-to-assume is empty (then every
 * companion must be empty too: a session name or duration that silently does nothing would
 * hide a mistake). A role name without `arn:` is a role in the permission set's account.
 */
export function getRoleChain(
  sourceAccountId: string,
  ssoRegion: string,
  env: NodeJS.ProcessEnv = process.env,
): RoleChainSettings | undefined {
  const given = core.getInput(Inputs.RoleToAssume);
  if (!given) {
    for (const input of CHAIN_COMPANIONS) {
      if (core.getInput(input)) throw new InputError(input, `needs '${Inputs.RoleToAssume}'`);
    }
    return undefined;
  }
  const roleArn = roleArnOf(given, sourceAccountId, ssoRegion);
  return {
    roleArn,
    accountId: roleArnParts(roleArn)?.accountId ?? '',
    sessionName:
      getOptionalMatching(
        Inputs.RoleSessionName,
        ROLE_SESSION_NAME,
        'must be 2-64 letters, digits or +=,.@_- (STS RoleSessionName)',
      ) ?? defaultSessionName(env),
    durationSeconds: getDuration(),
    externalId: getOptionalMatching(
      Inputs.RoleExternalId,
      EXTERNAL_ID,
      'must be 2-1224 letters, digits or +=,.@:/_- (STS ExternalId)',
    ),
    inlinePolicy: getInlinePolicy(),
    managedPolicyArns: getManagedPolicies(),
  };
}

function roleArnOf(given: string, sourceAccountId: string, ssoRegion: string): string {
  if (roleArnParts(given)) return given;
  if (!given.startsWith('arn:') && ROLE_NAME_WITH_PATH.test(given)) {
    return `arn:${partitionOf(ssoRegion)}:iam::${sourceAccountId}:role/${given}`;
  }
  throw new InputError(
    Inputs.RoleToAssume,
    'must be a role ARN (arn:aws:iam::123456789012:role/NAME, a path allowed before NAME) or a role name in the account of account-id',
  );
}

/**
 * Identifies the run in CloudTrail: GitHubActions-RUN_ID-ATTEMPT (at most 64 characters, as
 * both are numbers), or GitHubActions outside a runner.
 */
export function defaultSessionName(env: NodeJS.ProcessEnv): string {
  const { GITHUB_RUN_ID: run, GITHUB_RUN_ATTEMPT: attempt } = env;
  if (!run || !/^\d{1,20}$/.test(run)) return 'GitHubActions';
  return /^\d{1,10}$/.test(attempt ?? '')
    ? `GitHubActions-${run}-${attempt}`
    : `GitHubActions-${run}`;
}

function getDuration(): number {
  const value = core.getInput(Inputs.RoleDurationSeconds);
  if (value === '') return CHAINED_SESSION_MAX_SECONDS;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < MIN_DURATION_SECONDS) {
    throw new InputError(
      Inputs.RoleDurationSeconds,
      `must be a whole number of seconds from ${MIN_DURATION_SECONDS} to ${CHAINED_SESSION_MAX_SECONDS}`,
    );
  }
  if (seconds > CHAINED_SESSION_MAX_SECONDS) {
    throw new InputError(
      Inputs.RoleDurationSeconds,
      `must be at most ${CHAINED_SESSION_MAX_SECONDS}: STS limits a role assumed with another role's credentials (role chaining, as here, where the first role is the permission set's) to a 1-hour session, whatever the role's maximum session duration`,
    );
  }
  return seconds;
}

function getInlinePolicy(): string | undefined {
  const text = core.getInput(Inputs.InlineSessionPolicy);
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(Inputs.InlineSessionPolicy, 'is not valid JSON (an IAM policy document)');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError(
      Inputs.InlineSessionPolicy,
      'must be a JSON object (an IAM policy document)',
    );
  }
  const compact = JSON.stringify(parsed);
  if (compact.length > MAX_POLICY_CHARACTERS) {
    throw new InputError(
      Inputs.InlineSessionPolicy,
      `is ${compact.length} characters without whitespace; STS takes at most ${MAX_POLICY_CHARACTERS}`,
    );
  }
  return compact;
}

/** One policy ARN a line; blank lines are skipped. */
function getManagedPolicies(): string[] {
  const lines = core
    .getInput(Inputs.ManagedSessionPolicies)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const bad = lines.findIndex((line) => !POLICY_ARN.test(line));
  if (bad !== -1) {
    throw new InputError(
      Inputs.ManagedSessionPolicies,
      `line ${bad + 1} is not a policy ARN (arn:aws:iam::123456789012:policy/NAME or arn:aws:iam::aws:policy/NAME); give one a line`,
    );
  }
  if (lines.length > MAX_MANAGED_POLICIES) {
    throw new InputError(
      Inputs.ManagedSessionPolicies,
      `has ${lines.length} policies; STS takes at most ${MAX_MANAGED_POLICIES}`,
    );
  }
  return lines;
}

/** allowed-account-ids: comma-separated 12-digit ids; undefined when empty (any account). */
export function getAllowedAccountIds(): ReadonlySet<string> | undefined {
  const text = core.getInput(Inputs.AllowedAccountIds);
  if (!text) return undefined;
  const ids = text
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0 || !ids.every((id) => ACCOUNT_ID.test(id))) {
    throw new InputError(
      Inputs.AllowedAccountIds,
      'must be 12-digit AWS account ids separated by commas',
    );
  }
  return new Set(ids);
}

/**
 * The error for credentials that would be for an account not in allowed-account-ids. `whose`
 * names the input the account came from; the id itself is not repeated, as it may be one that
 * mask-account-id masks only later.
 */
export function disallowedAccount(whose: string): InputError {
  return new InputError(
    Inputs.AllowedAccountIds,
    `does not list the account of ${whose}: the credentials would be for an account this workflow does not allow`,
  );
}

/**
 * allowed-account-ids with renew-credentials: profile (`endpoint` serves only the step's role, so
 * the limit holds there): the limit holds for the credentials this step gets,
 * but the job's tools get the session's token cache, with which they can get credentials for any
 * account and permission set the signed-in user can reach. A warning, not a refusal: the limit
 * still guards what the step itself exports and writes (a wrong account-id fails before any
 * request), and renewal cannot be had without the token; the warning says what it does not cover.
 */
export function renewalReachWarning(
  renewing: boolean,
  allowed: ReadonlySet<string> | undefined,
): string | undefined {
  if (!renewing || !allowed) return undefined;
  return `'${Inputs.AllowedAccountIds}' limits the credentials this step gets, not what '${Inputs.RenewCredentials}' gives the job: the job's tools get the IAM Identity Center session's token cache, with which they can get credentials for every account and permission set the session reaches, not only the allowed ${allowed.size === 1 ? 'account' : 'accounts'}, until the post step removes it. '${Inputs.RenewCredentials}: endpoint' serves only this step's role.`;
}

/** unset-current-credentials; empty (its default, false, not passed) reads as false. */
export function unsetCurrentCredentialsAsked(): boolean {
  return (
    core.getInput(Inputs.UnsetCurrentCredentials) !== '' &&
    getBoolean(Inputs.UnsetCurrentCredentials)
  );
}
