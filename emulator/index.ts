import { generateAccounts } from './accounts.js';
import type { AuthorizationRequest } from './authorization.js';
import { settleDevice } from './device.js';
import { FaultQueue } from './faults.js';
import { DEVICE_CODE_GRANT, REFRESH_TOKEN_GRANT } from './oidc.js';
import { newSessionId } from './secrets.js';
import { EmulatorServer } from './server.js';
import { EmulatorState, REFRESHABLE_SCOPE, type Settings } from './state.js';
import { Throttle } from './throttle.js';
import type {
  AccountSpec,
  AssumableRoleSpec,
  AssumeRoleRecord,
  EmulatorOptions,
  EmulatorUser,
  Fault,
  RequestLogEntry,
  SeededSession,
} from './types.js';

/**
 * A loopback emulator of AWS IAM Identity Center: the SSO OIDC API and the SSO portal API on one
 * 127.0.0.1 port, for tests and the demo. Test-only: nothing under src/ may import it.
 */

export { generateAccounts } from './accounts.js';
export type { AuthorizationRequest } from './authorization.js';
export { STS_PATH } from './routes.js';
export type {
  AccountSpec,
  AssumableRoleSpec,
  AssumeRoleRecord,
  EmulatorOptions,
  EmulatorUser,
  Fault,
  RateLimit,
  RequestLogEntry,
  SeededSession,
} from './types.js';

export const DEFAULT_START_URL = 'https://d-1234567890.awsapps.com/start';
export const DEFAULT_REGION = 'us-east-1';

export const DEFAULT_ACCOUNTS: readonly AccountSpec[] = [
  {
    accountId: '111111111111',
    accountName: 'Production',
    emailAddress: 'production@example.com',
    roles: ['ReadOnly', 'AdministratorAccess'],
  },
  {
    accountId: '222222222222',
    accountName: 'Development',
    emailAddress: 'development@example.com',
    roles: ['ReadOnly', 'PowerUserAccess'],
  },
];

/**
 * The roles STS lets any credential the emulator issued assume (their trust policies trust
 * every permission set): a deployment role in a third account, with a path.
 */
export const DEFAULT_ASSUMABLE_ROLES: readonly AssumableRoleSpec[] = [
  { roleArn: 'arn:aws:iam::333333333333:role/Deployer' },
  { roleArn: 'arn:aws:iam::333333333333:role/ci/PathDeployer' },
];

/** The person the emulator's sign-in pages know, unless `users` says otherwise. */
export const DEFAULT_USERS: readonly EmulatorUser[] = [
  { username: 'emulator-user', password: 'emulator-password' },
];

function settingsFrom(options: EmulatorOptions): Settings {
  return {
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    credentialsTtlSeconds: options.credentialsTtlSeconds ?? 3600,
    ...(options.assumedRoleTtlSeconds === undefined
      ? {}
      : { assumedRoleTtlSeconds: options.assumedRoleTtlSeconds }),
    registrationTtlSeconds: options.registrationTtlSeconds ?? 90 * 24 * 60 * 60,
    deviceCodeTtlSeconds: options.deviceCodeTtlSeconds ?? 600,
    deviceInterval: options.deviceInterval ?? 1,
    slowDownIncrementSeconds: options.slowDownIncrementSeconds ?? 5,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    authorizationCodeTtlSeconds: options.authorizationCodeTtlSeconds ?? 300,
  };
}

/** The two default accounts, or `accountCount` generated ones followed by `accounts`. */
function seededAccounts(options: EmulatorOptions): readonly AccountSpec[] {
  if (options.accountCount === undefined) return options.accounts ?? DEFAULT_ACCOUNTS;
  return [...generateAccounts(options.accountCount), ...(options.accounts ?? [])];
}

/** The AWS CLI writes expiresAt without fractional seconds; both SDKs parse either form. */
export function cacheTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class IdentityCenterEmulator {
  readonly url: string;
  private readonly log: RequestLogEntry[];

  private constructor(
    private readonly server: EmulatorServer,
    private readonly state: EmulatorState,
    private readonly faults: FaultQueue,
    private readonly throttle: Throttle,
    private readonly latency: { ms: number },
    log: RequestLogEntry[],
  ) {
    this.url = server.url;
    this.log = log;
  }

  static async start(options: EmulatorOptions = {}): Promise<IdentityCenterEmulator> {
    const state = new EmulatorState(
      settingsFrom(options),
      seededAccounts(options),
      options.users ?? DEFAULT_USERS,
    );
    for (const role of options.assumableRoles ?? DEFAULT_ASSUMABLE_ROLES) {
      state.assumableRoles.set(role.roleArn, { ...role });
    }
    const faults = new FaultQueue();
    const throttle = new Throttle(options.rateLimit);
    const latency = { ms: options.latencyMs ?? 0 };
    const log: RequestLogEntry[] = [];
    const deps = { state, faults, throttle, log, latencyMs: () => latency.ms };
    const server = new EmulatorServer(deps);
    await server.listen(options.port ?? 0);
    return new IdentityCenterEmulator(server, state, faults, throttle, latency, log);
  }

  stop(): Promise<void> {
    return this.server.close();
  }

  /** Every API request in arrival order; control endpoints are not logged. */
  get requests(): readonly RequestLogEntry[] {
    return this.log;
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  /** The result of a completed device-flow login, registered and issued without HTTP. */
  seedSession(
    opts: {
      region?: string;
      startUrl?: string;
      scopes?: string[];
      accessTokenTtlSeconds?: number;
      registrationTtlSeconds?: number;
    } = {},
  ): SeededSession {
    const client = this.state.registerClient({
      clientName: 'botocore-client-seeded',
      scopes: opts.scopes ?? [REFRESHABLE_SCOPE],
      grantTypes: [DEVICE_CODE_GRANT, REFRESH_TOKEN_GRANT],
      ...(opts.registrationTtlSeconds === undefined
        ? {}
        : { ttlSeconds: opts.registrationTtlSeconds }),
    });
    const grant = this.state.issueTokens(client, newSessionId(), opts.accessTokenTtlSeconds);
    const session: SeededSession = {
      startUrl: opts.startUrl ?? DEFAULT_START_URL,
      region: opts.region ?? DEFAULT_REGION,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      registrationExpiresAt: new Date(client.expiresAtMs),
      accessToken: grant.accessToken,
      accessTokenExpiresAt: new Date(this.state.accessTokenExpiresAtMs(grant.accessToken) ?? 0),
    };
    if (grant.refreshToken !== undefined) session.refreshToken = grant.refreshToken;
    return session;
  }

  /** The session as the AWS CLI caches it in ~/.aws/sso/cache/<sha1>.json. */
  sessionDocument(s: SeededSession): Record<string, string> {
    const document: Record<string, string> = {
      startUrl: s.startUrl,
      region: s.region,
      accessToken: s.accessToken,
      expiresAt: cacheTimestamp(s.accessTokenExpiresAt),
    };
    if (s.refreshToken !== undefined) document.refreshToken = s.refreshToken;
    document.clientId = s.clientId;
    document.clientSecret = s.clientSecret;
    document.registrationExpiresAt = cacheTimestamp(s.registrationExpiresAt);
    return document;
  }

  /** A bare portal access token (its own session, no client registration). */
  issueAccessToken(opts: { ttlSeconds?: number } = {}): string {
    const ttl = opts.ttlSeconds ?? this.state.settings.accessTokenTtlSeconds;
    return this.state.issueAccessToken(newSessionId(), ttl);
  }

  revokeAccessToken(token: string): void {
    this.state.revokeAccessToken(token);
  }

  revokeRefreshToken(token: string): void {
    this.state.revokeRefreshToken(token);
  }

  expireAccessToken(token: string): void {
    this.state.expireAccessToken(token);
  }

  expireRegistration(clientId: string): void {
    this.state.expireRegistration(clientId);
  }

  /** Adds a role STS may assume, or replaces the one with the same ARN (extension). */
  addAssumableRole(spec: AssumableRoleSpec): void {
    this.state.assumableRoles.set(spec.roleArn, { ...spec });
  }

  /** Every AssumeRole STS granted, oldest first (extension). */
  assumeRoleRequests(): readonly AssumeRoleRecord[] {
    return this.state.assumeRoleRecords.map((record) => ({ ...record }));
  }

  /** Expires every AWS credential issued so far: STS answers ExpiredToken to them (extension). */
  expireAwsCredentials(): void {
    this.state.expireAwsCredentials();
  }

  /** Adds an account assignment, or replaces the one with the same id. */
  addAccount(spec: AccountSpec): void {
    this.state.addAccount(spec);
  }

  approveDevice(userCode: string): void {
    this.decide(userCode, 'approved');
  }

  denyDevice(userCode: string): void {
    this.decide(userCode, 'denied');
  }

  private decide(userCode: string, decision: 'approved' | 'denied'): void {
    const result = settleDevice(this.state.deviceByUserCode(userCode), decision);
    if (result === 'unknown') throw new Error(`emulator: unknown user code ${userCode}`);
    if (result === 'settled') throw new Error(`emulator: user code ${userCode} already decided`);
  }

  /**
   * GET /authorize approves at once (a redirect with the code), as if the seeded user had signed
   * in and chosen Allow: any HTTP client that follows redirects can then stand in for the browser.
   */
  autoAuthorize(on = true): void {
    this.state.autoAuthorize = on;
  }

  /** Approves every device authorization once it has answered "pending" `afterPolls` times. */
  autoApproveDevices(afterPolls: number): void {
    this.state.autoApproveAfter = afterPolls;
  }

  /** Queues `times` (default 1, Infinity = always) faults for requests to `path`. */
  injectFault(path: string, fault: Fault, times = 1): void {
    this.faults.add(path, fault, times);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setRateLimit(limit: EmulatorOptions['rateLimit'] | undefined): void {
    this.throttle.set(limit);
  }

  /** Changes the latency added to every API response (extension). */
  setLatency(ms: number): void {
    this.latency.ms = ms;
  }

  issuedSecrets(): string[] {
    return this.state.issuedSecrets();
  }

  /** The most recently issued refresh token, by any grant or seed. */
  get lastRefreshToken(): string | undefined {
    return this.state.lastRefreshToken;
  }

  /**
   * When the role credentials with this access key id expire (epoch ms), or undefined when the
   * emulator never issued it (extension: tests of clients that renew credentials themselves).
   */
  credentialsExpiryMs(accessKeyId: string): number | undefined {
    return this.state.credentialsExpiryMs(accessKeyId);
  }

  /** Whether a portal call with this token would be accepted now (extension). */
  isAccessTokenValid(token: string): boolean {
    return this.state.accessTokenSession(token) !== undefined;
  }

  /** Whether a refresh_token grant with this token would be accepted now (extension). */
  isRefreshTokenValid(token: string): boolean {
    return this.state.isRefreshTokenValid(token);
  }

  /** Every /authorize request the emulator accepted, oldest first (extension). */
  authorizationRequests(): readonly AuthorizationRequest[] {
    return this.state.authorization.accepted.map((request) => ({ ...request }));
  }

  /** User codes of device authorizations still waiting for a decision (extension). */
  pendingUserCodes(): string[] {
    return [...this.state.devices.values()]
      .filter((device) => device.state === 'pending')
      .map((device) => device.userCode);
  }
}
