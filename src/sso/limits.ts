/** Limits of the IAM Identity Center core, shared by every front end. */

/**
 * Portal calls in flight at once for profiles and for ListAccountRoles: 50 profiles at 200 ms per
 * call take about 1.6 s instead of 10 s (`npm run bench`), while a burst stays small enough for
 * the portal's throttling (and what is throttled is retried with backoff anyway).
 */
export const PORTAL_CONCURRENCY = 8;

/** A cached access token is used only while it has at least this long left (the JS SDK's own window). */
export const ACCESS_TOKEN_REFRESH_WINDOW_MS = 5 * 60 * 1000;
