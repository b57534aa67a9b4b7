import {
  type AttemptLimits,
  DEFAULT_RETRY_POLICY,
  RetriesExhaustedError,
  type RetryPolicy,
  statusOf,
  withRetries,
} from '../http/retry.js';
import { untrustedText } from '../secrets/untrusted-text.js';
import { DeadlinePassedError } from '../time/deadline.js';
import { NEUTRAL_VOCABULARY, phraseCause, type Vocabulary } from './describe-problem.js';
import { IdentityCenterError } from './identity-center-error.js';
import type { Cause, Operation, Problem } from './problems.js';

/** What was being attempted when a call failed: what the Problem says besides the error. */
export interface CallContext {
  readonly operation: Operation;
  readonly accountId?: string;
  readonly roleName?: string;
  readonly registrationExpiresAt?: Date;
  /** For a rejected access token: whether it had just been refreshed (unknown when absent). */
  readonly tokenJustRefreshed?: boolean;
  /** Set when an earlier attempt of this call got no usable answer and may have been carried out. */
  readonly afterAmbiguousAttempt?: boolean;
}

/** The parts of an AWS SDK v3 error (service or network) this module reads. */
interface SdkErrorShape {
  readonly name?: string | undefined;
  readonly message?: string | undefined;
  readonly code?: string | undefined;
  readonly error?: string | undefined;
  readonly error_description?: string | undefined;
  readonly $metadata?: { httpStatusCode?: number | undefined } | undefined;
  readonly $response?: { statusCode?: number | undefined } | undefined;
  /** MalformedResponseError's own account of what was missing. */
  readonly detail?: string | undefined;
  /** A network error's host: the name getaddrinfo looked up, or the address connect tried. */
  readonly host?: string | undefined;
}

/**
 * Runs one API call under the retry policy and turns any failure into an IdentityCenterError
 * that says what happened. `call` should include checking the response, so that a malformed
 * one is retried, and give its request the attempt's timeout (`limits`).
 */
export async function callService<T>(
  context: CallContext,
  call: (limits: AttemptLimits) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  try {
    return await withRetries(policy, call);
  } catch (error) {
    throw explainServiceError(error, context);
  }
}

export function explainServiceError(error: unknown, context: CallContext): IdentityCenterError {
  return new IdentityCenterError(problemFromServiceError(error, context));
}

/** What a failed call amounts to: a known service answer, or the call and its last cause. */
function problemFromServiceError(error: unknown, context: CallContext): Problem {
  if (error instanceof DeadlinePassedError) {
    const { operation, accountId, roleName } = context;
    return {
      kind: 'deadline-passed',
      operation,
      limitMs: error.limitMs,
      ...(accountId ? { accountId } : {}),
      ...(roleName ? { roleName } : {}),
    };
  }
  const exhausted = error instanceof RetriesExhaustedError ? error : undefined;
  const last = exhausted ? exhausted.lastError : error;
  const known = knownProblem(shapeOf(last), context);
  if (known) return known;
  return {
    kind: 'call-failed',
    operation: context.operation,
    ...(exhausted ? { retriesExhausted: exhaustion(exhausted) } : {}),
    cause: causeOf(last),
  };
}

function exhaustion({ attempts, elapsedMs, budgetSpent }: RetriesExhaustedError) {
  return { attempts, elapsedMs, ...(budgetSpent ? { budgetSpent } : {}) };
}

/** The service answers that mean something to the caller, whatever the operation. */
function knownProblem(shape: SdkErrorShape, context: CallContext): Problem | undefined {
  const { operation, accountId, roleName } = context;
  const target = { ...(accountId ? { accountId } : {}), ...(roleName ? { roleName } : {}) };
  switch (shape.name) {
    case 'UnauthorizedException':
      return {
        kind: 'access-token-rejected',
        operation,
        ...(context.tokenJustRefreshed === undefined
          ? {}
          : { justRefreshed: context.tokenJustRefreshed }),
      };
    case 'ForbiddenException':
      return { kind: 'no-access', operation, status: statusOf(shape) ?? 403, ...target };
    case 'ResourceNotFoundException':
      return { kind: 'not-found', operation, ...target };
    case 'InvalidGrantException':
      return {
        kind: 'refresh-token-refused',
        operation,
        ...(context.afterAmbiguousAttempt ? { afterAmbiguousAttempt: true } : {}),
      };
    case 'InvalidClientException':
      return {
        kind: 'client-refused',
        operation,
        ...(context.registrationExpiresAt
          ? { registrationExpiresAt: context.registrationExpiresAt }
          : {}),
        observedAt: new Date(),
      };
    default:
      return undefined;
  }
}

/** The last cause, in one line (e.g. for a retry log): its status, name, code and message. */
export function describeCause(error: unknown, vocabulary: Vocabulary = NEUTRAL_VOCABULARY): string {
  return phraseCause(causeOf(error), vocabulary);
}

/**
 * What can be said safely about an error: never the body of a response that did not parse.
 * Every field of an answer (name, code, message, error, description) is untrusted: each one is
 * made safe on its own (untrusted-text.ts), so that no field can end the line, start a workflow
 * command, or show part of a token.
 */
export function causeOf(error: unknown): Cause {
  const shape = textFields(error);
  const status = statusOf(shape);
  if (shape.name === 'MalformedResponseError') {
    return { kind: 'malformed-response', detail: shape.detail ?? 'unusable' };
  }
  // 407 comes from a proxy, not from AWS: its body is whatever the proxy sends.
  if (status === 407) return { kind: 'proxy-refused' };
  // Our own sentence about an answer we refused (it names members and bounds, never values).
  if (OWN_MESSAGES.has(shape.name ?? '')) {
    return { kind: 'error', message: untrustedText(shape.message ?? '', 300) };
  }
  // JSON.parse messages quote the body, and a half-sent body can hold credentials: never echo it.
  if (shape.name === 'SyntaxError' || shape.message?.includes('Deserialization error')) {
    return { kind: 'malformed-response', ...(status ? { status } : {}) };
  }
  const name = shape.name && shape.name !== 'Error' ? untrustedText(shape.name, 100) : undefined;
  const code = shape.code ? untrustedText(shape.code, 100) : undefined;
  // OIDC errors carry no message member (the SDK fills in 'UnknownError'); their text is error_description.
  const message = shape.message && shape.message !== 'UnknownError' ? shape.message : undefined;
  const detail = untrustedText(message ?? shape.error_description ?? shape.error ?? '', 300);
  const host = status ? undefined : shape.host;
  return {
    kind: 'error',
    ...(status ? { status } : {}),
    ...(name ? { name } : {}),
    ...(code ? { code } : {}),
    ...(host ? { host: untrustedText(host, 253) } : {}),
    ...(detail ? { message: detail } : {}),
  };
}

/** Errors whose message this project wrote itself about an answer it refused. */
const OWN_MESSAGES = new Set(['InvalidResponseError', 'ResponseTooLargeError', 'ProxyTunnelError']);

/**
 * The error with only the fields that are strings: the SDK copies every member of an error body
 * onto the error, so `message` or `code` can be a number, an object or a list.
 */
function textFields(error: unknown): SdkErrorShape {
  const raw = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    name: text(raw.name),
    message: text(raw.message),
    code: text(raw.code),
    error: text(raw.error),
    error_description: text(raw.error_description),
    detail: text(raw.detail),
    host: text(raw.hostname) ?? text(raw.address),
    $metadata: raw.$metadata as SdkErrorShape['$metadata'],
    $response: raw.$response as SdkErrorShape['$response'],
  };
}

function shapeOf(error: unknown): SdkErrorShape {
  return (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
}
