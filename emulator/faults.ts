import type { Fault } from './types.js';

/**
 * Injected faults, per path, consumed first-in first-out: one fault per request, each repeated
 * `times` times before the next queued one takes over.
 */

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

/** Faults are keyed by path alone: a query string in the key would never match. */
export function faultKey(path: string): string {
  const cut = path.indexOf('?');
  return cut === -1 ? path : path.slice(0, cut);
}

export class FaultQueue {
  private readonly byPath = new Map<string, QueuedFault[]>();

  add(path: string, fault: Fault, times = 1): void {
    if (!(times > 0)) return;
    const key = faultKey(path);
    const queue = this.byPath.get(key) ?? [];
    queue.push({ fault, remaining: times });
    this.byPath.set(key, queue);
  }

  /** The fault for this request, if any; Infinity-times faults are never used up. */
  take(path: string): Fault | undefined {
    const queue = this.byPath.get(path);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.fault;
  }

  clear(): void {
    this.byPath.clear();
  }
}
