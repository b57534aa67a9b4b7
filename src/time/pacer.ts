import { type Clock, systemClock } from './clock.js';

/**
 * Client-side pacing for a burst of requests against a service whose rate limit is not
 * published: a token bucket whose rate is learnt from the service's throttling answers.
 *
 * Why: a fixed number of requests in flight sends as fast as the answers come back. Against a
 * limit of R requests a second that means a burst, a wave of 429s, and every throttled request
 * waiting out a jittered backoff (seconds) while the service's own bucket refills unused. Paced
 * near R, almost every request is admitted the first time and the listing runs at the rate the
 * service allows.
 *
 * How: unpaced until the service first throttles (a small listing never waits). Then the rate
 * becomes a fifth below what the service admitted over the last second, and grows back while
 * requests succeed: by 5 % a second at first, faster the longer no throttling comes (a cut that
 * was a blip is soon made good), until the next throttling answer cuts it again: the
 * probe-and-back-off of TCP and of the AWS SDKs' adaptive retry mode. The throttling answers of
 * one burst count as one signal. The service's own bucket absorbs the swing: what is sent below
 * its rate refills it, what is sent above drains it.
 */

export interface PacerTuning {
  /** The rate after a throttling answer, as a fraction of the rate measured just before. */
  readonly decrease: number;
  /**
   * Growth per second of successful requests right after a cut, as a fraction of the rate (at
   * least 0.25 a second); it grows by as much again for every second without throttling.
   */
  readonly increase: number;
  /** Over how long the admitted rate is measured, and how long one cut holds before the next. */
  readonly windowMs: number;
  /** Never slower than this (requests a second), whatever the service says. */
  readonly minRate: number;
  /** Admitted requests needed before a throttling answer in the first window cuts the rate. */
  readonly minSamples: number;
}

export const DEFAULT_PACER_TUNING: PacerTuning = {
  decrease: 0.8,
  increase: 0.05,
  windowMs: 1000,
  minRate: 0.5,
  minSamples: 10,
};

export class AdaptivePacer {
  /** Requests a second; undefined until the service first throttles. */
  private currentRate: number | undefined;
  private nextSlotMs = 0;
  /** When recent requests were admitted, oldest first (at most one window's worth). */
  private readonly admitted: number[] = [];
  private lastCutMs = Number.NEGATIVE_INFINITY;
  private cuts = 0;
  private startedMs = Number.NaN;

  constructor(
    private readonly tuning: PacerTuning = DEFAULT_PACER_TUNING,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The paced rate (requests a second), or undefined while unpaced. */
  get rate(): number | undefined {
    return this.currentRate;
  }

  /** How many times a throttling answer lowered the rate. */
  get decreases(): number {
    return this.cuts;
  }

  /**
   * Waits for the next free slot (immediately while unpaced); call before each request. A slot
   * handed out before the rate was cut is given up for one at the new spacing: at a low rate the
   * slots already handed out can reach seconds ahead, all at the rate that was just refused.
   */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.started();
      const rate = this.currentRate;
      if (rate === undefined) return;
      const cutsBefore = this.cuts;
      const slot = Math.max(now, this.nextSlotMs);
      this.nextSlotMs = slot + 1000 / rate;
      if (slot <= now) return;
      await this.clock.sleep(slot - now);
      if (this.cuts === cutsBefore) return;
    }
  }

  /** The service admitted a request: remember it, and let the rate grow. */
  succeeded(): void {
    const now = this.started();
    this.admitted.push(now);
    this.forgetBefore(now - this.tuning.windowMs);
    const rate = this.currentRate;
    if (rate === undefined) return;
    // Not growing past twice what is used: a rate nobody spends says nothing about the limit.
    if (rate > 2 * this.measuredRate()) return;
    // Faster the longer no throttling came: a cut that was a blip is soon made good.
    const calmSeconds = (now - this.lastCutMs) / 1000;
    const perSecond = Math.max(0.25, rate * this.tuning.increase) * (1 + calmSeconds);
    this.currentRate = rate + perSecond / rate;
  }

  /** The service throttled a request: slow down, once per burst of such answers. */
  throttled(): void {
    const now = this.started();
    if (now - this.lastCutMs < this.tuning.windowMs) return;
    this.forgetBefore(now - this.tuning.windowMs);
    // Early on, a handful of answers says nothing about the limit (a lone 429 in the first
    // milliseconds): those throttled requests only wait out their backoff. Once `minSamples` were
    // admitted, what came through so far counts as one second's worth: a burst that the service's
    // bucket let through before it refused.
    const early = now - this.startedMs < this.tuning.windowMs;
    if (early && this.admitted.length < this.tuning.minSamples) return;
    this.lastCutMs = now;
    this.cuts += 1;
    const measured = this.measuredRate();
    const basis = this.currentRate === undefined ? measured : Math.min(this.currentRate, measured);
    this.currentRate = Math.max(this.tuning.minRate, basis * this.tuning.decrease);
    // The new spacing starts now; whoever holds a later slot takes a new one (acquire).
    this.nextSlotMs = now + 1000 / this.currentRate;
  }

  /** Now, remembering the first moment the pacer was used. */
  private started(): number {
    const now = this.clock.now();
    if (Number.isNaN(this.startedMs)) this.startedMs = now;
    return now;
  }

  /** Requests admitted a second over the last window. */
  private measuredRate(): number {
    return (this.admitted.length * 1000) / this.tuning.windowMs;
  }

  private forgetBefore(time: number): void {
    let stale = 0;
    while (stale < this.admitted.length && (this.admitted[stale] ?? 0) < time) stale++;
    if (stale > 0) this.admitted.splice(0, stale);
  }
}
