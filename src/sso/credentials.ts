import type { GetRoleCredentialsResponse } from '@aws-sdk/client-sso';
import { GetRoleCredentialsCommand, type SSOClient } from '@aws-sdk/client-sso';
import {
  DEFAULT_RETRY_POLICY,
  MalformedResponseError,
  type RetryPolicy,
  requestOptions,
} from '../http/retry.js';
import type { SecretSink } from '../secrets/secret-sink.js';
import {
  credentialMember,
  expirationOf,
  InvalidResponseError,
  isCredential,
} from './response-shapes.js';
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
 * GetRoleCredentials. Each credential that has a credential's shape goes to `mask` as soon as it
 * arrives, before the others are checked, so that not even an error about a half-filled response
 * can show it. Every value is then checked (response-shapes.ts) before anything can use it: a
 * missing one is retried like a half-sent body, one in the wrong shape fails at once.
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
    async (limits) =>
      readRoleCredentials(await portal.send(command, requestOptions(limits)), mask, Date.now()),
    retry,
  );
}

function readRoleCredentials(
  response: GetRoleCredentialsResponse,
  mask: SecretSink,
  now: number,
): RoleCredentials {
  const raw: unknown = response.roleCredentials;
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new InvalidResponseError('invalid response: roleCredentials is not an object');
  }
  const fields = (raw ?? {}) as Record<string, unknown>;
  for (const kind of ['accessKeyId', 'secretAccessKey', 'sessionToken'] as const) {
    if (isCredential(fields[kind], kind)) mask(fields[kind]);
  }
  const [accessKeyId, secretAccessKey, sessionToken] = (
    ['accessKeyId', 'secretAccessKey', 'sessionToken'] as const
  ).map((kind) => credentialMember(fields[kind], kind, `roleCredentials.${kind}`));
  const expiration = expirationOf(fields.expiration, 'roleCredentials.expiration', now);
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration) {
    throw new MalformedResponseError(
      'roleCredentials lacks accessKeyId, secretAccessKey, sessionToken or expiration',
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}
