import { maskInLogs } from '../runner/masking.js';
import { UserError } from '../shared/errors.js';
import { withClients } from '../sso/clients.js';
import { refreshAccessToken } from '../sso/token.js';
import { stepClientOptions } from './client-options.js';
import { type RenewedToken, registrationOf } from './rotation.js';
import type { TokenSettings } from './token-inputs.js';

/**
 * A chunk of its own: the post step loads the AWS SDK only to redeem a token.
 *
 * A refresh token found on the job's disk after the job, which a tool of the job (or anything
 * else) put there: redeemed once (CreateToken, refresh grant) with the step's own registration,
 * so that only what IAM Identity Center issues, and answers now, can be written back. Returns
 * the renewed token (its refresh token: the one the service answered with, or the one redeemed
 * when it did not rotate); a refusal throws as any failed refresh does.
 */
export async function redeemRefreshToken(
  settings: TokenSettings,
  refreshToken: string,
): Promise<RenewedToken & { readonly rotatedRefreshToken: string }> {
  const registration = registrationOf(settings.tokenSource);
  if (!registration) throw new UserError('The step has no client registration to redeem with.');
  const token = await withClients(settings.ssoRegion, stepClientOptions(settings), (clients) =>
    refreshAccessToken(
      clients.oidc,
      { ...registration, refreshToken },
      maskInLogs,
      new Date(),
      clients.refreshRetry,
    ),
  );
  // Accepted as it is: proven, and now as secret as the ones the service hands out.
  if (!token.rotatedRefreshToken) maskInLogs(refreshToken);
  return {
    accessToken: token.accessToken,
    ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}),
    rotatedRefreshToken: token.rotatedRefreshToken ?? refreshToken,
  };
}
