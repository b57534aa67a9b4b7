import type { DeviceAuthorization } from './state.js';

/**
 * The RFC 8628 polling state machine for one device code, as CreateToken sees it. Kept apart
 * from the wire so its order of checks is easy to read: expiry first, then polling pace, then
 * the user's decision.
 */

export type PollOutcome = 'expired' | 'slow_down' | 'denied' | 'pending' | 'approved';

/** Timer jitter allowance, so a client that waits exactly `interval` is never told to slow down. */
const POLL_TOLERANCE_MS = 20;

export interface PollRules {
  now: number;
  slowDownIncrementMs: number;
  /** Approve once the device has answered "pending" this many times (autoApproveDevices). */
  autoApproveAfter: number | undefined;
}

export function pollDevice(device: DeviceAuthorization, rules: PollRules): PollOutcome {
  if (rules.now >= device.expiresAtMs) return 'expired';
  // The first poll may come at once (the CLI polls right after StartDeviceAuthorization);
  // every later one must wait `interval` after the previous poll, slowed-down polls included.
  const previous = device.lastPollMs;
  device.lastPollMs = rules.now;
  if (previous !== undefined && rules.now - previous < device.intervalMs - POLL_TOLERANCE_MS) {
    device.intervalMs += rules.slowDownIncrementMs;
    return 'slow_down';
  }
  if (device.state === 'denied') return 'denied';
  if (device.state === 'pending') return stillPending(device, rules.autoApproveAfter);
  return 'approved';
}

function stillPending(device: DeviceAuthorization, after: number | undefined): PollOutcome {
  if (after !== undefined && device.pendingPolls >= after) {
    device.state = 'approved';
    return 'approved';
  }
  device.pendingPolls += 1;
  return 'pending';
}

/** A person's decision in the browser (or the control endpoint standing in for it). */
export function settleDevice(
  device: DeviceAuthorization | undefined,
  decision: 'approved' | 'denied',
): 'ok' | 'unknown' | 'settled' {
  if (!device) return 'unknown';
  if (device.state !== 'pending') return 'settled';
  device.state = decision;
  return 'ok';
}
