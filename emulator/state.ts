import { AuthorizationBook } from './authorization.js';
import * as secrets from './secrets.js';
import type { AccountSpec, AssumableRoleSpec, AssumeRoleRecord, EmulatorUser } from './types.js';

/**
 * Everything the emulated service remembers: client registrations, device authorizations,
 * tokens and account assignments. Pure bookkeeping; the wire rules live in oidc.ts/portal.ts.
 */

/** Registering with this scope is what makes the service issue refresh tokens. */
export const REFRESHABLE_SCOPE = 'sso:account:access';
/** Without it, the legacy flow issues a fixed 8-hour token and no refresh token. */
export const LEGACY_TOKEN_TTL_SECONDS = 8 * 60 * 60;

export interface Settings {
  accessTokenTtlSeconds: number;
  credentialsTtlSeconds: number;
  /** Caps the lifetime of AssumeRole's credentials when set (EmulatorOptions). */
  assumedRoleTtlSeconds?: number;
  registrationTtlSeconds: number;
  deviceCodeTtlSeconds: number;
  deviceInterval: number;
  slowDownIncrementSeconds: number;
  rotateRefreshTokens: boolean;
  authorizationCodeTtlSeconds: number;
}

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  clientName: string;
  scopes: string[];
  grantTypes: string[];
  /** Where /authorize may send the browser back to (authorization_code clients). */
  redirectUris: string[];
  issuerUrl?: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  expiresAtMs: number;
  /** The spacing the emulator currently enforces; grows on every slow_down. */
  intervalMs: number;
  lastPollMs?: number;
  state: 'pending' | 'approved' | 'denied' | 'redeemed';
  pendingPolls: number;
}

export interface TokenGrant {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
}

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
}

/** Whose AWS credentials these are: a permission set's (GetRoleCredentials) or an assumed role's. */
export type CredentialIdentity =
  | { kind: 'permission-set'; accountId: string; roleName: string }
  | { kind: 'assumed-role'; accountId: string; roleName: string; sessionName: string };

/** AWS credentials the emulator issued, for STS to check signatures against. */
export interface IssuedCredentials {
  secretAccessKey: string;
  sessionToken: string;
  expiresAtMs: number;
  identity: CredentialIdentity;
}

interface AccessTokenRecord {
  expiresAtMs: number;
  /** Tokens from one login share a session; Logout ends all of them. */
  sessionId: string;
}

interface RefreshTokenRecord {
  clientId: string;
  sessionId: string;
}

export class EmulatorState {
  readonly clients = new Map<string, ClientRegistration>();
  /** Keyed by device code. */
  readonly devices = new Map<string, DeviceAuthorization>();
  /** Keyed by account id, in listing order. */
  readonly accounts = new Map<string, AccountSpec>();
  /** When set, a device is approved once it has been polled this many times while pending. */
  autoApproveAfter: number | undefined;
  /** When set, GET /authorize approves at once, as if the first user had signed in and allowed. */
  autoAuthorize = false;
  lastRefreshToken: string | undefined;
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly secrets = new Set<string>();
  /** Keyed by access key id: what STS checks a signature against. */
  private readonly awsCredentials = new Map<string, IssuedCredentials>();
  /** Roles STS may assume, keyed by ARN. */
  readonly assumableRoles = new Map<string, AssumableRoleSpec>();
  /** Every AssumeRole STS granted, oldest first. */
  readonly assumeRoleRecords: AssumeRoleRecord[] = [];
  /** The browser side: users, authorization requests, consents and codes. */
  readonly authorization: AuthorizationBook;

  constructor(
    readonly settings: Settings,
    accounts: readonly AccountSpec[],
    users: readonly EmulatorUser[] = [],
  ) {
    for (const account of accounts) this.addAccount(account);
    this.authorization = new AuthorizationBook(
      users,
      settings.authorizationCodeTtlSeconds,
      (secret) => this.remember(secret),
    );
  }

  addAccount(spec: AccountSpec): void {
    this.accounts.set(spec.accountId, { ...spec, roles: [...spec.roles] });
  }

  hasRole(accountId: string, roleName: string): boolean {
    return this.accounts.get(accountId)?.roles.includes(roleName) ?? false;
  }

  /** Every secret ever handed out, revoked or not, for leak scans. */
  issuedSecrets(): string[] {
    return [...this.secrets];
  }

  private remember(secret: string): string {
    this.secrets.add(secret);
    return secret;
  }

  registerClient(input: {
    clientName: string;
    scopes: string[];
    grantTypes: string[];
    redirectUris?: string[];
    issuerUrl?: string;
    ttlSeconds?: number;
  }): ClientRegistration {
    const now = Date.now();
    const ttl = input.ttlSeconds ?? this.settings.registrationTtlSeconds;
    const client: ClientRegistration = {
      clientId: secrets.newClientId(),
      clientSecret: this.remember(secrets.newClientSecret()),
      clientName: input.clientName,
      scopes: [...input.scopes],
      grantTypes: [...input.grantTypes],
      redirectUris: [...(input.redirectUris ?? [])],
      ...(input.issuerUrl === undefined ? {} : { issuerUrl: input.issuerUrl }),
      issuedAtMs: now,
      expiresAtMs: now + ttl * 1000,
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  /** The registration, when the id is known, the secret matches and it has not expired. */
  authenticateClient(clientId: string, clientSecret: string): ClientRegistration | undefined {
    const client = this.clients.get(clientId);
    if (!client || client.clientSecret !== clientSecret) return undefined;
    return client.expiresAtMs > Date.now() ? client : undefined;
  }

  expireRegistration(clientId: string): void {
    const client = this.clients.get(clientId);
    if (client) client.expiresAtMs = Date.now() - 1;
  }

  startDevice(client: ClientRegistration, startUrl: string): DeviceAuthorization {
    const device: DeviceAuthorization = {
      deviceCode: this.remember(secrets.newDeviceCode()),
      userCode: secrets.newUserCode(),
      clientId: client.clientId,
      startUrl,
      expiresAtMs: Date.now() + this.settings.deviceCodeTtlSeconds * 1000,
      intervalMs: this.settings.deviceInterval * 1000,
      state: 'pending',
      pendingPolls: 0,
    };
    this.devices.set(device.deviceCode, device);
    return device;
  }

  deviceByUserCode(userCode: string): DeviceAuthorization | undefined {
    const wanted = userCode.toUpperCase();
    for (const device of this.devices.values()) if (device.userCode === wanted) return device;
    return undefined;
  }

  /** What a successful login grants: refreshable only when the client asked for the scope. */
  issueTokens(client: ClientRegistration, sessionId: string, ttlSeconds?: number): TokenGrant {
    const refreshable = client.scopes.includes(REFRESHABLE_SCOPE);
    const defaultTtl = refreshable ? this.settings.accessTokenTtlSeconds : LEGACY_TOKEN_TTL_SECONDS;
    const expiresIn = ttlSeconds ?? defaultTtl;
    const grant: TokenGrant = {
      accessToken: this.issueAccessToken(sessionId, expiresIn),
      expiresIn,
    };
    if (refreshable) grant.refreshToken = this.issueRefreshToken(client.clientId, sessionId);
    return grant;
  }

  issueAccessToken(sessionId: string, ttlSeconds: number): string {
    const token = this.remember(secrets.newAccessToken());
    this.accessTokens.set(token, { expiresAtMs: Date.now() + ttlSeconds * 1000, sessionId });
    return token;
  }

  private issueRefreshToken(clientId: string, sessionId: string): string {
    const token = this.remember(secrets.newRefreshToken());
    this.refreshTokens.set(token, { clientId, sessionId });
    this.lastRefreshToken = token;
    return token;
  }

  /** The session of a live access token; undefined when unknown, revoked or expired. */
  accessTokenSession(token: string): string | undefined {
    const record = this.accessTokens.get(token);
    return record && record.expiresAtMs > Date.now() ? record.sessionId : undefined;
  }

  accessTokenExpiresAtMs(token: string): number | undefined {
    return this.accessTokens.get(token)?.expiresAtMs;
  }

  isRefreshTokenValid(token: string): boolean {
    return this.refreshTokens.has(token);
  }

  /** A refresh_token grant; undefined means invalid_grant (unknown, revoked, other client). */
  refresh(client: ClientRegistration, refreshToken: string): TokenGrant | undefined {
    const record = this.refreshTokens.get(refreshToken);
    if (!record || record.clientId !== client.clientId) return undefined;
    const expiresIn = this.settings.accessTokenTtlSeconds;
    const accessToken = this.issueAccessToken(record.sessionId, expiresIn);
    if (!this.settings.rotateRefreshTokens) return { accessToken, expiresIn, refreshToken };
    this.refreshTokens.delete(refreshToken);
    const rotated = this.issueRefreshToken(client.clientId, record.sessionId);
    return { accessToken, expiresIn, refreshToken: rotated };
  }

  revokeAccessToken(token: string): void {
    this.accessTokens.delete(token);
  }

  revokeRefreshToken(token: string): void {
    this.refreshTokens.delete(token);
  }

  expireAccessToken(token: string): void {
    const record = this.accessTokens.get(token);
    if (record) record.expiresAtMs = Date.now() - 1;
  }

  /** Logout ends the sign-in session: its access tokens and its refresh tokens. */
  endSession(sessionId: string): void {
    for (const [token, record] of this.accessTokens) {
      if (record.sessionId === sessionId) this.accessTokens.delete(token);
    }
    for (const [token, record] of this.refreshTokens) {
      if (record.sessionId === sessionId) this.refreshTokens.delete(token);
    }
  }

  /**
   * Fresh random credentials on every call, expiring credentialsTtlSeconds from now (or
   * `ttlSeconds`), remembered with whose they are so that STS can check what they sign.
   */
  issueRoleCredentials(
    identity: CredentialIdentity,
    ttlSeconds = this.settings.credentialsTtlSeconds,
  ): RoleCredentials {
    const credentials = {
      accessKeyId: this.remember(secrets.newAccessKeyId()),
      secretAccessKey: this.remember(secrets.newSecretAccessKey()),
      sessionToken: this.remember(secrets.newSessionToken()),
      // An integer: clients parse it as epoch milliseconds (JS `new Date(n)`, botocore n/1000).
      expiration: Math.floor(Date.now() + ttlSeconds * 1000),
    };
    this.awsCredentials.set(credentials.accessKeyId, {
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiresAtMs: credentials.expiration,
      identity,
    });
    return credentials;
  }

  /** The credentials issued with this access key id, expired or not. */
  issuedCredentials(accessKeyId: string): IssuedCredentials | undefined {
    return this.awsCredentials.get(accessKeyId);
  }

  /** Every AWS credential issued so far is expired from now on (STS then says ExpiredToken). */
  expireAwsCredentials(): void {
    for (const record of this.awsCredentials.values()) record.expiresAtMs = Date.now() - 1;
  }

  /** When role credentials with this access key id expire (epoch ms); undefined if never issued. */
  credentialsExpiryMs(accessKeyId: string): number | undefined {
    return this.awsCredentials.get(accessKeyId)?.expiresAtMs;
  }
}
