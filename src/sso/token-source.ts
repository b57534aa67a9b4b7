import type { SsoSession } from './session.js';

/** Where the IAM Identity Center token comes from: exactly one of the three input forms. */
export type TokenSource =
  | { readonly kind: 'access-token'; readonly accessToken: string }
  | {
      readonly kind: 'refresh-token';
      readonly refreshToken: string;
      readonly clientId: string;
      readonly clientSecret: string;
    }
  | { readonly kind: 'sso-session'; readonly session: SsoSession };
