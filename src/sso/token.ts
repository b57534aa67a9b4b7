import { CreateTokenCommand, type SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import {
  DEFAULT_RETRY_POLICY,
  MalformedResponseError,
  outcomeUnknown,
  type RetryPolicy,
  requestOptions,
} from '../http/retry.js';
import type { SecretSink } from '../secrets/secret-sink.js';
import { IdentityCenterError } from './identity-center-error.js';
import { ACCESS_TOKEN_REFRESH_WINDOW_MS, CREATE_TOKEN_TIMEOUT_MS } from './limits.js';
import {
  isOpaqueToken,
  isWholeNumberUpTo,
  MAX_LIFETIME_MS,
  member,
  OPAQUE_TOKEN_RULE,
} from './response-shapes.js';
import { type CallContext, callService } from './service-errors.js';
import { canRefresh, type SsoSession } from './session.js';
import type { TokenSource } from './token-source.js';

/** The portal bearer token to use, and what is known about it. */
export interface AccessToken {
  readonly accessToken: string;
  /** When it expires, if known (a bare access-token input carries no expiry). */
  readonly expiresAt?: Date;
  /** True when it was just minted with the refresh token. */
  readonly refreshed: boolean;
  /** True when the source can mint another one (a refresh token and its client came with it). */
  readonly renewable: boolean;
  /** Set only when the service answered a refresh with a different refresh token. */
  readonly rotatedRefreshToken?: string;
  /** The client registration's expiry, when the session document carries it. */
  readonly registrationExpiresAt?: Date;
  /** True when the caller already held it (minted earlier, e.g. by another job of the same run). */
  readonly handedOver?: boolean;
}

/** An access token the caller already holds for a token source, with the time it expires. */
export interface GivenToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
}

export interface RefreshGrant {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly registrationExpiresAt?: Date;
}

/** Picks or mints the access token for a token source; every new secret goes to `mask` first. */
export async function resolveAccessToken(
  source: TokenSource,
  oidc: SSOOIDCClient,
  mask: SecretSink,
  now: Date = new Date(),
  retry: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<AccessToken> {
  switch (source.kind) {
    case 'access-token':
      return { accessToken: source.accessToken, refreshed: false, renewable: false };
    case 'refresh-token':
      return refreshAccessToken(oidc, source, mask, now, retry);
    case 'sso-session':
      return fromSession(source.session, oidc, mask, now, retry);
  }
}

/**
 * A token the caller vouches for (it checked the time left): used as is, no CreateToken. It
 * stays renewable when its source is, so that warnings about what runs out are the same as
 * for a token minted here.
 */
export function useGivenToken(source: TokenSource, given: GivenToken): AccessToken {
  const session = source.kind === 'sso-session' ? source.session : undefined;
  return {
    accessToken: given.accessToken,
    expiresAt: given.expiresAt,
    refreshed: false,
    renewable: source.kind === 'refresh-token' || (session !== undefined && canRefresh(session)),
    handedOver: true,
    ...(session ? registrationOf(session) : {}),
  };
}

/** True while the session's access token has at least five minutes left (no refresh needed). */
export function hasUsableAccessToken(session: SsoSession, now: Date = new Date()): boolean {
  const { accessToken, expiresAt } = session;
  if (!accessToken || !expiresAt) return false;
  return expiresAt.getTime() - now.getTime() >= ACCESS_TOKEN_REFRESH_WINDOW_MS;
}

/**
 * Uses the session's access token while it has at least five minutes left (as the AWS SDKs
 * do), otherwise refreshes it.
 */
async function fromSession(
  session: SsoSession,
  oidc: SSOOIDCClient,
  mask: SecretSink,
  now: Date,
  retry: RetryPolicy,
): Promise<AccessToken> {
  const { accessToken, expiresAt } = session;
  if (accessToken && expiresAt && hasUsableAccessToken(session, now)) {
    return {
      accessToken,
      expiresAt,
      refreshed: false,
      renewable: canRefresh(session),
      ...registrationOf(session),
    };
  }
  if (!canRefresh(session)) {
    throw new IdentityCenterError({
      kind: 'session-token-expired',
      ...(expiresAt ? { expiresAt } : {}),
      checkedAt: now,
    });
  }
  return refreshAccessToken(oidc, session, mask, now, retry);
}

/** CreateToken with the refresh_token grant. The response's refresh token, if any, is authoritative. */
export async function refreshAccessToken(
  oidc: SSOOIDCClient,
  grant: RefreshGrant,
  mask: SecretSink,
  now: Date = new Date(),
  retry: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<AccessToken> {
  // Mutable on purpose: an attempt whose outcome is unknown marks it, so that an invalid_grant
  // on a later attempt is explained as what it most likely is.
  const context: { -readonly [K in keyof CallContext]: CallContext[K] } = {
    operation: 'CreateToken',
    ...registrationOf(grant),
  };
  const command = new CreateTokenCommand({
    clientId: grant.clientId,
    clientSecret: grant.clientSecret,
    grantType: 'refresh_token',
    refreshToken: grant.refreshToken,
  });
  const issued = await callService(
    context,
    async (limits) => {
      try {
        // The attempt's timeout is CREATE_TOKEN_TIMEOUT_MS (REFRESH_BUDGET), or less only when
        // the step's own deadline ends sooner.
        const response = await oidc.send(command, {
          requestTimeout: CREATE_TOKEN_TIMEOUT_MS,
          ...requestOptions(limits),
        });
        return readTokenResponse(response, mask);
      } catch (error) {
        if (outcomeUnknown(error)) context.afterAmbiguousAttempt = true;
        throw error;
      }
    },
    retry,
  );
  const rotated =
    issued.refreshToken && issued.refreshToken !== grant.refreshToken
      ? { rotatedRefreshToken: issued.refreshToken }
      : {};
  return {
    accessToken: issued.accessToken,
    expiresAt: new Date(now.getTime() + issued.expiresIn * 1000),
    refreshed: true,
    renewable: true,
    ...rotated,
    ...registrationOf(grant),
  };
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly refreshToken?: string;
}

/**
 * A CreateToken answer, checked member by member (response-shapes.ts) before anything uses it.
 * Tokens that have a token's shape are masked as they arrive, before the rest is checked, so that
 * not even a complaint about the answer can show them. Shared with the device flow.
 */
export function readTokenResponse(
  response: { accessToken?: unknown; expiresIn?: unknown; refreshToken?: unknown },
  mask: SecretSink,
): IssuedToken {
  if (isOpaqueToken(response.accessToken)) mask(response.accessToken);
  if (isOpaqueToken(response.refreshToken)) mask(response.refreshToken);
  const accessToken = member(response.accessToken, isOpaqueToken, 'accessToken', OPAQUE_TOKEN_RULE);
  const refreshToken = member(
    response.refreshToken,
    isOpaqueToken,
    'refreshToken',
    OPAQUE_TOKEN_RULE,
  );
  const expiresIn = member(
    response.expiresIn,
    (value): value is number => isWholeNumberUpTo(value, MAX_LIFETIME_MS / 1000),
    'expiresIn',
    'is not a whole number of seconds from 1 to 7 days',
  );
  if (!accessToken || expiresIn === undefined) {
    throw new MalformedResponseError('no accessToken or expiresIn');
  }
  return { accessToken, expiresIn, ...(refreshToken ? { refreshToken } : {}) };
}

/** The registration's expiry as an optional member, from a grant or a session document. */
function registrationOf(holder: { readonly registrationExpiresAt?: Date }): {
  registrationExpiresAt?: Date;
} {
  return holder.registrationExpiresAt
    ? { registrationExpiresAt: holder.registrationExpiresAt }
    : {};
}
