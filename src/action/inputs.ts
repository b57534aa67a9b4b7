import * as core from '../github/actions-core.js';
import { Inputs } from '../github/constants.js';
import {
  getBoolean,
  getMatching,
  getOptionalMatching,
  getRegion,
  optional,
} from '../github/input-readers.js';
import { getTokenSettings, type TokenSettings } from '../github/token-inputs.js';
import { InputError } from '../shared/errors.js';
import { ACCOUNT_ID, PROFILE_NAME, ROLE_NAME } from '../shared/validation.js';
import { type ProfileSpec, parseProfiles } from './profiles.js';

interface CommonSettings extends TokenSettings {
  readonly awsRegion?: string;
  readonly maskAccountId: boolean;
}

/** One account and permission set (account-id and role-name): exported, output, or a profile. */
export interface RoleSettings extends CommonSettings {
  readonly accountId: string;
  readonly roleName: string;
  readonly exportEnv: boolean;
  readonly outputCredentials: boolean;
  readonly profile?: string;
}

/** The `profiles` input: many profiles written to the shared files, nothing exported. */
export interface ProfilesSettings extends CommonSettings {
  readonly profiles: readonly ProfileSpec[];
}

/** Every input of the action, checked and typed. */
export type ActionSettings = RoleSettings | ProfilesSettings;

export function usesProfiles(settings: ActionSettings): settings is ProfilesSettings {
  return 'profiles' in settings;
}

/** Reads and validates every input; throws an InputError naming the first bad one. */
export function getSettings(): ActionSettings {
  const common: CommonSettings = {
    ...getTokenSettings(),
    maskAccountId: getBoolean(Inputs.MaskAccountId),
    ...optional('awsRegion', getRegion(Inputs.AwsRegion)),
  };
  // Untrimmed, so that the line numbers in errors are the lines the workflow author wrote.
  const profiles = core.getInput(Inputs.Profiles, { trimWhitespace: false });
  const settings = profiles.trim() ? profilesSettings(common, profiles) : roleSettings(common);
  return Object.freeze(settings);
}

const PROFILE_PROBLEM = 'must be a profile name of letters, digits or ._-@+ (at most 128)';

function roleSettings(common: CommonSettings): RoleSettings {
  const unless = ` (or give '${Inputs.Profiles}')`;
  if (!core.getInput(Inputs.AccountId))
    throw new InputError(Inputs.AccountId, `is required${unless}`);
  if (!core.getInput(Inputs.RoleName))
    throw new InputError(Inputs.RoleName, `is required${unless}`);
  return {
    ...common,
    accountId: getMatching(Inputs.AccountId, ACCOUNT_ID, accountIdProblem()),
    roleName: getMatching(
      Inputs.RoleName,
      ROLE_NAME,
      'must be a permission set name: 1-64 letters, digits or +=,.@_-',
    ),
    exportEnv: getBoolean(Inputs.ExportEnv),
    outputCredentials: getBoolean(Inputs.OutputCredentials),
    ...optional('profile', getOptionalMatching(Inputs.Profile, PROFILE_NAME, PROFILE_PROBLEM)),
  };
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
function profilesSettings(common: CommonSettings, text: string): ProfilesSettings {
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
  return { ...common, profiles: parseProfiles(text, Inputs.Profiles) };
}
