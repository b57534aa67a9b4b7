import type { CallBudget } from '../http/retry.js';

/** Limits of the IAM Identity Center core, shared by every front end. */

/**
 * Portal calls in flight at once for profiles and for ListAccountRoles: 50 profiles at 200 ms per
 * call take four rounds of calls, under a second, instead of ten seconds one by one
 * (`npm run bench`, docs/performance.md), while a burst stays small enough for the portal's
 * throttling (and what is throttled is retried with backoff anyway).
 */
export const PORTAL_CONCURRENCY = 16;

/** A cached access token is used only while it has at least this long left (the JS SDK's own window). */
export const ACCESS_TOKEN_REFRESH_WINDOW_MS = 5 * 60 * 1000;

/**
 * The per-attempt deadline of a CreateToken refresh, against 10 s for every other call. A refresh
 * is the one call a retry can make worse: if the service rotates refresh tokens, an attempt that
 * reached it and whose answer was then cut off has already retired the token the retry sends. So
 * a slow but healthy answer must be waited for: 30 s is three times what a loaded machine was seen
 * to need (answers of 10 s and more when 64 jobs start on 2 cores). What bounds the whole call
 * against a silent endpoint is not this but REFRESH_BUDGET: attempts alone (10 × 30 s plus
 * backoff) held a step for 334 s.
 */
export const CREATE_TOKEN_TIMEOUT_MS = 30_000;

/**
 * Every call but a refresh: 10 s per attempt (these calls answer in well under a second), 25 s
 * in all. A silent endpoint gets two whole attempts and a shortened third (these calls are
 * idempotent: cutting one costs only the retry); throttled answers come back at once, so they
 * get many retries in 25 s (the load suite's 64 jobs needed at most 8, within 27 s per step).
 */
export const CALL_BUDGET: CallBudget = { attemptTimeoutMs: 10_000, totalMs: 25_000 };

/**
 * A CreateToken refresh: whole attempts of 30 s only (never one cut short: see above), and 62 s
 * in all, room for two of them and the wait between. Quick failures (5xx, throttling) are
 * retried while a whole attempt still fits.
 */
export const REFRESH_BUDGET: CallBudget = {
  attemptTimeoutMs: CREATE_TOKEN_TIMEOUT_MS,
  totalMs: 62_000,
  wholeAttempts: true,
};

/**
 * The longest the main step can spend on endpoints that accept connections and never answer,
 * at the default settings: a refresh that spent its budget and still got an answer, then
 * credentials that get none (the profiles' calls run at once, 16 in flight, and the first
 * failure starts no more), plus a second of slack per call for a timeout that fires late.
 * __tests__/unit/deadline-budget.test.ts holds it to 90 s.
 */
export const SILENT_STEP_BOUND_MS = REFRESH_BUDGET.totalMs + CALL_BUDGET.totalMs + 2 * 1000;
