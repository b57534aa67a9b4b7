import type { RateLimit } from './types.js';

/** A token bucket shared by every API request, standing in for the service's rate limits. */
export class Throttle {
  private limit: RateLimit | undefined;
  private tokens = 0;
  private lastRefill = 0;

  constructor(limit?: RateLimit) {
    this.set(limit);
  }

  /** Replaces the limit and starts with a full bucket; undefined turns throttling off. */
  set(limit: RateLimit | undefined): void {
    this.limit = limit;
    this.tokens = limit ? this.capacity(limit) : 0;
    this.lastRefill = Date.now();
  }

  get retryAfterSeconds(): number | undefined {
    return this.limit?.retryAfterSeconds;
  }

  /** True when the request may proceed (and spends one token). */
  admit(): boolean {
    const limit = this.limit;
    if (!limit) return true;
    const now = Date.now();
    const refill = ((now - this.lastRefill) / 1000) * limit.requestsPerSecond;
    this.tokens = Math.min(this.capacity(limit), this.tokens + refill);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private capacity(limit: RateLimit): number {
    return Math.max(1, limit.burst ?? limit.requestsPerSecond);
  }
}
