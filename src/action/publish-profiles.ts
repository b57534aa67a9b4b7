import * as core from '@actions/core';
import { credentialsFilePath, credentialsSection } from '../disk/credentials-file.js';
import { configFileEdit } from '../disk/profile-config.js';
import { Outputs } from '../runner/constants.js';
import { setHandoffOutput } from '../steps/token-handoff.js';
import type { ProfilesSettings } from './inputs.js';
import type { ObtainedProfiles, ProfileCredentials } from './profile-credentials.js';
import { publishRenewal } from './renewal.js';
import { writeProfiles } from './write-profiles.js';

/**
 * Hands the profiles to the job: the shared credentials file and the config file (one atomic
 * write each), then the outputs. Nothing goes to the environment: with many
 * profiles there is no one set of credentials it could hold.
 */
export async function publishProfiles(
  settings: ProfilesSettings,
  obtained: ObtainedProfiles,
): Promise<void> {
  if (settings.renewal?.mode === 'endpoint') {
    const roles = obtained.profiles.map(({ spec, credentials }) => ({
      key: spec.profile,
      accountId: spec.accountId,
      roleName: spec.roleName,
      credentials,
      servedAccountId: spec.accountId,
    }));
    const profiles = obtained.profiles.map(({ spec }) => ({
      profile: spec.profile,
      key: spec.profile,
    }));
    // A chunk of its own: only renew-credentials: endpoint loads the launcher.
    const { publishEndpoint } = await import('./endpoint-publish.js');
    await publishEndpoint(settings, settings.renewal, obtained.token, roles, {
      profiles,
      exportEnv: false,
    });
  } else if (settings.renewal) {
    const profiles = obtained.profiles.map(({ spec }) => ({ profile: spec.profile, target: spec }));
    await publishRenewal(settings, settings.renewal, profiles, obtained.token);
  } else await writeProfileFiles(obtained.profiles, settings);
  core.setOutput(Outputs.Profiles, profilesOutput(obtained.profiles));
  const { token } = obtained;
  if (token.expiresAt) core.setOutput(Outputs.AccessTokenExpiration, token.expiresAt.toISOString());
  setHandoffOutput(settings.tokenSource, token);
}

/**
 * The credentials file and the config file (the region, when given, and the keys that would win
 * over the credentials set aside): both or neither (disk/shared-files.ts).
 */
async function writeProfileFiles(
  profiles: readonly ProfileCredentials[],
  settings: ProfilesSettings,
): Promise<void> {
  const credentials = {
    file: credentialsFilePath(),
    sections: profiles.map(({ spec, credentials }) =>
      credentialsSection(spec.profile, credentials),
    ),
    credentials: true,
  };
  const names = profiles.map(({ spec }) => spec.profile);
  await writeProfiles([credentials, configFileEdit(names, settings.awsRegion)], settings);
}

/** The `profiles` output: names, accounts, roles and expiry times, never a credential. */
function profilesOutput(profiles: readonly ProfileCredentials[]): string {
  return JSON.stringify(
    profiles.map(({ spec, credentials }) => ({
      profile: spec.profile,
      'account-id': spec.accountId,
      'role-name': spec.roleName,
      expiration: credentials.expiration.toISOString(),
    })),
  );
}
