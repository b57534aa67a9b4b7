import * as core from '@actions/core';
import { credentialsFilePath, credentialsSection } from '../disk/credentials-file.js';
import { configFileEdit } from '../disk/profile-config.js';
import { Outputs } from '../runner/constants.js';
import { AwsEnv } from '../shared/aws-env.js';
import { DEFAULT_ROLE_KEY, type LaunchChain } from '../shared/endpoint-protocol.js';
import type { RoleCredentials } from '../sso/credentials.js';
import type { AccessToken } from '../sso/token.js';
import type { ObtainedCredentials } from '../sso/token-session.js';
import { setHandoffOutput } from '../steps/token-handoff.js';
import type { RoleChainSettings, RoleSettings } from './inputs.js';
import { exportProfile, publishRenewal, sessionName } from './renewal.js';
import { stsRegion } from './role-chain.js';
import { writeProfiles } from './write-profiles.js';

/**
 * Hands the credentials of one role to the job. Called only once everything has been obtained,
 * and the step that can fail (the profile write) comes first: a failure leaves nothing exported.
 * `credentialsAccountId` is the account the credentials are for: the chained role's, if any.
 */
export async function publishCredentials(
  settings: RoleSettings,
  obtained: ObtainedCredentials,
  credentialsAccountId: string = settings.accountId,
): Promise<void> {
  const { token, credentials } = obtained;
  if (settings.renewal?.mode === 'endpoint') {
    const role = {
      key: DEFAULT_ROLE_KEY,
      accountId: settings.accountId,
      roleName: settings.roleName,
      ...(settings.chain ? { chain: launchChain(settings, settings.chain) } : {}),
      credentials,
      servedAccountId: credentialsAccountId,
    };
    // An earlier step's AWS_PROFILE cannot be exported empty (the AWS CLI v2 and botocore refuse
    // an empty one): it is pointed at a profile that asks the endpoint instead.
    const earlier = settings.exportEnv && (process.env[AwsEnv.Profile] ?? '') !== '';
    const profile = settings.profile ?? (earlier ? sessionName() : undefined);
    // A chunk of its own: only renew-credentials: endpoint loads the launcher.
    const { publishEndpoint } = await import('./endpoint-publish.js');
    await publishEndpoint(settings, settings.renewal, token, [role], {
      profiles: profile ? [{ profile, key: DEFAULT_ROLE_KEY }] : [],
      exportEnv: settings.exportEnv,
      ...(earlier && profile ? { replacesProfile: profile } : {}),
    });
  } else if (settings.renewal) {
    const name = sessionName();
    // Without `profile`, the profile takes the session's name: unique, like the session.
    const profile = settings.profile ?? name;
    // The session renews the role it signs in to; a chained role is assumed from it.
    const target = { accountId: settings.accountId, roleName: settings.roleName };
    const chain = settings.chain ? { chain: settings.chain, stsRegion: stsRegion(settings) } : {};
    await publishRenewal(settings, settings.renewal, [{ profile, target, ...chain }], token, name);
    if (settings.exportEnv) exportProfile(profile);
  } else {
    if (settings.profile) {
      const section = credentialsSection(settings.profile, credentials);
      await writeProfiles(
        [
          { file: credentialsFilePath(), sections: [section], credentials: true },
          // The region goes to the environment; the config file only loses what would win over us.
          configFileEdit([settings.profile]),
        ],
        settings,
      );
    }
    if (settings.exportEnv) exportEnvironment(credentials);
  }
  if (settings.awsRegion) exportRegion(settings.awsRegion);
  setOutputs(settings, token, credentials, credentialsAccountId);
}

/**
 * unset-current-credentials: each of the variables that an earlier step exported is exported
 * empty (a step cannot remove a variable from the job), as configure-aws-credentials does, and
 * removed from this process so that nothing in it uses them. Only those that are set: an empty
 * AWS_PROFILE is itself a setting, which the AWS CLI v2 refuses ("The config profile () could
 * not be found"), so it is not brought into a job that had none. Returns the names cleared.
 */
export function unsetCurrentCredentials(): string[] {
  const cleared = CURRENT_CREDENTIAL_VARIABLES.filter((name) => process.env[name]);
  for (const name of cleared) {
    core.exportVariable(name, '');
    delete process.env[name];
  }
  return cleared;
}

const CURRENT_CREDENTIAL_VARIABLES = [
  AwsEnv.AccessKeyId,
  AwsEnv.SecretAccessKey,
  AwsEnv.SessionToken,
  AwsEnv.Profile,
  AwsEnv.CredentialExpiration,
] as const;

function exportEnvironment(credentials: RoleCredentials): void {
  core.exportVariable(AwsEnv.AccessKeyId, credentials.accessKeyId);
  core.exportVariable(AwsEnv.SecretAccessKey, credentials.secretAccessKey);
  core.exportVariable(AwsEnv.SessionToken, credentials.sessionToken);
  // The AWS SDKs read this to know when to stop using the credentials.
  core.exportVariable(AwsEnv.CredentialExpiration, credentials.expiration.toISOString());
}

function exportRegion(region: string): void {
  core.exportVariable(AwsEnv.Region, region);
  core.exportVariable(AwsEnv.DefaultRegion, region);
}

function setOutputs(
  settings: RoleSettings,
  token: AccessToken,
  credentials: RoleCredentials,
  accountId: string,
): void {
  core.setOutput(Outputs.AccountId, accountId);
  core.setOutput(Outputs.Expiration, credentials.expiration.toISOString());
  core.setOutput(
    Outputs.ExpirationEpoch,
    String(Math.floor(credentials.expiration.getTime() / 1000)),
  );
  if (token.expiresAt) core.setOutput(Outputs.AccessTokenExpiration, token.expiresAt.toISOString());
  if (settings.outputCredentials) {
    core.setOutput(Outputs.AccessKeyId, credentials.accessKeyId);
    core.setOutput(Outputs.SecretAccessKey, credentials.secretAccessKey);
    core.setOutput(Outputs.SessionToken, credentials.sessionToken);
  }
  setHandoffOutput(settings.tokenSource, token);
}

/** What the endpoint assumes again: the chain's arguments, with its session policies. */
function launchChain(settings: RoleSettings, chain: RoleChainSettings): LaunchChain {
  return {
    roleArn: chain.roleArn,
    sessionName: chain.sessionName,
    durationSeconds: chain.durationSeconds,
    region: stsRegion(settings),
    ...(chain.externalId ? { externalId: chain.externalId } : {}),
    ...(chain.inlinePolicy ? { inlinePolicy: chain.inlinePolicy } : {}),
    ...(chain.managedPolicyArns.length > 0 ? { managedPolicyArns: chain.managedPolicyArns } : {}),
  };
}
