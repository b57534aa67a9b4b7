/**
 * When to tell someone how far a long piece of work has come: each time another tenth of it is
 * done, and otherwise at least every few seconds (a stalled listing, waiting out a backoff, still
 * says where it is). The caller decides what to say; this only decides when.
 */

export interface ProgressTimers {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

export interface ProgressCadence {
  /** Report each time this fraction of the total more is done. */
  readonly stepFraction: number;
  /** And never stay silent longer than this while the work goes on. */
  readonly intervalMs: number;
}

const DEFAULT_CADENCE: ProgressCadence = { stepFraction: 0.1, intervalMs: 5000 };

const realTimers: ProgressTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A heartbeat must not keep the process alive on its own.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class ProgressTicker {
  private done = 0;
  private nextReportAt: number;
  private readonly step: number;
  private timer: unknown;
  private stopped = false;

  /**
   * @param total how many items there are; undefined when not known yet (time-based reports only)
   * @param report told the count done so far
   */
  constructor(
    private readonly total: number | undefined,
    private readonly report: (done: number) => void,
    private readonly cadence: ProgressCadence = DEFAULT_CADENCE,
    private readonly timers: ProgressTimers = realTimers,
  ) {
    this.step = total === undefined ? Number.POSITIVE_INFINITY : stepOf(total, cadence);
    this.nextReportAt = this.step;
  }

  /** Reports the start (0 done) and arms the heartbeat; quietly, only arms it. */
  start(options: { quietly?: boolean } = {}): void {
    if (options.quietly) this.arm();
    else this.emit();
  }

  /** Counts `count` more items done; reports when that crosses the next step or ends the work. */
  advance(count = 1): void {
    if (this.stopped) return;
    this.done += count;
    const finished = this.total !== undefined && this.done >= this.total;
    if (this.done < this.nextReportAt && !finished) return;
    while (this.nextReportAt <= this.done) this.nextReportAt += this.step;
    this.emit();
    if (finished) this.stop();
  }

  /** No more reports, and no timer left behind (call it however the work ends). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private emit(): void {
    if (this.stopped) return;
    this.report(this.done);
    this.arm();
  }

  /** The heartbeat: a report intervalMs after the last one, unless another comes first. */
  private arm(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.emit();
    }, this.cadence.intervalMs);
  }
}

/** A tenth of the total, rounded up, and at least one item. */
function stepOf(total: number, cadence: ProgressCadence): number {
  return Math.max(1, Math.ceil(total * cadence.stepFraction));
}
