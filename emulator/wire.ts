import { randomUUID } from 'node:crypto';

/**
 * The wire format both IAM Identity Center APIs share (restJson1): JSON bodies, x-amzn-RequestId
 * on every response, and errors typed twice — `x-amzn-ErrorType` header (what the JS SDK reads
 * first) and `__type` in the body (what botocore reads first) — so every client names the error
 * the same way. STS speaks the query protocol instead: form-encoded requests, XML answers and
 * `<ErrorResponse><Error><Code>` errors.
 */

export type ApiFamily = 'oidc' | 'portal' | 'sts';

export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** The body as received (HTML forms post application/x-www-form-urlencoded). */
  rawBody?: string;
  /** The query string as received, without `?` (SigV4 signs it). */
  rawQuery?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  errorType?: string;
}

/** OIDC error shapes: HTTP status and the OAuth `error` code (sso-oidc model). */
const OIDC_ERRORS: Record<string, { status: number; error: string }> = {
  AccessDeniedException: { status: 400, error: 'access_denied' },
  AuthorizationPendingException: { status: 400, error: 'authorization_pending' },
  ExpiredTokenException: { status: 400, error: 'expired_token' },
  InternalServerException: { status: 500, error: 'server_error' },
  InvalidClientException: { status: 401, error: 'invalid_client' },
  InvalidClientMetadataException: { status: 400, error: 'invalid_client_metadata' },
  InvalidGrantException: { status: 400, error: 'invalid_grant' },
  InvalidRedirectUriException: { status: 400, error: 'invalid_redirect_uri' },
  InvalidRequestException: { status: 400, error: 'invalid_request' },
  InvalidScopeException: { status: 400, error: 'invalid_scope' },
  SlowDownException: { status: 400, error: 'slow_down' },
  UnauthorizedClientException: { status: 400, error: 'unauthorized_client' },
  UnsupportedGrantTypeException: { status: 400, error: 'unsupported_grant_type' },
};

/** Portal error shapes. ForbiddenException is not modelled but is what the live service sends. */
const PORTAL_STATUS: Record<string, number> = {
  InvalidRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
  InternalServerException: 500,
};

function baseHeaders(): Record<string, string> {
  return { 'x-amzn-RequestId': randomUUID() };
}

export function jsonResponse(status: number, value: unknown): ApiResponse {
  return rawJsonResponse(status, JSON.stringify(value));
}

/** A body sent verbatim with a JSON content type (also used for malformed-body faults). */
export function rawJsonResponse(status: number, body: string): ApiResponse {
  return { status, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body };
}

/** Logout has no output shape: 200 with an empty body and no content type. */
export function emptyResponse(status: number): ApiResponse {
  return { status, headers: baseHeaders(), body: '' };
}

function typedError(status: number, shape: string, body: Record<string, unknown>): ApiResponse {
  const response = jsonResponse(status, { __type: shape, ...body });
  response.headers['x-amzn-ErrorType'] = shape;
  response.errorType = shape;
  return response;
}

/** OIDC errors carry `error` / `error_description`, never `message`. */
export function oidcError(shape: string, description: string, status?: number): ApiResponse {
  const known = OIDC_ERRORS[shape];
  const code = known?.error ?? ((status ?? 400) >= 500 ? 'server_error' : 'invalid_request');
  return typedError(status ?? known?.status ?? 400, shape, {
    error: code,
    error_description: description,
  });
}

/** Portal errors carry only a lower-case `message`. */
export function portalError(shape: string, message: string, status?: number): ApiResponse {
  return typedError(status ?? PORTAL_STATUS[shape] ?? 400, shape, { message });
}

export function apiError(
  family: ApiFamily,
  shape: string,
  text: string,
  status?: number,
): ApiResponse {
  if (family === 'sts') return stsError(shape, text, status);
  return family === 'oidc' ? oidcError(shape, text, status) : portalError(shape, text, status);
}

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** STS error codes and their HTTP status (the query protocol's Sender/Receiver faults). */
const STS_STATUS: Record<string, number> = {
  AccessDenied: 403,
  ExpiredToken: 400,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  IncompleteSignature: 400,
  MissingAuthenticationToken: 403,
  ValidationError: 400,
  MalformedPolicyDocument: 400,
  PackedPolicyTooLarge: 400,
  Throttling: 400,
  InvalidAction: 400,
  InternalFailure: 500,
  ServiceUnavailable: 503,
};

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An STS answer: `<ACTIONResponse><ACTIONResult>result</ACTIONResult><ResponseMetadata>`. */
export function stsResponse(action: string, result: string): ApiResponse {
  const requestId = randomUUID();
  const body = `<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return {
    status: 200,
    headers: { 'x-amzn-RequestId': requestId, 'Content-Type': 'text/xml' },
    body,
  };
}

/** `<ErrorResponse>` as STS sends it; the SDK and botocore read the code from `<Error><Code>`. */
export function stsError(code: string, message: string, status?: number): ApiResponse {
  const requestId = randomUUID();
  const httpStatus = status ?? STS_STATUS[code] ?? 400;
  const type = httpStatus >= 500 ? 'Receiver' : 'Sender';
  const body = `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return {
    status: httpStatus,
    headers: { 'x-amzn-RequestId': requestId, 'Content-Type': 'text/xml' },
    body,
    errorType: code,
  };
}

/** The shape a status-only fault is reported as, by family. */
export function defaultErrorType(family: ApiFamily, status: number): string {
  if (family === 'sts') return defaultStsCode(status);
  if (status === 429) return 'TooManyRequestsException';
  if (status === 401) return family === 'oidc' ? 'InvalidClientException' : 'UnauthorizedException';
  if (status === 403) return 'ForbiddenException';
  if (status === 404) return 'ResourceNotFoundException';
  if (status === 503) return 'ServiceUnavailableException';
  if (status >= 500) return 'InternalServerException';
  return 'InvalidRequestException';
}

function defaultStsCode(status: number): string {
  if (status === 429) return 'Throttling';
  if (status === 403) return 'AccessDenied';
  if (status === 503) return 'ServiceUnavailable';
  if (status >= 500) return 'InternalFailure';
  return 'ValidationError';
}

/** A string member of a JSON object body, or undefined (wrong type counts as absent). */
export function stringMember(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A list-of-strings member; non-string entries are dropped. */
export function stringListMember(body: unknown, name: string): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const value = (body as Record<string, unknown>)[name];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

export function isJsonObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
