import {
  CreateTokenCommand,
  type CreateTokenResponse,
  RegisterClientCommand,
  type SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import {
  type AttemptLimits,
  DEFAULT_RETRY_POLICY,
  MalformedResponseError,
  type RetryPolicy,
  requestOptions,
} from '../http/retry.js';
import type { SecretSink } from '../secrets/secret-sink.js';
import { type Clock, systemClock } from '../time/clock.js';
import { IdentityCenterError } from './identity-center-error.js';
import { isOpaqueToken, isWholeNumberUpTo, member, OPAQUE_TOKEN_RULE } from './response-shapes.js';
import { callService } from './service-errors.js';
import type { SsoSession } from './session.js';
import { readTokenResponse } from './token.js';

/**
 * The OAuth 2.0 device authorization grant (RFC 8628) against SSO OIDC: register a client,
 * start a device authorization, and poll CreateToken until the person approves it in a browser.
 */

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const REFRESH_TOKEN_GRANT = 'refresh_token';
/** Without this scope the service issues a fixed 8-hour token and no refresh token. */
export const ACCOUNT_ACCESS_SCOPE = 'sso:account:access';
/** RFC 8628 §3.5: the interval when the response gives none, and what each slow_down adds. */
const DEFAULT_INTERVAL_SECONDS = 5;
const SLOW_DOWN_INCREMENT_SECONDS = 5;

export interface ClientRegistration {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly expiresAt?: Date;
}

export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete?: string;
  readonly expiresInSeconds: number;
  readonly intervalSeconds: number;
}

export interface DeviceToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly refreshToken?: string;
}

export interface DeviceFlowOptions {
  readonly mask: SecretSink;
  readonly retry?: RetryPolicy;
  readonly clock?: Clock;
  /** Stop waiting at this time (clock milliseconds) even if the device code is still valid. */
  readonly waitUntil?: number;
  /** Told after each answer that is not yet a token, e.g. to show progress. */
  readonly onPoll?: (outcome: 'pending' | 'slow_down', intervalSeconds: number) => void;
}

/** What a RegisterClient call asks for beyond the name; the device flow's by default. */
export interface RegistrationShape {
  readonly grantTypes: readonly string[];
  readonly redirectUris?: readonly string[];
  readonly issuerUrl?: string;
}

const DEVICE_REGISTRATION: RegistrationShape = {
  grantTypes: [DEVICE_CODE_GRANT, REFRESH_TOKEN_GRANT],
};

/**
 * RegisterClient as a public client with the sso:account:access scope (so that a refresh token
 * is issued): by default for the device code, or for the grants and redirects `shape` names.
 */
export async function registerClient(
  oidc: SSOOIDCClient,
  clientName: string,
  options: Pick<DeviceFlowOptions, 'mask' | 'retry'>,
  shape: RegistrationShape = DEVICE_REGISTRATION,
): Promise<ClientRegistration> {
  const command = new RegisterClientCommand({
    clientName,
    clientType: 'public',
    scopes: [ACCOUNT_ACCESS_SCOPE],
    grantTypes: [...shape.grantTypes],
    ...(shape.redirectUris ? { redirectUris: [...shape.redirectUris] } : {}),
    ...(shape.issuerUrl ? { issuerUrl: shape.issuerUrl } : {}),
  });
  return callService(
    { operation: 'RegisterClient' },
    async (limits) =>
      readRegistration(await oidc.send(command, requestOptions(limits)), options.mask),
    options.retry ?? DEFAULT_RETRY_POLICY,
  );
}

/** The registration, every member checked; the secret is masked before anything else. */
function readRegistration(
  response: { clientId?: unknown; clientSecret?: unknown; clientSecretExpiresAt?: unknown },
  mask: SecretSink,
): ClientRegistration {
  if (isOpaqueToken(response.clientSecret)) mask(response.clientSecret);
  const clientId = member(response.clientId, isOpaqueToken, 'clientId', OPAQUE_TOKEN_RULE);
  const clientSecret = member(
    response.clientSecret,
    isOpaqueToken,
    'clientSecret',
    OPAQUE_TOKEN_RULE,
  );
  // Epoch seconds on the wire; anything past the year 5000 is not a date.
  const expiresAtSeconds = member(
    response.clientSecretExpiresAt,
    (value): value is number => isWholeNumberUpTo(value, 95_617_584_000),
    'clientSecretExpiresAt',
    'is not a time in epoch seconds',
  );
  if (!clientId || !clientSecret) {
    throw new MalformedResponseError('no clientId or clientSecret');
  }
  const expiresAt = expiresAtSeconds ? new Date(expiresAtSeconds * 1000) : undefined;
  return { clientId, clientSecret, ...(expiresAt ? { expiresAt } : {}) };
}

/** StartDeviceAuthorization: the code the person confirms and the page where they do it. */
export async function startDeviceAuthorization(
  oidc: SSOOIDCClient,
  client: ClientRegistration,
  startUrl: string,
  options: DeviceFlowOptions,
): Promise<DeviceAuthorization> {
  const { clientId, clientSecret } = client;
  const command = new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl });
  return callService(
    { operation: 'StartDeviceAuthorization', ...registrationOf(client) },
    async (limits) =>
      readDeviceAuthorization(await oidc.send(command, requestOptions(limits)), options.mask),
    options.retry ?? DEFAULT_RETRY_POLICY,
  );
}

/** A person reads the code and opens the page: both are checked like everything else. */
const USER_CODE = /^[A-Za-z0-9-]{1,64}$/;

function isUserCode(value: unknown): value is string {
  return typeof value === 'string' && USER_CODE.test(value);
}

/** An http(s) URL of printable ASCII without whitespace, at most 2 KiB: it is shown in a terminal. */
function isPageUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,2048}$/.test(value)) return false;
  try {
    return ['https:', 'http:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

interface DeviceAuthorizationResponse {
  deviceCode?: unknown;
  userCode?: unknown;
  verificationUri?: unknown;
  verificationUriComplete?: unknown;
  expiresIn?: unknown;
  interval?: unknown;
}

function readDeviceAuthorization(
  response: DeviceAuthorizationResponse,
  mask: SecretSink,
): DeviceAuthorization {
  // The device code is a bearer secret until it is redeemed; the user code is shown on purpose.
  if (isOpaqueToken(response.deviceCode)) mask(response.deviceCode);
  const deviceCode = member(response.deviceCode, isOpaqueToken, 'deviceCode', OPAQUE_TOKEN_RULE);
  const userCode = member(
    response.userCode,
    isUserCode,
    'userCode',
    'is not 1-64 letters, digits or -',
  );
  const urlRule = 'is not an http(s) URL of printable ASCII';
  const verificationUri = member(response.verificationUri, isPageUrl, 'verificationUri', urlRule);
  const complete = member(
    response.verificationUriComplete,
    isPageUrl,
    'verificationUriComplete',
    urlRule,
  );
  // A day to approve, a 5-minute interval: anything longer is no device flow a person waits for.
  const expiresIn = member(
    response.expiresIn,
    (value): value is number => isWholeNumberUpTo(value, 24 * 60 * 60),
    'expiresIn',
    'is not a whole number of seconds from 1 to a day',
  );
  const interval = member(
    response.interval,
    (value): value is number => isWholeNumberUpTo(value, 300),
    'interval',
    'is not a whole number of seconds from 1 to 300',
  );
  if (!deviceCode || !userCode || !verificationUri) {
    throw new MalformedResponseError('no deviceCode, userCode or verificationUri');
  }
  return {
    deviceCode,
    userCode,
    verificationUri,
    ...(complete ? { verificationUriComplete: complete } : {}),
    // The CLI's comment says device codes last 10 minutes; assume that when none is given.
    expiresInSeconds: expiresIn ?? 600,
    intervalSeconds: interval ?? DEFAULT_INTERVAL_SECONDS,
  };
}

export function registrationOf(client: ClientRegistration): { registrationExpiresAt?: Date } {
  return client.expiresAt ? { registrationExpiresAt: client.expiresAt } : {};
}

/** What one CreateToken poll can answer short of an unexpected error. */
type PollResult =
  | { readonly kind: 'token'; readonly token: DeviceToken }
  | { readonly kind: 'pending' | 'slow_down' | 'expired' | 'denied' | 'invalid_grant' };

/** The OAuth error codes of RFC 8628 §3.5, as the SDK names the exceptions and as the body says. */
const POLL_ERRORS: ReadonlyArray<[name: string, code: string, kind: PollResult['kind']]> = [
  ['AuthorizationPendingException', 'authorization_pending', 'pending'],
  ['SlowDownException', 'slow_down', 'slow_down'],
  ['ExpiredTokenException', 'expired_token', 'expired'],
  ['AccessDeniedException', 'access_denied', 'denied'],
  ['InvalidGrantException', 'invalid_grant', 'invalid_grant'],
];

function pollResultOf(error: unknown): PollResult | undefined {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string;
    error?: string;
  };
  const match = POLL_ERRORS.find(([name, code]) => shape.name === name || shape.error === code);
  return match ? ({ kind: match[2] } as PollResult) : undefined;
}

/**
 * One CreateToken call with the device code. The expected "not yet" answers come back as values,
 * not errors, so that the retry policy never sees them: it would take slow_down for throttling.
 */
async function pollOnce(
  oidc: SSOOIDCClient,
  client: ClientRegistration,
  device: DeviceAuthorization,
  options: DeviceFlowOptions,
  now: number,
): Promise<PollResult> {
  const command = new CreateTokenCommand({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    grantType: DEVICE_CODE_GRANT,
    deviceCode: device.deviceCode,
  });
  const call = async (limits: AttemptLimits): Promise<PollResult> => {
    try {
      const response = await oidc.send(command, requestOptions(limits));
      return { kind: 'token', token: readToken(response, options.mask, now) };
    } catch (error) {
      const result = pollResultOf(error);
      if (result) return result;
      throw error;
    }
  };
  const context = { operation: 'CreateToken', ...registrationOf(client) } as const;
  return callService(context, call, options.retry ?? DEFAULT_RETRY_POLICY);
}

/** The device grant's token: the same checks as a refresh (token.ts readTokenResponse). */
export function readToken(
  response: CreateTokenResponse,
  mask: SecretSink,
  now: number,
): DeviceToken {
  const { accessToken, expiresIn, refreshToken } = readTokenResponse(response, mask);
  const expiresAt = new Date(now + expiresIn * 1000);
  return { accessToken, expiresAt, ...(refreshToken ? { refreshToken } : {}) };
}

/** An answer that ends the login without a token. */
function failure(reason: 'expired' | 'denied' | 'invalid_grant', minutes: number): Error {
  return new IdentityCenterError({ kind: 'sign-in-ended', reason, minutes });
}

/**
 * Polls CreateToken until the person approves: the first poll at once, then every `interval`
 * seconds; slow_down adds 5 s for good. Stops at the service's expired_token, or locally a
 * minute after the device code's lifetime in case the service never says so.
 */
export async function pollForToken(
  oidc: SSOOIDCClient,
  client: ClientRegistration,
  device: DeviceAuthorization,
  options: DeviceFlowOptions,
): Promise<DeviceToken> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const deadline = started + (device.expiresInSeconds + 60) * 1000;
  const minutes = Math.max(1, Math.round(device.expiresInSeconds / 60));
  let interval = device.intervalSeconds;
  for (;;) {
    const result = await pollOnce(oidc, client, device, options, clock.now());
    if (result.kind === 'token') return result.token;
    if (result.kind !== 'pending' && result.kind !== 'slow_down')
      throw failure(result.kind, minutes);
    if (result.kind === 'slow_down') interval += SLOW_DOWN_INCREMENT_SECONDS;
    options.onPoll?.(result.kind, interval);
    const next = clock.now() + interval * 1000;
    if (next > deadline) throw failure('expired', minutes);
    // The next poll would come after the caller's limit: stop now rather than overrun it.
    if (options.waitUntil !== undefined && next > options.waitUntil) {
      throw new IdentityCenterError({
        kind: 'sign-in-timed-out',
        waitedMs: options.waitUntil - started,
      });
    }
    await clock.sleep(interval * 1000);
  }
}

export interface LoginRequest {
  readonly startUrl: string;
  readonly region: string;
  readonly clientName: string;
}

/**
 * The whole sign-in: register, start, let the caller show the code, poll. Returns the session
 * document the action takes as `sso-session` (the AWS CLI cache keys).
 */
export async function deviceLogin(
  oidc: SSOOIDCClient,
  request: LoginRequest,
  prompt: (device: DeviceAuthorization) => void,
  options: DeviceFlowOptions,
): Promise<SsoSession> {
  const client = await registerClient(oidc, request.clientName, options);
  const device = await startDeviceAuthorization(oidc, client, request.startUrl, options);
  prompt(device);
  const token = await pollForToken(oidc, client, device, options);
  return loginSession(request, client, token);
}

/** The session document of a completed sign-in, whichever grant produced the token. */
export function loginSession(
  request: LoginRequest,
  client: ClientRegistration,
  token: DeviceToken,
): SsoSession {
  return {
    startUrl: request.startUrl,
    region: request.region,
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
    ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    ...registrationOf(client),
  };
}
