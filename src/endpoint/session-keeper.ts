import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { RetryPolicy } from '../http/retry.js';
import { rememberSecret } from '../secrets/known-secrets.js';
import type { CloseAnswer, LaunchToken } from '../shared/endpoint-protocol.js';
import { IdentityCenterError } from '../sso/identity-center-error.js';
import { type RefreshGrant, refreshAccessToken } from '../sso/token.js';
import { endpointLog } from './endpoint-log.js';

/** The access token the endpoint renews roles with, and whether it was just minted. */
export interface UsableToken {
  readonly accessToken: string;
  readonly justRefreshed: boolean;
}

/** The AWS SDKs refresh an access token with 5 minutes left; shorter tokens at a third of their life. */
const TOKEN_REFRESH_LEAD_MS = 5 * 60 * 1000;

/**
 * The IAM Identity Center session, in memory only: the access token, and the refresh grant when
 * the job holds it (not with token-handoff or a bare access token). A refresh is coalesced: every
 * role that needs a token while one is under way waits for that one. A refresh token the service
 * rotated replaces the old one here, and the post step asks for it (CloseAnswer).
 */
export class SessionKeeper {
  private accessToken: string;
  private expiresAt: Date | undefined;
  private lifetimeMs: number | undefined;
  private grant: RefreshGrant | undefined;
  private readonly firstRefreshToken: string | undefined;
  private refreshing: Promise<UsableToken> | undefined;

  constructor(
    token: LaunchToken,
    private readonly oidc: SSOOIDCClient,
    private readonly retry: RetryPolicy,
    now: number = Date.now(),
  ) {
    this.accessToken = token.accessToken;
    this.expiresAt = token.expiresAt ? new Date(token.expiresAt) : undefined;
    this.lifetimeMs = this.expiresAt ? this.expiresAt.getTime() - now : undefined;
    const { refresh } = token;
    this.grant = refresh
      ? {
          refreshToken: refresh.refreshToken,
          clientId: refresh.clientId,
          clientSecret: refresh.clientSecret,
          ...(refresh.registrationExpiresAt
            ? { registrationExpiresAt: new Date(refresh.registrationExpiresAt) }
            : {}),
        }
      : undefined;
    this.firstRefreshToken = refresh?.refreshToken;
  }

  get canRefresh(): boolean {
    return this.grant !== undefined;
  }

  /**
   * The access token while it has time left; refreshed first when it nears its end (the lead
   * scales down for the short tokens of tests). Without a refresh grant, an expired token is
   * the end of the session.
   */
  async usableToken(now: number = Date.now()): Promise<UsableToken> {
    const left = this.expiresAt ? this.expiresAt.getTime() - now : Number.POSITIVE_INFINITY;
    const lead = Math.min(TOKEN_REFRESH_LEAD_MS, (this.lifetimeMs ?? 0) / 3);
    if (left > lead) return { accessToken: this.accessToken, justRefreshed: false };
    if (!this.grant) {
      if (left > 0) return { accessToken: this.accessToken, justRefreshed: false };
      throw new IdentityCenterError({
        kind: 'session-token-expired',
        ...(this.expiresAt ? { expiresAt: this.expiresAt } : {}),
        checkedAt: new Date(now),
      });
    }
    return this.refresh();
  }

  /** One refresh for everyone who needs it now. */
  refresh(): Promise<UsableToken> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<UsableToken> {
    const grant = this.grant;
    if (!grant) throw new Error('no refresh grant');
    const now = new Date();
    const token = await refreshAccessToken(this.oidc, grant, rememberSecret, now, this.retry);
    this.accessToken = token.accessToken;
    this.expiresAt = token.expiresAt;
    this.lifetimeMs = token.expiresAt ? token.expiresAt.getTime() - now.getTime() : undefined;
    if (token.rotatedRefreshToken) {
      this.grant = { ...grant, refreshToken: token.rotatedRefreshToken };
    }
    const rotated = token.rotatedRefreshToken ? '; the service rotated the refresh token' : '';
    endpointLog(
      `Refreshed the access token (valid until ${token.expiresAt?.toISOString() ?? 'unknown'})${rotated}.`,
    );
    return { accessToken: token.accessToken, justRefreshed: true };
  }

  /** What the post step writes back: the refresh token, when a refresh here rotated it. */
  closeAnswer(): CloseAnswer {
    const grant = this.grant;
    if (!grant || grant.refreshToken === this.firstRefreshToken) return {};
    return {
      rotated: {
        refreshToken: grant.refreshToken,
        accessToken: this.accessToken,
        expiresAt: (this.expiresAt ?? new Date()).toISOString(),
      },
    };
  }
}
