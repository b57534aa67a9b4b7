import type { GetRoleCredentialsResponse } from '@aws-sdk/client-sso';
import { GetRoleCredentialsCommand, type SSOClient } from '@aws-sdk/client-sso';
import { DEFAULT_RETRY_POLICY, MalformedResponseError, type RetryPolicy } from './retry.js';
import type { SecretSink } from './secret-sink.js';
import { callService } from './service-errors.js';

/** Temporary credentials of one permission set in one account. */
export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface RoleRequest {
  readonly accessToken: string;
  readonly accountId: string;
  readonly roleName: string;
  /** Whether the access token was just refreshed: what a rejection of it means depends on it. */
  readonly tokenJustRefreshed?: boolean;
}

/**
 * GetRoleCredentials. Each credential goes to `mask` as soon as it arrives, before it is
 * checked, so that not even an error about a half-filled response can show it. A malformed
 * response is retried like a transient fault.
 */
export async function getRoleCredentials(
  portal: SSOClient,
  request: RoleRequest,
  mask: SecretSink,
  retry: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<RoleCredentials> {
  const { accessToken, accountId, roleName } = request;
  const context = {
    operation: 'GetRoleCredentials',
    accountId,
    roleName,
    ...(request.tokenJustRefreshed === undefined
      ? {}
      : { tokenJustRefreshed: request.tokenJustRefreshed }),
  } as const;
  const command = new GetRoleCredentialsCommand({ accessToken, accountId, roleName });
  return callService(
    context,
    async () => readRoleCredentials(await portal.send(command), mask),
    retry,
  );
}

function readRoleCredentials(
  response: GetRoleCredentialsResponse,
  mask: SecretSink,
): RoleCredentials {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = response.roleCredentials ?? {};
  for (const secret of [accessKeyId, secretAccessKey, sessionToken]) {
    if (typeof secret === 'string') mask(secret);
  }
  // The portal sends expiration in epoch milliseconds.
  if (
    !accessKeyId ||
    !secretAccessKey ||
    !sessionToken ||
    !Number.isFinite(expiration) ||
    !expiration
  ) {
    throw new MalformedResponseError(
      'roleCredentials lacks accessKeyId, secretAccessKey, sessionToken or expiration',
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiration) };
}
