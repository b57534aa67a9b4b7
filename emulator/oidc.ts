import { s256 } from './authorization.js';
import { AUTHORIZATION_CODE_GRANT } from './authorize.js';
import { type PollOutcome, pollDevice } from './device.js';
import { VERIFICATION_PATH } from './device-page.js';
import { newSessionId } from './secrets.js';
import type { ClientRegistration, EmulatorState, TokenGrant } from './state.js';
import {
  type ApiRequest,
  type ApiResponse,
  isJsonObject,
  jsonResponse,
  oidcError,
  stringListMember,
  stringMember,
} from './wire.js';

/**
 * The three SSO OIDC operations the CLI and SDKs use: RegisterClient, StartDeviceAuthorization
 * and CreateToken (device_code, authorization_code and refresh_token grants). Bodies are JSON;
 * errors are {error, error_description}.
 */

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const REFRESH_TOKEN_GRANT = 'refresh_token';

/** Wire integers: the model types expiresIn/interval as integer seconds. */
const wholeSeconds = (seconds: number): number => Math.max(1, Math.ceil(seconds));

function missing(name: string): ApiResponse {
  return oidcError('InvalidRequestException', `Missing required parameter: ${name}`);
}

/** The first required member that is absent, as an error; undefined when all are present. */
function requireMembers(body: unknown, names: readonly string[]): ApiResponse | undefined {
  if (!isJsonObject(body)) return oidcError('InvalidRequestException', 'Request body is not JSON');
  const absent = names.find((name) => stringMember(body, name) === undefined);
  return absent === undefined ? undefined : missing(absent);
}

/** Authenticates clientId/clientSecret; an unknown, mismatched or expired one is a 401. */
function authenticate(state: EmulatorState, body: unknown): ClientRegistration | ApiResponse {
  const clientId = stringMember(body, 'clientId') ?? '';
  const client = state.authenticateClient(clientId, stringMember(body, 'clientSecret') ?? '');
  if (client) return client;
  const known = state.clients.get(clientId);
  const why = known && known.expiresAtMs <= Date.now() ? 'Client registration has expired' : '';
  return oidcError('InvalidClientException', why || 'Invalid client id or client secret');
}

function isResponse(value: ClientRegistration | ApiResponse): value is ApiResponse {
  return 'status' in value;
}

export function registerClient(state: EmulatorState, req: ApiRequest): ApiResponse {
  if (!isJsonObject(req.body))
    return oidcError('InvalidRequestException', 'Request body is not JSON');
  const clientName = stringMember(req.body, 'clientName');
  const clientType = stringMember(req.body, 'clientType');
  if (clientName === undefined) {
    return oidcError('InvalidClientMetadataException', 'clientName is required');
  }
  if (clientType !== 'public') {
    return oidcError('InvalidClientMetadataException', 'The only supported clientType is public');
  }
  const grantTypes = stringListMember(req.body, 'grantTypes');
  const redirectUris = stringListMember(req.body, 'redirectUris');
  const badRedirect = checkRedirectUris(grantTypes, redirectUris);
  if (badRedirect) return oidcError('InvalidRedirectUriException', badRedirect);
  const issuerUrl = stringMember(req.body, 'issuerUrl');
  const client = state.registerClient({
    clientName,
    scopes: stringListMember(req.body, 'scopes'),
    grantTypes,
    redirectUris,
    ...(issuerUrl === undefined ? {} : { issuerUrl }),
  });
  return jsonResponse(200, {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    clientIdIssuedAt: Math.floor(client.issuedAtMs / 1000),
    clientSecretExpiresAt: Math.floor(client.expiresAtMs / 1000),
  });
}

/** An authorization_code client needs somewhere to be sent back to, and only absolute URLs. */
function checkRedirectUris(grantTypes: string[], redirectUris: string[]): string | undefined {
  if (grantTypes.includes(AUTHORIZATION_CODE_GRANT) && redirectUris.length === 0) {
    return 'redirectUris is required for the authorization_code grant';
  }
  const invalid = redirectUris.find((uri) => !URL.canParse(uri) || !/^https?:/.test(uri));
  return invalid === undefined ? undefined : 'Every redirect URI must be an absolute http(s) URL';
}

export function startDeviceAuthorization(
  state: EmulatorState,
  req: ApiRequest,
  baseUrl: string,
): ApiResponse {
  const invalid = requireMembers(req.body, ['clientId', 'clientSecret', 'startUrl']);
  if (invalid) return invalid;
  const client = authenticate(state, req.body);
  if (isResponse(client)) return client;
  const device = state.startDevice(client, stringMember(req.body, 'startUrl') ?? '');
  const verificationUri = `${baseUrl}${VERIFICATION_PATH}`;
  return jsonResponse(200, {
    deviceCode: device.deviceCode,
    userCode: device.userCode,
    verificationUri,
    verificationUriComplete: `${verificationUri}?user_code=${device.userCode}`,
    expiresIn: wholeSeconds(state.settings.deviceCodeTtlSeconds),
    interval: wholeSeconds(state.settings.deviceInterval),
  });
}

export function createToken(state: EmulatorState, req: ApiRequest): ApiResponse {
  const invalid = requireMembers(req.body, ['clientId', 'clientSecret', 'grantType']);
  if (invalid) return invalid;
  const client = authenticate(state, req.body);
  if (isResponse(client)) return client;
  const grantType = stringMember(req.body, 'grantType');
  if (grantType === DEVICE_CODE_GRANT) return deviceCodeGrant(state, client, req.body);
  if (grantType === REFRESH_TOKEN_GRANT) return refreshTokenGrant(state, client, req.body);
  if (grantType === AUTHORIZATION_CODE_GRANT) {
    return authorizationCodeGrant(state, client, req.body);
  }
  return oidcError('UnsupportedGrantTypeException', `Unsupported grant type: ${grantType}`);
}

function tokenResponse(grant: TokenGrant): ApiResponse {
  const body: Record<string, unknown> = {
    accessToken: grant.accessToken,
    tokenType: 'Bearer',
    expiresIn: wholeSeconds(grant.expiresIn),
  };
  if (grant.refreshToken !== undefined) body.refreshToken = grant.refreshToken;
  return jsonResponse(200, body);
}

const POLL_ERRORS: Record<Exclude<PollOutcome, 'approved'>, [string, string]> = {
  expired: ['ExpiredTokenException', 'Device code has expired'],
  slow_down: ['SlowDownException', 'Client is polling too quickly'],
  denied: ['AccessDeniedException', 'The user denied the authorization request'],
  pending: ['AuthorizationPendingException', 'Authorization is still pending'],
};

function deviceCodeGrant(
  state: EmulatorState,
  client: ClientRegistration,
  body: unknown,
): ApiResponse {
  const deviceCode = stringMember(body, 'deviceCode');
  if (deviceCode === undefined) return missing('deviceCode');
  const device = state.devices.get(deviceCode);
  // A code is single-use and bound to the client that started it.
  if (!device || device.state === 'redeemed' || device.clientId !== client.clientId) {
    return oidcError('InvalidGrantException', 'Invalid device code provided');
  }
  const outcome = pollDevice(device, {
    now: Date.now(),
    slowDownIncrementMs: state.settings.slowDownIncrementSeconds * 1000,
    autoApproveAfter: state.autoApproveAfter,
  });
  if (outcome !== 'approved') return oidcError(...POLL_ERRORS[outcome]);
  device.state = 'redeemed';
  return tokenResponse(state.issueTokens(client, newSessionId()));
}

function refreshTokenGrant(
  state: EmulatorState,
  client: ClientRegistration,
  body: unknown,
): ApiResponse {
  const refreshToken = stringMember(body, 'refreshToken');
  if (refreshToken === undefined) return missing('refreshToken');
  const grant = state.refresh(client, refreshToken);
  if (!grant) return oidcError('InvalidGrantException', 'Invalid refresh token provided');
  return tokenResponse(grant);
}

/**
 * RFC 6749 §4.1.3 with RFC 7636 §4.6: the code must be this client's, unused and unexpired, the
 * redirect URI the one /authorize was given (port included), and S256(codeVerifier) its challenge.
 */
function authorizationCodeGrant(
  state: EmulatorState,
  client: ClientRegistration,
  body: unknown,
): ApiResponse {
  const code = stringMember(body, 'code');
  if (code === undefined) return missing('code');
  const record = state.authorization.redeemCode(code);
  if (!record || record.clientId !== client.clientId) {
    return oidcError('InvalidGrantException', 'Invalid authorization code provided');
  }
  if (stringMember(body, 'redirectUri') !== record.redirectUri) {
    return oidcError(
      'InvalidGrantException',
      'redirectUri does not match the authorization request',
    );
  }
  const verifier = stringMember(body, 'codeVerifier') ?? '';
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== record.codeChallenge) {
    return oidcError('InvalidGrantException', 'codeVerifier does not match the code challenge');
  }
  return tokenResponse(state.issueTokens(client, newSessionId()));
}
