import { REGISTRATION_WARNING_WINDOW_MS } from '../runner/constants.js';
import type { RoleCredentials } from '../sso/credentials.js';
import type { AccessToken } from '../sso/token.js';
import { timeUntil } from '../time/relative-time.js';
import { LOGIN_HINT } from './vocabulary.js';

/**
 * Early warnings about what will stop later runs from working, as annotation texts. The
 * credentials themselves are fine; these are about the secrets the workflow keeps.
 */
export function expiryWarnings(
  token: AccessToken,
  credentials: RoleCredentials,
  now: Date = new Date(),
): string[] {
  const warnings: string[] = [];
  const registration = token.registrationExpiresAt;
  if (registration && registration.getTime() - now.getTime() < REGISTRATION_WARNING_WINDOW_MS) {
    warnings.push(
      `The OIDC client registration expires at ${registration.toISOString()} (${timeUntil(registration, now)}); after that its refresh token stops working. Before then, ${LOGIN_HINT}.`,
    );
  }
  // A token that can be refreshed is renewed when needed, so only one that cannot can run out.
  const tokenExpiry = token.expiresAt;
  if (!token.renewable && tokenExpiry && tokenExpiry.getTime() < credentials.expiration.getTime()) {
    warnings.push(
      `The access token expires at ${tokenExpiry.toISOString()} (${timeUntil(tokenExpiry, now)}), before these credentials do, and it cannot be refreshed: later runs will fail. Give a refresh token, or ${LOGIN_HINT}.`,
    );
  }
  return warnings;
}
