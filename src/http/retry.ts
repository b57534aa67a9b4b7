import { type Deadline, DeadlinePassedError } from '../time/deadline.js';

/**
 * Retries of one API call: only what can succeed on a second try, with exponential backoff and
 * full jitter, a longer base for throttling, and the server's Retry-After honoured. The SDK's
 * own retries are off (maxAttempts 1 in clients.ts) so that this is the one policy. A call has
 * a time budget besides its attempts (every attempt and wait together), and may join a deadline
 * shared by a whole step: attempts alone would let a silent endpoint hold a step for
 * maxAttempts × the attempt timeout.
 */

export interface RetryPolicy {
  /** Total attempts, including the first. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  /** Throttling needs a longer pause than a 5xx: the whole fleet is backing off at once. */
  readonly throttlingBaseDelayMs: number;
  /** No single wait is longer than this, whatever Retry-After says. */
  readonly maxDelayMs: number;
  /** Told before each wait, e.g. to log it. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** How long each call may take; without one, only the attempts bound it. */
  readonly budget?: CallBudget;
  /** A deadline every call of the step shares (action-timeout-s): hard, it cuts any attempt. */
  readonly deadline?: Deadline | undefined;
}

/** How long one call may take: each attempt, and all of them with the waits between. */
export interface CallBudget {
  /** Each attempt's timeout (the whole answer), handed to the attempt. */
  readonly attemptTimeoutMs: number;
  /** Every attempt and wait of the call together. */
  readonly totalMs: number;
  /**
   * Never cut an attempt short to keep within `totalMs`: another attempt starts only when it
   * fits whole. For a call that is not idempotent (a refresh that rotates the token), where an
   * attempt cut off after it was sent may have been carried out and its answer is what counts.
   */
  readonly wholeAttempts?: boolean;
}

/** What one attempt may take, for the attempt to pass on to its request. */
export interface AttemptLimits {
  /** Its timeout: the call's attempt timeout, or less where the budget or the deadline ends sooner. */
  readonly timeoutMs?: number;
}

/** The attempt's timeout as the AWS SDK's per-request handler option, when it has one. */
export function requestOptions(limits: AttemptLimits): { requestTimeout?: number } {
  return limits.timeoutMs === undefined ? {} : { requestTimeout: limits.timeoutMs };
}

/** An attempt shorter than this is not started: it could not get an answer. */
const MIN_ATTEMPT_MS = 1000;

export interface RetryEvent {
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly kind: RetryKind;
  readonly error: unknown;
}

export type RetryKind = 'throttling' | 'transient';

/** Sized so that 64 jobs starting together against a 10 requests/second limit all get through. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 200,
  throttlingBaseDelayMs: 1000,
  maxDelayMs: 20_000,
};

/** A response that could not be used (not JSON, members missing): a half-sent body is worth another try. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
  /** Which members were missing or unusable: our words, never the response's values. */
  constructor(readonly detail: string) {
    super(`malformed response: ${detail}`);
  }
}

/** The failure after the last attempt, with what the caller needs to describe it. */
export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
    readonly elapsedMs: number,
    /** True when the call's time budget, not the attempts, ended it. */
    readonly budgetSpent = false,
  ) {
    super('retries exhausted');
  }
}

/** What an error thrown by a client may carry; any member may be missing or undefined. */
interface ErrorShape {
  readonly name?: string | undefined;
  readonly code?: string | undefined;
  readonly message?: string | undefined;
  readonly $metadata?: { httpStatusCode?: number | undefined } | undefined;
  readonly $response?:
    | { statusCode?: number | undefined; headers?: Record<string, string | undefined> }
    | undefined;
}

const THROTTLING_NAMES = new Set([
  'TooManyRequestsException',
  'SlowDownException',
  'ThrottlingException',
  'Throttling',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** The HTTP status of a failed call: the SDK's metadata, or the raw response's. */
export function statusOf(error: ErrorShape): number | undefined {
  return error.$metadata?.httpStatusCode ?? error.$response?.statusCode;
}

/** Whether another attempt could succeed. 4xx answers (401, 403, invalid_grant, …) never are. */
export function classify(error: unknown): RetryKind | undefined {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const status = statusOf(shape);
  if (status === 429 || (shape.name !== undefined && THROTTLING_NAMES.has(shape.name)))
    return 'throttling';
  if (status !== undefined && status >= 500) return 'transient';
  // Any other error status is final, whatever its body: a proxy's 407 or an HTML 403 page that
  // does not parse as the service's JSON is an answer, not a half-sent response.
  if (status !== undefined && status >= 400) return undefined;
  if (
    shape.name === 'TimeoutError' ||
    shape.name === 'MalformedResponseError' ||
    shape.name === 'SyntaxError'
  ) {
    return 'transient';
  }
  if (shape.code && NETWORK_CODES.has(shape.code)) return 'transient';
  // Some SDK paths wrap socket errors and keep the code only in the message.
  const message = typeof shape.message === 'string' ? shape.message : '';
  if (status === undefined && [...NETWORK_CODES].some((code) => message.includes(code)))
    return 'transient';
  return undefined;
}

/** The node-http-handler's connection timeout: the request never left, so its outcome is known. */
const NOT_CONNECTED = /did not establish a connection/;
/** Lost after sending: the peer reset or closed the connection, or the pipe broke mid-request. */
const CUT_OFF_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Whether a failed attempt may nevertheless have been carried out by the service: it timed out
 * or was cut off after the request was sent, a gateway lost the answer (502, 504), or an answer
 * came but could not be read. Such an attempt of a non-idempotent call (a refresh that rotates
 * the token) may have changed state that a retry then runs into.
 */
export function outcomeUnknown(error: unknown): boolean {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const status = statusOf(shape);
  if (status === 502 || status === 504) return true;
  if (status !== undefined && status >= 300) return false;
  if (shape.name === 'TimeoutError') return !NOT_CONNECTED.test(shape.message ?? '');
  if (shape.name === 'MalformedResponseError' || shape.name === 'SyntaxError') return true;
  if (shape.code && CUT_OFF_CODES.has(shape.code)) return true;
  return /ECONNRESET|EPIPE|socket hang up/.test(shape.message ?? '');
}

/** Retry-After (seconds or an HTTP date) or x-amz-retry-after (milliseconds), if the answer had one. */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const headers = (error as ErrorShape | undefined)?.$response?.headers ?? {};
  const amz = Number(headers['x-amz-retry-after']);
  if (headers['x-amz-retry-after'] && Number.isFinite(amz) && amz >= 0) return amz;
  const value = headers['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full jitter: a random wait up to base × 2^(attempt-1), at least Retry-After, at most maxDelayMs. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  kind: RetryKind,
  hintMs: number | undefined,
  random: () => number = Math.random,
): number {
  const base = kind === 'throttling' ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
  const ceiling = Math.min(policy.maxDelayMs, base * 2 ** (attempt - 1));
  const jittered = random() * ceiling;
  return Math.round(Math.min(policy.maxDelayMs, Math.max(jittered, hintMs ?? 0)));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails with something not worth retrying (rethrown as is),
 * uses up the attempts or the call's budget (RetriesExhaustedError, carrying the last cause), or
 * the step's deadline passes (DeadlinePassedError, whatever the attempt was doing).
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (limits: AttemptLimits) => Promise<T>,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<T> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const { deadline } = policy;
  for (let number = 1; ; number++) {
    try {
      deadline?.check();
      const limits = attemptLimits(policy, elapsed());
      return await (deadline ? deadline.race(attempt(limits)) : attempt(limits));
    } catch (error) {
      const kind = classify(error);
      // A definite answer is told as it is, even at the deadline; a failure that another attempt
      // could mend (the timeout the deadline itself cut the attempt with, say) is the deadline's.
      if (!kind) throw error;
      if (deadline?.passed()) throw new DeadlinePassedError(deadline.limitMs);
      if (number >= policy.maxAttempts) throw new RetriesExhaustedError(error, number, elapsed());
      const delayMs = backoffDelay(policy, number, kind, retryAfterMs(error));
      if (!nextAttemptFits(policy.budget, elapsed() + delayMs))
        throw new RetriesExhaustedError(error, number, elapsed(), true);
      policy.onRetry?.({ attempt: number, maxAttempts: policy.maxAttempts, delayMs, kind, error });
      await waitWithin(deadline, delayMs, wait);
    }
  }
}

/** The attempt's timeout: its own, cut to what the budget (unless whole) and the deadline leave. */
export function attemptLimits(policy: RetryPolicy, elapsedMs: number): AttemptLimits {
  const { budget, deadline } = policy;
  const limits = [
    budget?.attemptTimeoutMs,
    budget && !budget.wholeAttempts ? budget.totalMs - elapsedMs : undefined,
    deadline?.remainingMs(),
  ].filter((ms): ms is number => ms !== undefined);
  return limits.length > 0 ? { timeoutMs: Math.max(1, Math.min(...limits)) } : {};
}

/** Whether another attempt, starting `startMs` into the call, fits in its budget. */
export function nextAttemptFits(budget: CallBudget | undefined, startMs: number): boolean {
  if (!budget) return true;
  const needed = budget.wholeAttempts
    ? budget.attemptTimeoutMs
    : Math.min(MIN_ATTEMPT_MS, budget.attemptTimeoutMs);
  return startMs + needed <= budget.totalMs;
}

/** The wait before the next attempt; the deadline, if it comes first, ends the call there. */
async function waitWithin(
  deadline: Deadline | undefined,
  delayMs: number,
  wait: (ms: number) => Promise<void>,
): Promise<void> {
  if (!deadline || delayMs < deadline.remainingMs()) {
    await wait(delayMs);
    return;
  }
  await wait(deadline.remainingMs());
  throw new DeadlinePassedError(deadline.limitMs);
}
