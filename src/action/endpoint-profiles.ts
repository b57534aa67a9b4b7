import { randomBytes } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFilePath, type IniSection } from '../disk/credentials-file.js';
import type { AddressFile } from '../shared/endpoint-protocol.js';
import { UserError } from '../shared/errors.js';
import type { StartedEndpoint } from './endpoint.js';
import { writeProfiles } from './write-profiles.js';

/**
 * renew-credentials: endpoint with `profiles` (or `profile`): each profile is a `credential_process`
 * line that runs the small bundled client (dist/main/credential-process/), which asks the endpoint
 * for that profile's role. The client finds the endpoint in a 0600 file under RUNNER_TEMP that
 * holds its URL and authorization token, never the session.
 */

export interface EndpointProfile {
  readonly profile: string;
  /** The endpoint's name for its role (DEFAULT_ROLE_KEY for account-id and role-name). */
  readonly key: string;
}

/** Characters a path may not have inside the double quotes of a credential_process line. */
const UNQUOTABLE = process.platform === 'win32' ? /["\r\n]/ : /["\\$`\r\n]/;

function clientScript(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'credential-process', 'index.js');
}

const quoted = (value: string): string => {
  if (UNQUOTABLE.test(value)) {
    throw new UserError(
      `Cannot write a credential_process line for ${value}: the path holds a quote, backslash, '$' or backtick.`,
    );
  }
  return `"${value}"`;
};

/**
 * Writes the address file and the profiles (all or none, with the state the post step removes
 * them by); returns the address file, which the post step deletes.
 */
export async function writeEndpointProfiles(
  started: StartedEndpoint,
  profiles: readonly EndpointProfile[],
  settings: { readonly awsRegion?: string | undefined; readonly timeLimitMs?: number | undefined },
): Promise<string> {
  const region = settings.awsRegion;
  const addressFile = join(
    resolve(process.env.RUNNER_TEMP || tmpdir()),
    `aws-sso-credentials-endpoint-${randomBytes(8).toString('hex')}.json`,
  );
  const address: AddressFile = { url: started.url, authorization: started.authorization };
  await writeFile(addressFile, JSON.stringify(address), { mode: 0o600, flag: 'wx' });
  const stepId = randomBytes(6).toString('hex');
  const owner = `# written by aws-sso-credentials (${stepId}); its post step removes it`;
  const command = [process.execPath, clientScript(), addressFile].map(quoted).join(' ');
  const sections: IniSection[] = profiles.map(({ profile, key }) => ({
    name: profile === 'default' ? 'default' : `profile ${profile}`,
    lines: [
      owner,
      `credential_process = ${command} ${quoted(key)}`,
      ...(region ? [`region = ${region}`] : []),
    ],
    ownerLine: owner,
  }));
  try {
    await writeProfiles([{ file: configFilePath(), sections, credentials: false }], settings);
  } catch (error) {
    await unlink(addressFile).catch(() => undefined);
    throw error;
  }
  return addressFile;
}
