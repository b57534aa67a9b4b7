import { ActionError } from '../shared/errors.js';
import { LOGIN_HINT } from './limits.js';
import {
  DEFAULT_RETRY_POLICY,
  RetriesExhaustedError,
  type RetryPolicy,
  withRetries,
} from './retry.js';

/** What was being attempted when a call failed: enough to write a sentence about it. */
export interface CallContext {
  readonly operation:
    | 'CreateToken'
    | 'GetRoleCredentials'
    | 'ListAccounts'
    | 'ListAccountRoles'
    | 'RegisterClient'
    | 'StartDeviceAuthorization';
  readonly accountId?: string;
  readonly roleName?: string;
  readonly registrationExpiresAt?: Date;
  /** Advice for a rejected access token, which depends on where the token came from. */
  readonly expiredTokenHint?: string;
}

/** The parts of an AWS SDK v3 error (service or network) this module reads. */
interface SdkErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly error?: string;
  readonly error_description?: string;
  readonly $metadata?: { httpStatusCode?: number };
  readonly $response?: { statusCode?: number };
}

/**
 * Runs one API call under the retry policy and turns any failure into an ActionError that says
 * what to do. `call` should include checking the response, so that a malformed one is retried.
 */
export async function callService<T>(
  context: CallContext,
  call: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  try {
    return await withRetries(policy, call);
  } catch (error) {
    throw explainServiceError(error, context);
  }
}

export function explainServiceError(error: unknown, context: CallContext): ActionError {
  const exhausted = error instanceof RetriesExhaustedError ? error : undefined;
  const cause = exhausted ? exhausted.lastError : error;
  const shape = (typeof cause === 'object' && cause !== null ? cause : {}) as SdkErrorShape;
  const explained = explainKnownError(shape, context);
  if (explained) return new ActionError(explained);
  if (!exhausted) return new ActionError(`${context.operation} failed: ${describeCause(shape)}`);
  const { attempts, elapsedMs } = exhausted;
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'} over ${(elapsedMs / 1000).toFixed(1)}s`;
  return new ActionError(
    `${context.operation} failed after ${tries}; last cause: ${describeCause(shape)}`,
  );
}

function explainKnownError(shape: SdkErrorShape, context: CallContext): string | undefined {
  const status = shape.$metadata?.httpStatusCode;
  switch (shape.name) {
    case 'UnauthorizedException':
      return `IAM Identity Center rejected the access token (401 UnauthorizedException): it has expired or was revoked. ${context.expiredTokenHint ?? `To get a new one, ${LOGIN_HINT}.`}`;
    case 'ForbiddenException':
      if (!context.roleName)
        return `${context.operation} was refused: no access (${status ?? 403} ForbiddenException).`;
      return `No access: the token's user is not assigned the permission set '${context.roleName}' in account ${context.accountId} (${status ?? 403} ForbiddenException). Check role-name and account-id, and the assignment in IAM Identity Center.`;
    case 'ResourceNotFoundException':
      if (!context.roleName)
        return `${context.operation} found nothing (404 ResourceNotFoundException).`;
      return `${context.operation} found nothing for account ${context.accountId} and role '${context.roleName}' (404 ResourceNotFoundException). Check account-id and role-name.`;
    case 'InvalidGrantException':
      return `IAM Identity Center refused the refresh token (invalid_grant): it has expired, was revoked, or was replaced by a newer one when the token was last rotated. To get a new one, ${LOGIN_HINT}.`;
    case 'InvalidClientException':
      return `IAM Identity Center refused the client registration (invalid_client): client-id or client-secret is wrong, or the registration ${registrationPhrase(context.registrationExpiresAt)}. To register anew, ${LOGIN_HINT}.`;
    default:
      return undefined;
  }
}

function registrationPhrase(expiresAt: Date | undefined): string {
  if (!expiresAt) return 'has expired (registrations last about 90 days)';
  const tense = expiresAt.getTime() <= Date.now() ? 'expired' : 'expires';
  return `${tense} at ${expiresAt.toISOString()}`;
}

/** The last cause, in one line: the service's error name and status, or the network error code. */
export function describeCause(error: unknown): string {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  // JSON.parse messages quote the body, and a half-sent body can hold credentials: never echo it.
  if (shape.name === 'MalformedResponseError') return shape.message ?? 'malformed response';
  // 407 comes from a proxy, not from AWS: its body is whatever the proxy sends.
  if (statusOf(shape) === 407) {
    return 'HTTP 407: the proxy refused the request (Proxy Authentication Required); check the user name and password in http-proxy or HTTPS_PROXY';
  }
  if (shape.name === 'SyntaxError' || shape.message?.includes('Deserialization error')) {
    return `the service returned a malformed response body (HTTP ${statusOf(shape) ?? '?'})`;
  }
  const status = statusOf(shape);
  const name = shape.name && shape.name !== 'Error' ? shape.name : undefined;
  // OIDC errors carry no message member (the SDK fills in 'UnknownError'); their text is error_description.
  const message = shape.message && shape.message !== 'UnknownError' ? shape.message : undefined;
  const detail = oneLine(message ?? shape.error_description ?? shape.error ?? '');
  const parts = [status ? `HTTP ${status}` : undefined, name, shape.code].filter(Boolean);
  const label = [...new Set(parts)].join(' ');
  if (!label) return detail || 'unknown error';
  return detail ? `${label}: ${detail}` : label;
}

function statusOf(shape: SdkErrorShape): number | undefined {
  return shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
