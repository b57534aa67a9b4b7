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
 * to need (answers of 10 s and more when 64 jobs start on 2 cores), while a silent endpoint still
 * fails a step within a couple of minutes at the default retry budget.
 */
export const CREATE_TOKEN_TIMEOUT_MS = 30_000;
