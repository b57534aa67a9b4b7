import { leftOutClass } from './left-out.js';

/**
 * Stands in for @actions/http-client (and undici and tunnel behind it: about 480 kB).
 * @actions/core imports it for one feature, getIDToken (OIDC ID tokens for the job), which
 * neither action calls: their calls go to IAM Identity Center and GitHub's REST API through
 * src/http/ and the AWS SDK.
 */
export const HttpClient = leftOutClass(
  '@actions/http-client',
  'HttpClient',
  "neither action requests an OIDC ID token (@actions/core's getIDToken)",
);
