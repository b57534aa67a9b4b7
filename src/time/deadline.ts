/**
 * A point in time that a whole piece of work (an action step) must end by, shared by every call
 * it makes: each call that joins it (retry.ts does, for every API call) ends its attempt and stops
 * retrying when it passes, and throws DeadlinePassedError. It holds no timer of its own, so one
 * that is never reached costs nothing and keeps no process alive.
 */
export class Deadline {
  private readonly endsAt: number;

  /** `limitMs` from `startedAt` (the process start, for a step: node's start-up counts too). */
  constructor(
    readonly limitMs: number,
    startedAt: number = Date.now(),
  ) {
    this.endsAt = startedAt + limitMs;
  }

  /** How long is left; 0 once it has passed. */
  remainingMs(now: number = Date.now()): number {
    return Math.max(0, this.endsAt - now);
  }

  passed(now: number = Date.now()): boolean {
    return this.remainingMs(now) === 0;
  }

  /** Throws DeadlinePassedError when it has passed. */
  check(): void {
    if (this.passed()) throw new DeadlinePassedError(this.limitMs);
  }

  /**
   * Settles as `work` does, or rejects with DeadlinePassedError when the deadline comes first
   * (`work` is then left to end on its own; its outcome is ignored).
   */
  async race<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const passed = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlinePassedError(this.limitMs)), this.remainingMs());
      timer.unref();
    });
    try {
      return await Promise.race([work, passed]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The deadline passed while the work was still waiting; the caller says for what. */
export class DeadlinePassedError extends Error {
  override readonly name = 'DeadlinePassedError';
  constructor(readonly limitMs: number) {
    super(`the time limit of ${formatSeconds(limitMs)} passed`);
  }
}

/** "30 s", "2.5 s": a limit as it was given in seconds. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
