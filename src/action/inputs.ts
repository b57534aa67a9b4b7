import * as core from '@actions/core';
import { Inputs } from '../runner/constants.js';
import {
  getBoolean,
  getMatching,
  getOptionalMatching,
  getRegion,
} from '../runner/input-readers.js';
import { InputError } from '../shared/errors.js';
import { ACCOUNT_ID, PROFILE_NAME, ROLE_NAME } from '../shared/validation.js';
import { getTokenSettings, type TokenSettings } from '../steps/token-inputs.js';
import { type ProfileSpec, parseProfiles } from './profiles.js';
import {
  CHAIN_COMPANIONS,
  disallowedAccount,
  getAllowedAccountIds,
  getRoleChain,
  type RoleChainSettings,
  renewalReachWarning,
  unsetCurrentCredentialsAsked,
} from './role-chain-inputs.js';

export type { RoleChainSettings } from './role-chain-inputs.js';

import { hasSessionPolicies } from './chained-profile.js';
import { getRenewal, type RenewalSettings } from './renewal-inputs.js';

interface CommonSettings extends TokenSettings {
  readonly awsRegion?: string | undefined;
  readonly maskAccountId: boolean;
  /** unset-current-credentials: clear the credential variables an earlier step exported (absent: no). */
  readonly unsetCurrentCredentials?: true;
  /** renew-credentials: a live session for the job's tools instead of static keys. */
  readonly renewal?: RenewalSettings | undefined;
  /** What the inputs allow but do not do as one might expect: the main step warns of each. */
  readonly inputWarnings?: readonly string[] | undefined;
}

/** One account and permission set (account-id and role-name): exported, output, or a profile. */
export interface RoleSettings extends CommonSettings {
  readonly kind: 'one-role';
  readonly accountId: string;
  readonly roleName: string;
  readonly exportEnv: boolean;
  readonly outputCredentials: boolean;
  readonly profile?: string | undefined;
  /** role-to-assume: the credentials handed to the job are this role's, assumed with STS. */
  readonly chain?: RoleChainSettings | undefined;
}

/** The `profiles` input: many profiles written to the shared files, nothing exported. */
export interface ProfilesSettings extends CommonSettings {
  readonly kind: 'profiles';
  readonly profiles: readonly ProfileSpec[];
}

/** Every input of the action, checked and typed; `kind` tells one role from many profiles. */
export type ActionSettings = RoleSettings | ProfilesSettings;

/** Reads and validates every input; throws an InputError naming the first bad one. */
export function getSettings(): ActionSettings {
  const token = getTokenSettings();
  const common: CommonSettings = {
    ...token,
    maskAccountId: getBoolean(Inputs.MaskAccountId),
    ...(unsetCurrentCredentialsAsked() ? { unsetCurrentCredentials: true } : {}),
    awsRegion: getRegion(Inputs.AwsRegion),
    renewal: getRenewal(token),
  };
  // Untrimmed, so that the line numbers in errors are the lines the workflow author wrote.
  const profiles = core.getInput(Inputs.Profiles, { trimWhitespace: false });
  const allowed = getAllowedAccountIds();
  // `endpoint` serves exactly the step's role: there the limit holds for the job's tools too.
  const reach = renewalReachWarning(common.renewal?.mode === 'profile', allowed);
  const withWarnings = reach ? { ...common, inputWarnings: [reach] } : common;
  const settings = profiles.trim()
    ? profilesSettings(withWarnings, profiles, allowed)
    : roleSettings(withWarnings, allowed);
  return Object.freeze(settings);
}

const PROFILE_PROBLEM = 'must be a profile name of letters, digits or ._-@+ (at most 128)';

function roleSettings(
  common: CommonSettings,
  allowed: ReadonlySet<string> | undefined,
): RoleSettings {
  const unless = ` (or give '${Inputs.Profiles}')`;
  if (!core.getInput(Inputs.AccountId))
    throw new InputError(Inputs.AccountId, `is required${unless}`);
  if (!core.getInput(Inputs.RoleName))
    throw new InputError(Inputs.RoleName, `is required${unless}`);
  const accountId = getMatching(Inputs.AccountId, ACCOUNT_ID, accountIdProblem());
  const chain = getRoleChain(accountId, common.ssoRegion);
  // Both accounts are known from the inputs: a disallowed one fails before any request.
  const [finalAccount, whose] = chain
    ? [chain.accountId, `'${Inputs.RoleToAssume}'`]
    : [accountId, `'${Inputs.AccountId}'`];
  if (allowed && !allowed.has(finalAccount)) throw disallowedAccount(whose);
  if (chain && common.renewal?.mode === 'profile') refuseUnrenewableChain(chain);
  return {
    ...common,
    kind: 'one-role',
    accountId,
    roleName: getMatching(
      Inputs.RoleName,
      ROLE_NAME,
      'must be a permission set name: 1-64 letters, digits or +=,.@_-',
    ),
    exportEnv: getBoolean(Inputs.ExportEnv),
    outputCredentials: getBoolean(Inputs.OutputCredentials),
    profile: getOptionalMatching(Inputs.Profile, PROFILE_NAME, PROFILE_PROBLEM),
    chain,
  };
}

/**
 * With renew-credentials the chained role goes to the config file as the AWS tools chain roles
 * (role_arn + source_profile), which has no key for session policies: the tools would assume the
 * role without them, with more permissions than the workflow asked for. Refused before any request.
 */
function refuseUnrenewableChain(chain: RoleChainSettings): void {
  if (!hasSessionPolicies(chain)) return;
  const input = chain.inlinePolicy ? Inputs.InlineSessionPolicy : Inputs.ManagedSessionPolicies;
  throw new InputError(
    input,
    `cannot be used with '${Inputs.RenewCredentials}': the renewing profile chains '${Inputs.RoleToAssume}' as the AWS tools do (role_arn and source_profile), and the shared config file has no setting for session policies, so the job's tools would assume the role without them; remove the policies or turn renewal off`,
  );
}

/**
 * Why account-id is refused. Fewer than 12 digits is most often YAML's doing: an unquoted
 * `account-id: 012345678901` is a number, and the runner passes it on without its leading zeros.
 */
function accountIdProblem(): string {
  const problem = 'must be a 12-digit AWS account id';
  const digits = /^\d{1,11}$/.exec(core.getInput(Inputs.AccountId))?.[0].length;
  if (digits === undefined) return problem;
  return `${problem}, and has ${digits} digits: an account id written unquoted in the workflow's YAML is read as a number and loses its leading zeros; quote it ('012345678901')`;
}

/**
 * With `profiles`, each line names its account and role, so account-id and role-name must be
 * empty; `profile` and `output-credentials` would be ambiguous among many profiles. export-env
 * is ignored (its default is true, so it cannot tell us what the author meant).
 */
function profilesSettings(
  common: CommonSettings,
  text: string,
  allowed: ReadonlySet<string> | undefined,
): ProfilesSettings {
  for (const input of [Inputs.AccountId, Inputs.RoleName, Inputs.Profile]) {
    if (core.getInput(input)) {
      throw new InputError(
        input,
        `cannot be combined with '${Inputs.Profiles}', whose lines name each profile's account and role; give one or the other`,
      );
    }
  }
  getBoolean(Inputs.ExportEnv);
  if (getBoolean(Inputs.OutputCredentials)) {
    throw new InputError(
      Inputs.OutputCredentials,
      `cannot be used with '${Inputs.Profiles}': the credentials go to the shared credentials file only`,
    );
  }
  // One role to assume for many profiles would be ambiguous; a workflow chains one role a step.
  for (const input of [Inputs.RoleToAssume, ...CHAIN_COMPANIONS]) {
    if (core.getInput(input)) {
      throw new InputError(
        input,
        `cannot be combined with '${Inputs.Profiles}': give account-id and role-name to chain a role`,
      );
    }
  }
  const profiles = parseProfiles(text, Inputs.Profiles);
  const outside = profiles.filter((spec) => allowed && !allowed.has(spec.accountId));
  if (outside.length > 0) {
    const lines = outside.map((spec) => spec.line).join(', ');
    throw disallowedAccount(`the '${Inputs.Profiles}' lines ${lines}`);
  }
  return { ...common, kind: 'profiles', profiles };
}
