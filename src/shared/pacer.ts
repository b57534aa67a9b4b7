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
 * How: unpaced until the first throttling answer (a small listing never waits). Then the rate
 * becomes a fraction of what the service was measured to admit over the last second, and grows
 * back by a tenth a second while requests succeed, until the next throttling answer cuts it
 * again (the probe-and-back-off of TCP and of the AWS SDKs' adaptive retry mode). The throttling
 * answers of one burst count as one signal. The service's own bucket absorbs the swing: what is
 * sent below its rate refills it, what is sent above drains it.
 */

export interface PacerClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface PacerTuning {
  /** The rate after a throttling answer, as a fraction of the rate measured just before. */
  readonly decrease: number;
  /** Growth per second of successful requests, as a fraction of the rate (at least +1 a second). */
  readonly increase: number;
  /** Over how long the admitted rate is measured, and how long one cut holds before the next. */
  readonly windowMs: number;
  /** Never slower than this (requests a second), whatever the service says. */
  readonly minRate: number;
}

export const DEFAULT_PACER_TUNING: PacerTuning = {
  decrease: 0.8,
  increase: 0.1,
  windowMs: 1000,
  minRate: 0.5,
};

const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
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
    private readonly clock: PacerClock = realClock,
  ) {}

  /** The paced rate (requests a second), or undefined while unpaced. */
  get rate(): number | undefined {
    return this.currentRate;
  }

  /** How many times a throttling answer lowered the rate. */
  get decreases(): number {
    return this.cuts;
  }

  /** Waits for the next free slot (immediately while unpaced); call before each request. */
  async acquire(): Promise<void> {
    const now = this.started();
    if (this.currentRate === undefined) return;
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + 1000 / this.currentRate;
    if (slot > now) await this.clock.sleep(slot - now);
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
    const perSecond = Math.max(1, rate * this.tuning.increase);
    this.currentRate = rate + perSecond / rate;
  }

  /** The service throttled a request: slow down, once per burst of such answers. */
  throttled(): void {
    const now = this.started();
    // In the first window the admitted rate is not known yet (a listing that has just begun
    // has had few answers, whatever the limit): its throttled requests wait out their backoff.
    if (now - this.startedMs < this.tuning.windowMs) return;
    if (now - this.lastCutMs < this.tuning.windowMs) return;
    this.lastCutMs = now;
    this.cuts += 1;
    this.forgetBefore(now - this.tuning.windowMs);
    const measured = this.measuredRate();
    const basis = this.currentRate === undefined ? measured : Math.min(this.currentRate, measured);
    // Slots already handed out keep their time: the new spacing applies from the next one.
    this.currentRate = Math.max(this.tuning.minRate, basis * this.tuning.decrease);
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
