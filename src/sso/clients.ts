import { SSOClient } from '@aws-sdk/client-sso';
import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { checkSharedConfigFiles } from '../disk/config-files.js';
import { BoundedHttpHandler, MAX_BODY_BYTES } from '../http/bounded-handler.js';
import { createProxyAgents } from '../http/proxy.js';
import {
  type CallBudget,
  DEFAULT_RETRY_POLICY,
  type RetryEvent,
  type RetryPolicy,
} from '../http/retry.js';
import type { Deadline } from '../time/deadline.js';
import { CALL_BUDGET, REFRESH_BUDGET } from './limits.js';

/** The two IAM Identity Center clients for one region, and the retry policies for calls through them. */
export interface IdentityCenterClients {
  readonly oidc: SSOOIDCClient;
  readonly portal: SSOClient;
  /** Every call but a refresh. */
  readonly retry: RetryPolicy;
  /** CreateToken with a refresh token: longer, whole attempts (limits.ts). */
  readonly refreshRetry: RetryPolicy;
}

export interface ClientOptions {
  /** Total attempts per API call, including the first. */
  readonly maxAttempts?: number;
  /** Per-attempt limit: a silent endpoint must not hang a job. */
  readonly requestTimeoutMs?: number;
  readonly connectionTimeoutMs?: number;
  /** Every attempt and wait of one call (limits.ts: CALL_BUDGET, REFRESH_BUDGET). */
  readonly callBudgetMs?: number;
  readonly refreshBudget?: CallBudget;
  /** A deadline that every call joins (an action's action-timeout-s). */
  readonly deadline?: Deadline | undefined;
  /** A forward proxy for both services, and the NO_PROXY list that bypasses it. */
  readonly proxy?: { readonly url: URL; readonly noProxy: string } | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** 10 s per attempt (limits.ts), 5 s to connect. */
const DEFAULT_TIMEOUTS = {
  requestTimeoutMs: CALL_BUDGET.attemptTimeoutMs,
  connectionTimeoutMs: 5_000,
} as const;

/** Creates the clients, hands them to `use`, and closes their connections however `use` ends. */
export async function withClients<T>(
  region: string,
  options: ClientOptions,
  use: (clients: IdentityCenterClients) => Promise<T>,
): Promise<T> {
  const clients = await createClients(region, options);
  try {
    return await use(clients);
  } finally {
    clients.oidc.destroy();
    clients.portal.destroy();
  }
}

/**
 * Builds unsigned clients (these APIs take no AWS credentials). No `endpoint` is set on
 * purpose: the SDK then honours AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC, which is how
 * private endpoints, the tests and the demo point the action elsewhere.
 */
export async function createClients(
  region: string,
  options: ClientOptions = {},
): Promise<IdentityCenterClients> {
  const { requestHandler, retry, refreshRetry } = await createTransport(options);
  // maxAttempts 1: retries are retry.ts's job, so that there is one policy and one error message.
  const config = { region, maxAttempts: 1, requestHandler, customUserAgent: 'aws-sso-credentials' };
  return { oidc: new SSOOIDCClient(config), portal: new SSOClient(config), retry, refreshRetry };
}

/** What every SDK client of this project is built with: one handler and the retry policies. */
export interface Transport {
  readonly requestHandler: BoundedHttpHandler;
  readonly retry: RetryPolicy;
  /** For CreateToken with a refresh token: longer attempts, never cut short (limits.ts). */
  readonly refreshRetry: RetryPolicy;
}

/**
 * The bounded HTTP handler (timeouts, proxy, 1 MiB per body) and the retry policy for `options`;
 * also used by the STS client of role chaining (src/sts/), so that every call is bounded alike.
 */
export async function createTransport(options: ClientOptions = {}): Promise<Transport> {
  // The SDK reads these files with no bound; a FIFO there would hang the step (config-files.ts).
  checkSharedConfigFiles();
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options };
  const agents = options.proxy
    ? await createProxyAgents(options.proxy.url, options.proxy.noProxy, timeouts.requestTimeoutMs)
    : {};
  // Bounded: at most 1 MiB per body, and the whole response within requestTimeout.
  const bounds = { maxBodyBytes: MAX_BODY_BYTES, deadlineMs: timeouts.requestTimeoutMs };
  const requestHandler = new BoundedHttpHandler(
    {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // Without this the handler only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
      ...agents,
    },
    bounds,
  );
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    maxAttempts: options.maxAttempts || DEFAULT_RETRY_POLICY.maxAttempts,
    onRetry: options.onRetry,
    deadline: options.deadline,
    budget: {
      attemptTimeoutMs: timeouts.requestTimeoutMs,
      totalMs: options.callBudgetMs ?? CALL_BUDGET.totalMs,
    },
  };
  const refreshRetry = { ...retry, budget: options.refreshBudget ?? REFRESH_BUDGET };
  return { requestHandler, retry, refreshRetry };
}
