import { randomBytes, randomUUID } from 'node:crypto';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  type SSOOIDCClient,
} from '@aws-sdk/client-sso-oidc';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { type AttemptLimits, DEFAULT_RETRY_POLICY, requestOptions } from '../http/retry.js';
import { sha256Base64Url } from '../shared/hash.js';
import {
  ACCOUNT_ACCESS_SCOPE,
  type ClientRegistration,
  type DeviceFlowOptions,
  type DeviceToken,
  type LoginRequest,
  loginSession,
  REFRESH_TOKEN_GRANT,
  readToken,
  registerClient,
  registrationOf,
} from './device-flow.js';
import { IdentityCenterError } from './identity-center-error.js';
import { callService } from './service-errors.js';
import type { SsoSession } from './session.js';

/**
 * The OAuth 2.0 authorization-code grant with PKCE (RFC 7636) against SSO OIDC, as the AWS CLI
 * runs it since 2.22 (`SSOTokenFetcherAuth`): register a client for the loopback redirect, send
 * the browser to the OIDC endpoint's /authorize page, and trade the code it comes back with for a
 * token. Where the browser comes back to is the caller's business (a loopback listener).
 */

export const AUTHORIZATION_CODE_GRANT = 'authorization_code';
/** Registered without a port, as the AWS CLI does: a loopback redirect may use any port (RFC 8252 §7.3). */
export const LOOPBACK_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';
export const CALLBACK_PATH = '/oauth/callback';

/** RFC 7636 §4.1: the unreserved characters a code verifier is made of. */
const VERIFIER_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
/** The AWS CLI's verifier length (RFC 7636 allows 43-128). */
const VERIFIER_LENGTH = 64;

export interface PkcePair {
  /** Kept in memory only: whoever holds it can redeem the code. */
  readonly verifier: string;
  readonly challenge: string;
}

/** S256: base64url(sha256(verifier)) without padding. */
export function challengeOf(verifier: string): string {
  // The verifier is ASCII (RFC 7636), so its UTF-8 bytes are its ASCII bytes.
  return sha256Base64Url(verifier);
}

/** A verifier of 64 unreserved characters, each drawn uniformly, and its S256 challenge. */
export function createPkcePair(): PkcePair {
  let verifier = '';
  while (verifier.length < VERIFIER_LENGTH) {
    for (const byte of randomBytes(VERIFIER_LENGTH)) {
      // 198 = 3 × 66: bytes at or above it would favour the first characters.
      if (byte < 198 && verifier.length < VERIFIER_LENGTH) verifier += VERIFIER_ALPHABET[byte % 66];
    }
  }
  return { verifier, challenge: challengeOf(verifier) };
}

/** The CSRF guard of the redirect: a fresh UUID, checked when the browser comes back. */
function newState(): string {
  return randomUUID();
}

export interface AuthorizeParameters {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly challenge: string;
  readonly scopes: readonly string[];
}

/**
 * The page the person signs in on: `/authorize` on the OIDC endpoint, with the query the AWS CLI
 * sends (note the key `scopes`, space-joined).
 */
export function authorizeUrl(oidcEndpoint: URL, parameters: AuthorizeParameters): string {
  const url = new URL('/authorize', oidcEndpoint.origin);
  const query: [string, string][] = [
    ['response_type', 'code'],
    ['client_id', parameters.clientId],
    ['redirect_uri', parameters.redirectUri],
    ['state', parameters.state],
    ['code_challenge_method', 'S256'],
    ['scopes', parameters.scopes.join(' ')],
    ['code_challenge', parameters.challenge],
  ];
  // %20 rather than URLSearchParams' '+': what the CLI sends, and unambiguous in any parser.
  url.search = query.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  return url.href;
}

/**
 * The OIDC endpoint exactly as the SDK resolves it for a call: AWS_ENDPOINT_URL_SSO_OIDC and
 * the config file's endpoint settings when present, else `https://oidc.REGION.amazonaws.com`.
 */
export async function resolveOidcEndpoint(oidc: SSOOIDCClient): Promise<URL> {
  const probe = { clientName: 'endpoint-probe', clientType: 'public' };
  const endpoint = await getEndpointFromInstructions(probe, RegisterClientCommand, oidc.config);
  return new URL(endpoint.url.href);
}

/** Where the browser comes back to after the sign-in: the caller's loopback listener. */
export interface CallbackReceiver {
  /** `http://127.0.0.1:PORT/oauth/callback`, sent both to /authorize and to CreateToken. */
  readonly redirectUri: string;
  /** The code of the callback carrying `state`; rejects on denial, a wrong state or a timeout. */
  waitForCode(state: string): Promise<string>;
}

interface CodeExchange {
  readonly code: string;
  readonly redirectUri: string;
  readonly verifier: string;
}

/** CreateToken with the code, as the AWS CLI sends it: the redirect with its port, the verifier. */
async function exchangeCode(
  oidc: SSOOIDCClient,
  client: ClientRegistration,
  exchange: CodeExchange,
  options: Pick<DeviceFlowOptions, 'mask' | 'retry'>,
): Promise<DeviceToken> {
  const command = new CreateTokenCommand({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    grantType: AUTHORIZATION_CODE_GRANT,
    code: exchange.code,
    redirectUri: exchange.redirectUri,
    codeVerifier: exchange.verifier,
  });
  const call = async (limits: AttemptLimits): Promise<DeviceToken | 'invalid_grant' | 'denied'> => {
    const now = Date.now();
    try {
      return readToken(await oidc.send(command, requestOptions(limits)), options.mask, now);
    } catch (error) {
      const { name } = (error ?? {}) as { name?: string };
      // Final answers about this code, not failures to retry.
      if (name === 'InvalidGrantException') return 'invalid_grant';
      if (name === 'AccessDeniedException') return 'denied';
      throw error;
    }
  };
  const context = { operation: 'CreateToken', ...registrationOf(client) } as const;
  const result = await callService(context, call, options.retry ?? DEFAULT_RETRY_POLICY);
  if (result === 'invalid_grant' || result === 'denied') {
    throw new IdentityCenterError({ kind: 'authorization-code-refused', reason: result });
  }
  return result;
}

export interface AuthorizationCodeOptions extends Pick<DeviceFlowOptions, 'mask' | 'retry'> {
  /** The endpoint whose /authorize page to open; resolved from the client when absent. */
  readonly oidcEndpoint?: URL;
}

/**
 * The whole sign-in: register for the loopback redirect, let the caller open the authorize URL,
 * wait for the code, exchange it. Returns the session document (the AWS CLI cache keys).
 */
export async function authorizationCodeLogin(
  oidc: SSOOIDCClient,
  request: LoginRequest,
  receiver: CallbackReceiver,
  present: (authorizeUrl: string) => void | Promise<void>,
  options: AuthorizationCodeOptions,
): Promise<SsoSession> {
  const client = await registerClient(oidc, request.clientName, options, {
    grantTypes: [AUTHORIZATION_CODE_GRANT, REFRESH_TOKEN_GRANT],
    redirectUris: [LOOPBACK_REDIRECT_URI],
    issuerUrl: request.startUrl,
  });
  const pkce = createPkcePair();
  options.mask(pkce.verifier);
  const state = newState();
  const endpoint = options.oidcEndpoint ?? (await resolveOidcEndpoint(oidc));
  const url = authorizeUrl(endpoint, {
    clientId: client.clientId,
    redirectUri: receiver.redirectUri,
    state,
    challenge: pkce.challenge,
    scopes: [ACCOUNT_ACCESS_SCOPE],
  });
  // Waiting before the browser can come back. Handled at once, so that an answer arriving while
  // the URL is still being presented (or after presenting failed) is never an unhandled rejection.
  const code = receiver.waitForCode(state);
  code.catch(() => undefined);
  await present(url);
  const exchange = { code: await code, redirectUri: receiver.redirectUri, verifier: pkce.verifier };
  options.mask(exchange.code);
  const token = await exchangeCode(oidc, client, exchange, options);
  return loginSession(request, client, token);
}
