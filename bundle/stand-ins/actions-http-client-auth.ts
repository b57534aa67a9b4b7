import { leftOutClass } from './left-out.js';

/** Stands in for @actions/http-client/lib/auth, which @actions/core's getIDToken uses too. */
export const BearerCredentialHandler = leftOutClass(
  '@actions/http-client/lib/auth',
  'BearerCredentialHandler',
  "neither action requests an OIDC ID token (@actions/core's getIDToken)",
);
