import * as core from '@actions/core';
import { Inputs, Outputs } from '../runner/constants.js';
import * as log from '../runner/log.js';
import type { AccessToken } from '../sso/token.js';
import type { TokenSettings } from '../steps/token-inputs.js';
import { type EndpointRole, exportEndpoint, saveEndpointState, startEndpoint } from './endpoint.js';
import { type EndpointProfile, writeEndpointProfiles } from './endpoint-profiles.js';
import type { EndpointRenewal } from './renewal-inputs.js';

/**
 * Gives the job the credential endpoint: started, its profiles written (when asked), its state
 * saved for the post step, then the variables exported. A failure after the start stops it.
 */
export async function publishEndpoint(
  settings: TokenSettings & { readonly awsRegion?: string | undefined },
  renewal: EndpointRenewal,
  token: AccessToken,
  roles: readonly EndpointRole[],
  options: {
    readonly profiles: readonly EndpointProfile[];
    readonly exportEnv: boolean;
    /** The profile AWS_PROFILE is to name instead of an earlier step's. */
    readonly replacesProfile?: string;
  },
): Promise<void> {
  const started = await startEndpoint(settings, renewal, token, roles);
  try {
    const addressFile =
      options.profiles.length > 0
        ? await writeEndpointProfiles(started, options.profiles, settings)
        : undefined;
    saveEndpointState({ ...started.state, ...(addressFile ? { addressFile } : {}) });
  } catch (error) {
    stopEndpoint(started.state.pid);
    throw error;
  }
  if (options.exportEnv) exportEndpoint(started, options.replacesProfile);
  const until = sessionEnd(settings, renewal, token);
  if (until) core.setOutput(Outputs.SessionExpiration, until.toISOString());
  if (!renewal.holdsRefreshToken || settings.tokenSource.kind === 'access-token') {
    const why = renewal.holdsRefreshToken
      ? ''
      : ` ('${Inputs.TokenHandoff}': only the job that refreshes holds the refresh token)`;
    log.info(
      `The endpoint renews credentials until the access token expires${until ? ` at ${until.toISOString()}` : ''}${why}.`,
    );
  }
}

/** Until when the endpoint can renew: the registration's end when known, or the access token's. */
function sessionEnd(
  settings: TokenSettings,
  renewal: EndpointRenewal,
  token: AccessToken,
): Date | undefined {
  const { tokenSource } = settings;
  if (tokenSource.kind === 'access-token') return undefined;
  if (!renewal.holdsRefreshToken) return token.expiresAt;
  return (
    token.registrationExpiresAt ??
    (tokenSource.kind === 'sso-session' ? tokenSource.session.registrationExpiresAt : undefined)
  );
}

function stopEndpoint(pid: number): void {
  try {
    process.kill(pid);
  } catch {
    // gone already
  }
}
