import type { SSOClient } from '@aws-sdk/client-sso';
import type { RetryPolicy } from '../http/retry.js';
import { rememberSecret } from '../secrets/known-secrets.js';
import type { LaunchRole, ServedCredentials } from '../shared/endpoint-protocol.js';
import type { ClientOptions } from '../sso/clients.js';
import { getRoleCredentials, type RoleCredentials } from '../sso/credentials.js';
import { problemOf } from '../sso/identity-center-error.js';
import type { assumeRole as AssumeRole } from '../sts/assume-role.js';
import { isStsError } from '../sts/sts-error.js';
import { endpointLog } from './endpoint-log.js';
import { describeForEndpoint } from './endpoint-vocabulary.js';
import type { SessionKeeper } from './session-keeper.js';

/** botocore asks again on every call once fewer than 15 minutes are left: renew before that. */
const RENEW_LEAD_MS = 16 * 60 * 1000;
/** However short the lifetime (tests), no renewal sooner than this after the last. */
const MIN_RENEW_DELAY_MS = 1_000;
/** After a failure that may pass (a timeout, throttling), the next try within this. */
const MAX_RETRY_DELAY_MS = 60_000;

/** Why a role can no longer be renewed: the sentence the endpoint answers with. */
export interface Failure {
  readonly permanent: boolean;
  readonly message: string;
}

export interface RoleServices {
  readonly portal: SSOClient;
  readonly retry: RetryPolicy;
  readonly session: SessionKeeper;
  readonly clientOptions: ClientOptions;
  /** The STS bundle, loaded only when a role is chained. */
  readonly loadSts: () => Promise<{ assumeRole: typeof AssumeRole }>;
  /** Told when this role can no longer be renewed. */
  readonly onPermanentFailure: () => void;
}

/**
 * One role the endpoint serves. Its credentials are renewed in the background, ahead of their
 * expiry (never inside a client's request), and a renewal under way is shared by everyone who
 * needs it: a burst of clients causes no call at all, and a timer causes one.
 */
export class RoleKeeper {
  private current: ServedCredentials;
  private obtainedAt: number;
  private renewing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  failure: Failure | undefined;

  constructor(
    readonly role: LaunchRole,
    private readonly services: RoleServices,
    now: number = Date.now(),
  ) {
    this.current = role.current;
    this.obtainedAt = now;
  }

  /** The credentials while they have not expired. */
  valid(now: number = Date.now()): ServedCredentials | undefined {
    return Date.parse(this.current.Expiration) > now ? this.current : undefined;
  }

  /** Schedules the next renewal: 16 minutes before expiry, or halfway for short lifetimes. */
  schedule(now: number = Date.now()): void {
    clearTimeout(this.timer);
    const expiry = Date.parse(this.current.Expiration);
    const lifetime = expiry - this.obtainedAt;
    const lead = Math.min(RENEW_LEAD_MS, lifetime / 2);
    const delay = Math.max(MIN_RENEW_DELAY_MS, expiry - lead - now);
    this.timer = setTimeout(() => void this.renew(), delay);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** When the credentials served now expire (epoch ms). */
  expiresAt(): number {
    return Date.parse(this.current.Expiration);
  }

  /** A renewal, or the one under way. Never rejects: trouble is recorded in `failure`. */
  renew(): Promise<void> {
    if (this.failure?.permanent) return Promise.resolve();
    this.renewing ??= this.renewOnce().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewOnce(): Promise<void> {
    try {
      const fresh = await this.obtain();
      this.current = fresh;
      this.obtainedAt = Date.now();
      this.failure = undefined;
      endpointLog(`Renewed ${this.describe()}: valid until ${fresh.Expiration}.`);
      this.schedule();
    } catch (error) {
      this.recordFailure(error);
    }
  }

  private recordFailure(error: unknown): void {
    const permanent = isPermanent(error);
    const message = describeForEndpoint(error);
    this.failure = { permanent, message };
    endpointLog(`Could not renew ${this.describe()}: ${message}`);
    if (permanent) {
      this.services.onPermanentFailure();
      return;
    }
    const left = Date.parse(this.current.Expiration) - Date.now();
    const delay = Math.min(MAX_RETRY_DELAY_MS, Math.max(MIN_RENEW_DELAY_MS, left / 4));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.renew(), delay);
  }

  /** GetRoleCredentials (a rejected token is refreshed once), then AssumeRole for a chain. */
  private async obtain(): Promise<ServedCredentials> {
    const { role } = this;
    const first = await this.permissionSetCredentials();
    if (!role.chain) return served(first, role.accountId);
    const { assumeRole } = await this.services.loadSts();
    const { chain } = role;
    const assumed = await assumeRole(
      {
        region: chain.region,
        credentials: first,
        roleArn: chain.roleArn,
        sessionName: chain.sessionName,
        durationSeconds: chain.durationSeconds,
        ...(chain.externalId ? { externalId: chain.externalId } : {}),
        ...(chain.inlinePolicy ? { inlinePolicy: chain.inlinePolicy } : {}),
        managedPolicyArns: chain.managedPolicyArns ?? [],
        clientOptions: this.services.clientOptions,
      },
      rememberSecret,
    );
    return served(assumed.credentials, assumed.accountId);
  }

  private async permissionSetCredentials(): Promise<RoleCredentials> {
    const { session } = this.services;
    const token = await session.usableToken();
    try {
      return await this.getRoleCredentials(token.accessToken, token.justRefreshed);
    } catch (error) {
      const rejected = problemOf(error)?.kind === 'access-token-rejected';
      if (!rejected || token.justRefreshed || !session.canRefresh) throw error;
      const fresh = await session.refresh();
      return this.getRoleCredentials(fresh.accessToken, true);
    }
  }

  private getRoleCredentials(accessToken: string, justRefreshed: boolean) {
    const { accountId, roleName } = this.role;
    return getRoleCredentials(
      this.services.portal,
      { accessToken, accountId, roleName, tokenJustRefreshed: justRefreshed },
      rememberSecret,
      this.services.retry,
    );
  }

  describe(): string {
    const { role } = this;
    const name = role.key ? `profile '${role.key}' (` : '';
    const target = role.chain
      ? `'${role.chain.roleArn}' through '${role.roleName}' in ${role.accountId}`
      : `'${role.roleName}' in ${role.accountId}`;
    return `${name}${target}${role.key ? ')' : ''}`;
  }
}

function served(credentials: RoleCredentials, accountId: string): ServedCredentials {
  return {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    Token: credentials.sessionToken,
    Expiration: credentials.expiration.toISOString(),
    AccountId: accountId,
  };
}

/** The session ended, the role was removed or refused: no retry will help. */
function isPermanent(error: unknown): boolean {
  if (isStsError(error)) {
    const kind = error.problem.kind;
    return kind === 'denied' || kind === 'session-too-long' || kind === 'region-disabled';
  }
  const kind = problemOf(error)?.kind;
  return (
    kind === 'refresh-token-refused' ||
    kind === 'client-refused' ||
    kind === 'session-token-expired' ||
    kind === 'access-token-rejected' ||
    kind === 'no-access' ||
    kind === 'not-found'
  );
}
