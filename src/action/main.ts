import { checkOwnDirectories } from '../disk/own-directories.js';
import { Inputs } from '../runner/constants.js';
import * as log from '../runner/log.js';
import { maskInLogs } from '../runner/masking.js';
import { AwsEnv } from '../shared/aws-env.js';
import { plural } from '../shared/plural.js';
import { obtainRoleCredentials } from '../sso/token-session.js';
import { logProxy } from '../steps/client-options.js';
import { expiryWarnings } from '../steps/expiry.js';
import { surfacingRotation } from '../steps/rotation.js';
import { stepTokenRequest } from '../steps/step-token.js';
import { maskTokenInputs } from '../steps/token-inputs.js';
import { describeForWorkflow } from '../steps/vocabulary.js';
import type { AssumedRole } from '../sts/assume-role.js';
import { publishCredentials, unsetCurrentCredentials } from './export.js';
import { getSettings, type ProfilesSettings, type RoleSettings } from './inputs.js';
import { earliestExpiring, obtainProfileCredentials } from './profile-credentials.js';
import { publishProfiles } from './publish-profiles.js';
import { checkProfilesFree } from './renewal.js';
import { assumeChainedRole, stsRegion } from './role-chain.js';
import { writeProfilesSummary, writeSummary } from './summary.js';

/**
 * The main step. Order matters: secrets are masked before anything can print them, inputs are
 * checked before any request, and no credential reaches the job until everything has succeeded.
 * A rotated refresh token is the exception: it is output (masked) and written back however the
 * step ends, as the stored one may be dead already.
 */
export async function run(): Promise<void> {
  try {
    maskTokenInputs();
    const settings = getSettings();
    for (const warning of settings.inputWarnings ?? []) log.warning(warning);
    if (settings.unsetCurrentCredentials) reportCleared(unsetCurrentCredentials());
    if (settings.kind === 'profiles') await runProfiles(settings);
    else await runRole(settings);
  } catch (error) {
    log.fail(describeForWorkflow(error));
  }
}

/** What unset-current-credentials cleared, and what an empty AWS_PROFILE means for later steps. */
function reportCleared(cleared: readonly string[]): void {
  if (cleared.length === 0) return;
  log.info(`Cleared ${cleared.join(', ')} for the rest of the job (unset-current-credentials).`);
  if (cleared.includes(AwsEnv.Profile)) {
    log.warning(
      `AWS_PROFILE is now empty for the rest of the job (a step cannot remove a variable); the AWS CLI v2 refuses an empty AWS_PROFILE, so give the steps that use it the name of a profile that exists (such as the '${Inputs.Profile}' this step writes).`,
    );
  }
}

/**
 * account-id and role-name: one set of credentials, exported and/or written as one profile; with
 * role-to-assume, those of the role assumed with them (nothing is handed over if that fails).
 */
async function runRole(settings: RoleSettings): Promise<void> {
  const { chain } = settings;
  if (settings.maskAccountId) maskInLogs(settings.accountId);
  if (settings.maskAccountId && chain) maskInLogs(chain.accountId);
  // Only `profile` writes the token cache; `endpoint` keeps the session in memory.
  if (settings.renewal?.mode === 'profile') await checkOwnDirectories();
  if (settings.renewal && settings.profile) {
    await checkProfilesFree([settings.profile], Inputs.Profile);
  }
  log.info(
    `Getting credentials for '${settings.roleName}' in account ${settings.accountId} (IAM Identity Center in ${settings.ssoRegion}).`,
  );
  logProxy(settings);
  const { accountId, roleName } = settings;
  const obtained = await surfacingRotation(settings, (onToken) =>
    obtainRoleCredentials(
      { ...stepTokenRequest(settings, onToken), accountId, roleName },
      maskInLogs,
    ),
  );
  let chained: AssumedRole | undefined;
  if (chain) {
    log.info(
      `Assuming '${chain.roleArn}' as session '${chain.sessionName}' (STS in ${stsRegion(settings)}).`,
    );
    chained = await assumeChainedRole(settings, chain, obtained.credentials);
  }
  const handed = chained ? { token: obtained.token, credentials: chained.credentials } : obtained;
  await publishCredentials(settings, handed, chained?.accountId ?? settings.accountId);
  for (const warning of expiryWarnings(handed.token, handed.credentials)) log.warning(warning);
  const renewed = renewedFrom(settings);
  log.info(`Credentials expire at ${handed.credentials.expiration.toISOString()}.${renewed}`);
  await writeSummary(settings, obtained, new Date(), chained);
}

/** `profiles`: one token, credentials for every line, all written to the shared files or none. */
async function runProfiles(settings: ProfilesSettings): Promise<void> {
  if (settings.maskAccountId) for (const spec of settings.profiles) maskInLogs(spec.accountId);
  if (settings.renewal) {
    if (settings.renewal.mode === 'profile') await checkOwnDirectories();
    await checkProfilesFree(
      settings.profiles.map((spec) => spec.profile),
      Inputs.Profiles,
    );
  }
  log.info(
    `Getting credentials for ${plural(settings.profiles.length, 'profile')} (IAM Identity Center in ${settings.ssoRegion}).`,
  );
  logProxy(settings);
  const obtained = await surfacingRotation(settings, (onToken) =>
    obtainProfileCredentials(stepTokenRequest(settings, onToken), settings.profiles, maskInLogs),
  );
  await publishProfiles(settings, obtained);
  const first = earliestExpiring(obtained.profiles);
  if (first) {
    for (const warning of expiryWarnings(obtained.token, first)) log.warning(warning);
    const renewed = renewedFrom(settings);
    log.info(`The first credentials expire at ${first.expiration.toISOString()}.${renewed}`);
  }
  await writeProfilesSummary(settings, obtained);
}

/** Where the job's tools get newer credentials, as the end of a log line. */
function renewedFrom(settings: RoleSettings | ProfilesSettings): string {
  if (!settings.renewal) return '';
  return settings.renewal.mode === 'endpoint'
    ? " The job's tools get new ones from the credential endpoint."
    : " The job's tools get new ones from the session.";
}
