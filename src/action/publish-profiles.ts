import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import { Outputs } from '../github/constants.js';
import * as log from '../github/log.js';
import { setHandoffOutput } from '../github/token-handoff.js';
import {
  configFilePath,
  configSection,
  credentialsFilePath,
  credentialsSection,
  unwriteSections,
  type WrittenFile,
  writeSections,
} from './credentials-file.js';
import type { ProfilesSettings } from './inputs.js';
import type { ObtainedProfiles, ProfileCredentials } from './profile-credentials.js';
import { saveWrittenFiles } from './state.js';

/**
 * Hands the profiles to the job: the shared credentials file and, with aws-region, the config
 * file (one atomic write each), then the outputs. Nothing goes to the environment: with many
 * profiles there is no one set of credentials it could hold.
 */
export async function publishProfiles(
  settings: ProfilesSettings,
  obtained: ObtainedProfiles,
): Promise<void> {
  const written = await writeProfileFiles(obtained.profiles, settings.awsRegion);
  saveWrittenFiles(written);
  for (const file of written) {
    log.info(`Wrote ${plural(file.sections.length, 'profile')} to ${file.file}.`);
  }
  core.setOutput(Outputs.Profiles, profilesOutput(obtained.profiles));
  const { token } = obtained;
  if (token.expiresAt) core.setOutput(Outputs.AccessTokenExpiration, token.expiresAt.toISOString());
  setHandoffOutput(settings.tokenSource, token);
}

/** Both files or neither: when the config write fails, the credentials write is taken back. */
async function writeProfileFiles(
  profiles: readonly ProfileCredentials[],
  region: string | undefined,
): Promise<WrittenFile[]> {
  const credentials = await writeSections(
    credentialsFilePath(),
    profiles.map(({ spec, credentials }) => credentialsSection(spec.profile, credentials)),
  );
  if (!region) return [credentials];
  const stepId = randomBytes(6).toString('hex');
  try {
    const sections = profiles.map(({ spec }) => configSection(spec.profile, region, stepId));
    return [credentials, await writeSections(configFilePath(), sections)];
  } catch (error) {
    await unwriteSections(credentials);
    throw error;
  }
}

/** The `profiles` output: names, accounts, roles and expiry times, never a credential. */
export function profilesOutput(profiles: readonly ProfileCredentials[]): string {
  return JSON.stringify(
    profiles.map(({ spec, credentials }) => ({
      profile: spec.profile,
      'account-id': spec.accountId,
      'role-name': spec.roleName,
      expiration: credentials.expiration.toISOString(),
    })),
  );
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
