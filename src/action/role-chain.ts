import { Inputs } from '../runner/constants.js';
import { maskInLogs } from '../runner/masking.js';
import { UserError } from '../shared/errors.js';
import type { RoleCredentials } from '../sso/credentials.js';
import { phraseCause } from '../sso/describe-problem.js';
import { stepClientOptions } from '../steps/client-options.js';
import { GITHUB_VOCABULARY } from '../steps/vocabulary.js';
import { partitionOf } from '../sts/arns.js';
import type { AssumedRole, assumeRole as AssumeRole } from '../sts/assume-role.js';
import { isStsError, type StsProblem } from '../sts/sts-error.js';
import { formatSeconds } from '../time/deadline.js';
import type { RoleChainSettings, RoleSettings } from './inputs.js';

/**
 * role-to-assume: the second hop, sts:AssumeRole signed with the permission set's credentials,
 * in the region of aws-region (else IAM Identity Center's). The STS client and the real SigV4
 * signer are a lazy chunk, loaded here only when a role is to be assumed.
 */
export async function assumeChainedRole(
  settings: RoleSettings,
  chain: RoleChainSettings,
  first: RoleCredentials,
): Promise<AssumedRole> {
  const { assumeRole } = await loadSts();
  try {
    return await assumeRole(
      {
        region: stsRegion(settings),
        credentials: first,
        roleArn: chain.roleArn,
        sessionName: chain.sessionName,
        durationSeconds: chain.durationSeconds,
        externalId: chain.externalId,
        inlinePolicy: chain.inlinePolicy,
        managedPolicyArns: chain.managedPolicyArns,
        clientOptions: stepClientOptions(settings),
      },
      maskInLogs,
    );
  } catch (error) {
    if (isStsError(error))
      throw new UserError(describeChainFailure(error.problem, settings, chain));
    throw error;
  }
}

/**
 * The STS client and the real SigV4 signer: src/sts/ bundled on its own (dist/main/sts/, see
 * scripts/bundle.sh), found through the package's subpath import '#sts' and loaded only here.
 */
async function loadSts(): Promise<{ assumeRole: typeof AssumeRole }> {
  return import(/* webpackIgnore: true */ '#sts');
}

export function stsRegion(settings: RoleSettings): string {
  return settings.awsRegion ?? settings.ssoRegion;
}

/**
 * One sentence about a failed AssumeRole, in the workflow's words: the role to assume, the
 * permission set it was asked from, and what to check.
 */
export function describeChainFailure(
  problem: StsProblem,
  settings: RoleSettings,
  chain: RoleChainSettings,
): string {
  const from = `the permission set '${settings.roleName}' of account ${settings.accountId}`;
  if (problem.kind === 'deadline-passed') {
    return `${GITHUB_VOCABULARY.timeLimit} (${formatSeconds(problem.limitMs)}) passed while STS AssumeRole of '${chain.roleArn}' was still waiting for an answer.`;
  }
  const said = phraseCause(problem.cause, GITHUB_VOCABULARY);
  switch (problem.kind) {
    case 'denied':
      return `STS denied ${from} to assume '${chain.roleArn}' (${said}); check that the trust policy of that role trusts the permission set's role, ${permissionSetRoleArn(settings)}, for sts:AssumeRole${chain.externalId ? ` with the sts:ExternalId of '${Inputs.RoleExternalId}'` : ''}, and that the permission set allows sts:AssumeRole on it.`;
    case 'session-too-long':
      return `STS refused a ${chain.durationSeconds}-second session for '${chain.roleArn}' (${said}): a role assumed with another role's credentials (role chaining) lasts at most 1 hour, so set '${Inputs.RoleDurationSeconds}' to 3600 or less.`;
    case 'credentials-expired':
      return `STS refused the credentials of ${from} as expired (${said}) before '${chain.roleArn}' could be assumed; run the step again.`;
    case 'region-disabled':
      return `STS is not activated in ${stsRegionName(settings)} for account ${settings.accountId} (${said}); activate it in IAM's account settings or set '${Inputs.AwsRegion}' to a region where it is.`;
    case 'call-failed': {
      const tries = problem.retriesExhausted
        ? ` after ${problem.retriesExhausted.attempts} attempts over ${(problem.retriesExhausted.elapsedMs / 1000).toFixed(1)}s`
        : '';
      return `STS AssumeRole of '${chain.roleArn}' with the credentials of ${from} failed${tries}: ${said}`;
    }
  }
}

function stsRegionName(settings: RoleSettings): string {
  return settings.awsRegion
    ? `${settings.awsRegion} ('${Inputs.AwsRegion}')`
    : `${settings.ssoRegion} (IAM Identity Center's region, as '${Inputs.AwsRegion}' is empty)`;
}

/**
 * The role IAM Identity Center makes for a permission set in each account; its path names the
 * Identity Center region (none for us-east-1 in older instances) and its name ends in a suffix
 * of its own, so the sentence shows the fixed parts.
 */
function permissionSetRoleArn(settings: RoleSettings): string {
  const partition = partitionOf(settings.ssoRegion);
  return `arn:${partition}:iam::${settings.accountId}:role/aws-reserved/sso.amazonaws.com/…/AWSReservedSSO_${settings.roleName}_…`;
}
