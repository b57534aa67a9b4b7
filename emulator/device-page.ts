import { settleDevice } from './device.js';
import { consentPage, formFields, htmlPage, messagePage, paragraph, signInForm } from './pages.js';
import type { DeviceAuthorization, EmulatorState } from './state.js';
import type { ApiRequest, ApiResponse } from './wire.js';

/**
 * The device-verification pages (RFC 8628 §3.3): the verification URI asks for the user code
 * (prefilled from verificationUriComplete) and a sign-in, then shows the code again with Allow /
 * Deny. The decision is what the polling CreateToken calls then see.
 */

export const VERIFICATION_PATH = '/device';
const SIGN_IN_PATH = '/device/sign-in';
const DECISION_PATH = '/device/decision';

/** A device authorization a person may still decide. */
function pendingDevice(state: EmulatorState, userCode: string): DeviceAuthorization | undefined {
  const device = state.deviceByUserCode(userCode.trim());
  const open = device?.state === 'pending' && device.expiresAtMs > Date.now();
  return open ? device : undefined;
}

function verificationPage(
  state: EmulatorState,
  userCode: string,
  status: number,
  error?: string,
): ApiResponse {
  const form = signInForm({
    action: SIGN_IN_PATH,
    hidden: {},
    usernames: state.authorization.usernames,
    userCode,
    ...(error ? { error } : {}),
  });
  const lead = paragraph('Enter the code your device shows, and sign in to approve it.');
  return htmlPage(status, 'Authorize a device', lead + form);
}

/** GET /device[?user_code=ABCD-EFGH] */
export function verification(state: EmulatorState, req: ApiRequest): ApiResponse {
  return verificationPage(state, req.query.user_code ?? '', 200);
}

/** POST /device/sign-in */
export function deviceSignIn(state: EmulatorState, req: ApiRequest): ApiResponse {
  const fields = formFields(req);
  const userCode = fields.get('user_code') ?? '';
  const device = pendingDevice(state, userCode);
  if (!device) {
    const error = 'That code is not valid: it is mistyped, has expired or was already used.';
    return verificationPage(state, userCode, 400, error);
  }
  const username = fields.get('username') ?? '';
  if (!state.authorization.checkPassword(username, fields.get('password') ?? '')) {
    return verificationPage(state, userCode, 401, 'Incorrect username or password.');
  }
  const ticket = state.authorization.openConsent(
    { kind: 'device', userCode: device.userCode },
    username,
  );
  const clientName = state.clients.get(device.clientId)?.clientName ?? 'an application';
  const lead =
    paragraph(`Signed in as ${username}. Check that your device shows this code:`) +
    paragraph(device.userCode, 'code');
  return consentPage(lead, clientName, DECISION_PATH, ticket);
}

/** POST /device/decision */
export function deviceDecision(state: EmulatorState, req: ApiRequest): ApiResponse {
  const fields = formFields(req);
  const consent = state.authorization.takeConsent(fields.get('ticket') ?? '');
  const device =
    consent?.subject.kind === 'device' ? pendingDevice(state, consent.subject.userCode) : undefined;
  if (!device) {
    const text = 'This request has expired or was already decided. Start again on your device.';
    return messagePage(400, 'Request expired', text);
  }
  const allow = fields.get('decision') === 'allow';
  settleDevice(device, allow ? 'approved' : 'denied');
  return allow
    ? messagePage(200, 'Request approved', 'You may close this window.')
    : messagePage(200, 'Request denied', 'The device was not given access.');
}
