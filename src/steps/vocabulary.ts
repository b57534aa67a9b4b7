import { LockTimeoutError } from '../disk/file-lock.js';
import { Inputs } from '../runner/constants.js';
import type { Vocabulary } from '../sso/describe-problem.js';
import { describeFailure } from '../sso/identity-center-error.js';
import { formatSeconds } from '../time/deadline.js';

/** How a workflow gets new token secrets; named in every "get a new token" hint of both actions. */
export const LOGIN_HINT =
  'mint new token secrets with `aws-sso-credentials login` (docs/getting-the-secrets.md) and replace the stored ones';

/** The core's problems in the actions' words: their inputs, and the secrets the workflow stores. */
export const GITHUB_VOCABULARY: Vocabulary = {
  session: `'${Inputs.SsoSession}'`,
  sessionSubject: `Input '${Inputs.SsoSession}'`,
  sessionAgain: 'the document',
  accountId: Inputs.AccountId,
  roleName: Inputs.RoleName,
  clientCredentials: `${Inputs.ClientId} or ${Inputs.ClientSecret}`,
  renewableSources: `${Inputs.RefreshToken} with ${Inputs.ClientId} and ${Inputs.ClientSecret}, or an ${Inputs.SsoSession} that has one`,
  self: 'the action',
  proxySettings: `${Inputs.HttpProxy} or HTTPS_PROXY`,
  newSecrets: LOGIN_HINT,
  signInAgain: 'Run `aws-sso-credentials login` again',
  timeLimit: `The step's time limit '${Inputs.ActionTimeoutS}'`,
  region: `${Inputs.SsoRegion} (or the region in '${Inputs.SsoSession}')`,
};

/**
 * For a line of the `profiles` input: the message starts with the profile and its line, so the
 * account and role are that line's, not the account-id and role-name inputs (unused then).
 */
export const PROFILE_VOCABULARY: Vocabulary = {
  ...GITHUB_VOCABULARY,
  accountId: 'the account id',
  roleName: 'the role name',
};

/** The sentence an action step fails with (or a warning carries), for anything thrown. */
export function describeForWorkflow(
  error: unknown,
  vocabulary: Vocabulary = GITHUB_VOCABULARY,
): string {
  if (error instanceof LockTimeoutError) return describeLockWait(error, vocabulary);
  return describeFailure(error, vocabulary);
}

/** A lock another process held until the step's time limit (or the longest wait) passed. */
function describeLockWait(error: LockTimeoutError, vocabulary: Vocabulary): string {
  const held = `${error.holder} held ${error.lockFile}`;
  const ended =
    error.deadlineLimitMs === undefined
      ? `${held.charAt(0).toUpperCase()}${held.slice(1)} for ${formatSeconds(error.waitedMs)}`
      : `${vocabulary.timeLimit} (${formatSeconds(error.deadlineLimitMs)}) passed while ${held}`;
  return `${ended}. If no job is changing that file any more, remove the lock.`;
}
