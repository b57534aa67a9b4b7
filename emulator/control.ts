import { settleDevice } from './device.js';
import type { EmulatorState } from './state.js';
import { type ApiResponse, emptyResponse, jsonResponse, portalError } from './wire.js';

/**
 * Test-only endpoints under /__emulator/, for processes that cannot call the emulator's methods
 * (a CLI under test in a child process, the demo). They bypass faults, throttling, latency and
 * the request log, because they stand for a person in a browser, not for API traffic.
 */

export const CONTROL_PREFIX = '/__emulator/';

export function handleControl(
  state: EmulatorState,
  method: string,
  path: string,
  query: Record<string, string>,
): ApiResponse {
  const action = path.slice(CONTROL_PREFIX.length);
  if (method === 'GET' && action === 'health') return jsonResponse(200, { ok: true });
  if (method === 'POST' && (action === 'approve' || action === 'deny')) {
    return decide(state, query.user_code ?? '', action === 'approve' ? 'approved' : 'denied');
  }
  return portalError('ResourceNotFoundException', `No control endpoint ${method} ${path}`, 404);
}

function decide(state: EmulatorState, userCode: string, decision: 'approved' | 'denied') {
  const result = settleDevice(state.deviceByUserCode(userCode), decision);
  if (result === 'ok') return emptyResponse(204);
  if (result === 'unknown') {
    return portalError('ResourceNotFoundException', `Unknown user_code ${userCode}`, 404);
  }
  return portalError('ConflictException', `user_code ${userCode} was already decided`, 409);
}
