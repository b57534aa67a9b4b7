import { GetRoleCredentialsCommand, type SSOClient } from '@aws-sdk/client-sso';
import { ActionError } from './errors.js';
import type { SecretSink } from './masking.js';
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
  /** Advice shown when the portal rejects the access token. */
  readonly expiredTokenHint?: string;
}

/**
 * GetRoleCredentials. Each credential goes to `mask` as soon as it arrives, before it is
 * checked, so that not even an error about a half-filled response can show it.
 */
export async function getRoleCredentials(
  portal: SSOClient,
  request: RoleRequest,
  mask: SecretSink,
): Promise<RoleCredentials> {
  const { accessToken, accountId, roleName } = request;
  const context = {
    operation: 'GetRoleCredentials',
    accountId,
    roleName,
    expiredTokenHint: request.expiredTokenHint,
  } as const;
  const response = await callService(context, () =>
    portal.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName })),
  );
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
    throw new ActionError(
      'GetRoleCredentials returned a malformed response: roleCredentials lacks accessKeyId, secretAccessKey, sessionToken or expiration.',
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiration) };
}
