import type { SecretSink } from '../secrets/secret-sink.js';
import { type ClientOptions, type IdentityCenterClients, withClients } from './clients.js';
import { getRoleCredentials, type RoleCredentials } from './credentials.js';
import { type AccessToken, type GivenToken, resolveAccessToken, useGivenToken } from './token.js';
import type { TokenSource } from './token-source.js';

/** Everything needed to resolve the access token once. */
export interface TokenRequest {
  readonly ssoRegion: string;
  readonly tokenSource: TokenSource;
  readonly clientOptions?: ClientOptions;
  /**
   * An access token the caller already holds for this source, e.g. one minted earlier in the
   * same workflow: used instead of a refresh. The caller makes sure it has time left.
   */
  readonly givenToken?: GivenToken | undefined;
  /**
   * Told the token as soon as it is resolved, before anything is asked with it: a caller that
   * must pass on a rotated refresh token even when a later call fails keeps it from here.
   */
  readonly onToken?: ((token: AccessToken) => void) | undefined;
}

/** One account and permission set. */
export interface RoleTarget {
  readonly accountId: string;
  readonly roleName: string;
}

/** Everything needed to turn a token source into role credentials. */
export interface CredentialsRequest extends TokenRequest, RoleTarget {}

export interface ObtainedCredentials {
  readonly token: AccessToken;
  readonly credentials: RoleCredentials;
}

/** An access token resolved once, and the clients to use it with. */
export interface TokenSession {
  readonly token: AccessToken;
  readonly clients: IdentityCenterClients;
  /** GetRoleCredentials for one role with this session's token. */
  credentialsFor(target: RoleTarget): Promise<RoleCredentials>;
}

/**
 * Resolves (or refreshes) the access token once, hands it to `use`, and closes the clients
 * afterwards. Every caller that needs a token comes through here, so that one step refreshes
 * at most once however many roles it asks for.
 */
export async function withTokenSession<T>(
  request: TokenRequest,
  mask: SecretSink,
  use: (session: TokenSession) => Promise<T>,
): Promise<T> {
  return withClients(request.ssoRegion, request.clientOptions ?? {}, async (clients) => {
    const token = request.givenToken
      ? useGivenToken(request.tokenSource, request.givenToken)
      : await resolveAccessToken(
          request.tokenSource,
          clients.oidc,
          mask,
          new Date(),
          clients.refreshRetry,
        );
    request.onToken?.(token);
    const credentialsFor = (target: RoleTarget) =>
      getRoleCredentials(
        clients.portal,
        {
          accessToken: token.accessToken,
          accountId: target.accountId,
          roleName: target.roleName,
          // A handed-over token was minted by a refresh earlier in the same workflow run.
          tokenJustRefreshed: token.refreshed || token.handedOver === true,
        },
        mask,
        clients.retry,
      );
    return use({ token, clients, credentialsFor });
  });
}

/** The whole exchange for one role: the token, then GetRoleCredentials. The CLI calls it too. */
export async function obtainRoleCredentials(
  request: CredentialsRequest,
  mask: SecretSink,
): Promise<ObtainedCredentials> {
  return withTokenSession(request, mask, async (session) => ({
    token: session.token,
    credentials: await session.credentialsFor(request),
  }));
}
