/**
 * What the action step and its credential endpoint (src/endpoint/, a detached process) say to
 * each other: the launch document the step writes to the endpoint's stdin (one JSON line, then
 * EOF), the handshake line the endpoint writes to its pipe (fd 3) once it listens, the paths it
 * serves, and the address file the credential_process client reads. Front ends never import each
 * other, so this contract sits below both.
 */

/** The access token and, when the job holds it, the refresh grant: in memory only. */
export interface LaunchToken {
  readonly accessToken: string;
  /** ISO 8601; absent for a bare access-token input. */
  readonly expiresAt?: string;
  readonly refresh?: {
    readonly refreshToken: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly registrationExpiresAt?: string;
  };
}

/** role-to-assume: what the endpoint assumes again with the permission set's credentials. */
export interface LaunchChain {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly region: string;
  readonly externalId?: string;
  readonly inlinePolicy?: string;
  readonly managedPolicyArns?: readonly string[];
}

/** Credentials as served (the container-credentials document's members). */
export interface ServedCredentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly Token: string;
  /** ISO 8601 UTC. */
  readonly Expiration: string;
  readonly AccountId: string;
}

/** One role the endpoint serves, under `key` (DEFAULT_ROLE_KEY, or a profile's name). */
export interface LaunchRole {
  readonly key: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly chain?: LaunchChain;
  /** The credentials the step obtained: served at once, renewed before they expire. */
  readonly current: ServedCredentials;
}

export interface LaunchDocument {
  readonly version: 1;
  readonly ssoRegion: string;
  readonly token: LaunchToken;
  readonly roles: readonly LaunchRole[];
  /** The Authorization value clients send (AWS_CONTAINER_AUTHORIZATION_TOKEN). */
  readonly authorization: string;
  /** The Authorization value of the post step's control request. */
  readonly control: string;
  /** Keys the HMAC that proves the close answer came from this endpoint; never sent. */
  readonly seal: string;
  readonly transport: {
    readonly maxAttempts: number;
    readonly proxy?: { readonly url: string; readonly noProxy: string };
  };
}

/** The role served at CREDENTIALS_PATH itself (account-id and role-name). */
export const DEFAULT_ROLE_KEY = '';
/** Where clients ask: `http://127.0.0.1:PORT/aws-sso-credentials/credentials[/PROFILE]`. */
export const CREDENTIALS_PATH = '/aws-sso-credentials/credentials';
/** The post step's request: the final token state, then the endpoint stops. */
export const CLOSE_PATH = '/aws-sso-credentials/control/close';
/** The header of the close answer: HMAC-SHA256(seal, nonce + body), hex. */
export const PROOF_HEADER = 'x-aws-sso-credentials-proof';
/** The header of the close request: a fresh nonce the proof covers. */
export const NONCE_HEADER = 'x-aws-sso-credentials-nonce';

/** The one line the endpoint writes to fd 3 once it listens, then closes the pipe. */
export const handshakeLine = (port: number): string => `listening on port ${port}\n`;
export const HANDSHAKE = /^listening on port (\d{1,5})\n$/;

/** The close answer: a refresh token the endpoint's own refresh rotated, with its access token. */
export interface CloseAnswer {
  readonly rotated?: {
    readonly refreshToken: string;
    readonly accessToken: string;
    readonly expiresAt: string;
  };
}

/** The 0600 file the credential_process client reads: the address and token, never the session. */
export interface AddressFile {
  readonly url: string;
  readonly authorization: string;
}

/** The most a launch document may weigh: far more than 1,000 profiles take. */
export const MAX_LAUNCH_BYTES = 4 * 1024 * 1024;
