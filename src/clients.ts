import { SSOClient } from '@aws-sdk/client-sso';
import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** The two IAM Identity Center clients, for one region. */
export interface IdentityCenterClients {
  readonly oidc: SSOOIDCClient;
  readonly portal: SSOClient;
}

export interface ClientOptions {
  /** Total attempts per API call, including the first. */
  readonly maxAttempts?: number;
  /** Per-attempt limit: a silent endpoint must not hang a job. */
  readonly requestTimeoutMs?: number;
  readonly connectionTimeoutMs?: number;
}

const DEFAULTS = { maxAttempts: 3, requestTimeoutMs: 20_000, connectionTimeoutMs: 5_000 } as const;

/**
 * Builds unsigned clients (these APIs take no AWS credentials). No `endpoint` is set on
 * purpose: the SDK then honours AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC, which is how
 * private endpoints, the tests and the demo point the action elsewhere.
 */
export function createClients(region: string, options: ClientOptions = {}): IdentityCenterClients {
  const settings = { ...DEFAULTS, ...options };
  const requestHandler = new NodeHttpHandler({
    connectionTimeout: settings.connectionTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    // Without this the handler only logs a warning when requestTimeout passes.
    throwOnRequestTimeout: true,
  });
  const config = {
    region,
    maxAttempts: settings.maxAttempts,
    requestHandler,
    customUserAgent: 'aws-sso-credentials',
  };
  return { oidc: new SSOOIDCClient(config), portal: new SSOClient(config) };
}
