import { type ClientOptions, createClients } from './clients.js';
import { LOGIN_HINT } from './constants.js';
import { getRoleCredentials, type RoleCredentials } from './credentials.js';
import type { TokenSource } from './inputs.js';
import type { SecretSink } from './masking.js';
import { type AccessToken, resolveAccessToken } from './token.js';

/** Everything needed to turn a token source into role credentials. */
export interface CredentialsRequest {
  readonly ssoRegion: string;
  readonly tokenSource: TokenSource;
  readonly accountId: string;
  readonly roleName: string;
  readonly clientOptions?: ClientOptions;
}

export interface ObtainedCredentials {
  readonly token: AccessToken;
  readonly credentials: RoleCredentials;
}

/**
 * The whole exchange: resolve (or refresh) the access token, then GetRoleCredentials with it.
 * The action and the CLI both come through here.
 */
export async function obtainRoleCredentials(
  request: CredentialsRequest,
  mask: SecretSink,
): Promise<ObtainedCredentials> {
  const clients = createClients(request.ssoRegion, request.clientOptions);
  try {
    const token = await resolveAccessToken(
      request.tokenSource,
      clients.oidc,
      mask,
      new Date(),
      clients.retry,
    );
    const credentials = await getRoleCredentials(
      clients.portal,
      {
        accessToken: token.accessToken,
        accountId: request.accountId,
        roleName: request.roleName,
        expiredTokenHint: rejectedTokenHint(token),
      },
      mask,
      clients.retry,
    );
    return { token, credentials };
  } finally {
    clients.oidc.destroy();
    clients.portal.destroy();
  }
}

/** What to do about a rejected access token depends on where it came from. */
function rejectedTokenHint(token: AccessToken): string {
  if (token.refreshed) {
    return `The token was just refreshed, so the session was revoked or ended (sign-out, or the session duration set in IAM Identity Center). To start a new session, ${LOGIN_HINT}.`;
  }
  return `Give a fresh access token, or give a refresh token (refresh-token with client-id and client-secret, or an sso-session that has one) so that the action renews it. To get one, ${LOGIN_HINT}.`;
}
