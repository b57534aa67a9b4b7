import type { AuthorizationRequest } from './authorization.js';
import {
  consentPage,
  formFields,
  htmlPage,
  messagePage,
  paragraph,
  redirect,
  signInForm,
} from './pages.js';
import type { ClientRegistration, EmulatorState } from './state.js';
import type { ApiRequest, ApiResponse } from './wire.js';

/**
 * The authorization-code pages (RFC 6749 §4.1 with PKCE, RFC 7636): GET /authorize checks the
 * request and shows a sign-in form; the sign-in shows Allow / Deny; the decision sends the
 * browser back to the redirect URI with `code` and `state`, or `error=access_denied`.
 * A client or redirect URI that cannot be trusted gets an error page, never a redirect.
 */

export const AUTHORIZATION_CODE_GRANT = 'authorization_code';
const SIGN_IN_PATH = '/authorize/sign-in';
const DECISION_PATH = '/authorize/decision';
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * RFC 8252 §7.3: a registered loopback redirect matches any port; anything else must match
 * exactly.
 */
export function redirectMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  let a: URL;
  let b: URL;
  try {
    a = new URL(registered);
    b = new URL(requested);
  } catch {
    return false;
  }
  if (a.protocol !== 'http:' || !LOOPBACK_HOSTS.has(a.hostname) || a.port !== '') return false;
  return (
    b.protocol === a.protocol &&
    b.hostname === a.hostname &&
    b.pathname === a.pathname &&
    b.search === a.search
  );
}

/** The redirect URI with the answer added to its query (and state echoed when there was one). */
export function callbackLocation(
  redirectUri: string,
  state: string | undefined,
  answer: Record<string, string>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(answer)) url.searchParams.set(name, value);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.href;
}

type Checked = { client: ClientRegistration; redirectUri: string } | ApiResponse;

/** The checks that decide whether it is safe to redirect at all. */
function checkClientAndRedirect(state: EmulatorState, query: Record<string, string>): Checked {
  const client = state.clients.get(query.client_id ?? '');
  if (!client || client.expiresAtMs <= Date.now()) {
    return messagePage(400, 'Unknown application', 'The client_id is unknown or has expired.');
  }
  const redirectUri = query.redirect_uri ?? '';
  if (!client.redirectUris.some((registered) => redirectMatches(registered, redirectUri))) {
    return messagePage(
      400,
      'Invalid redirect',
      'The redirect_uri was not registered for this application.',
    );
  }
  return { client, redirectUri };
}

function requestedScopes(query: Record<string, string>): string[] {
  return (query.scopes ?? '').split(' ').filter(Boolean);
}

/** OAuth errors that can safely go back to the (checked) redirect URI. */
function checkRequest(
  client: ClientRegistration,
  query: Record<string, string>,
): [error: string, description: string] | undefined {
  if (!client.grantTypes.includes(AUTHORIZATION_CODE_GRANT)) {
    return ['unauthorized_client', 'The client is not registered for authorization_code'];
  }
  if (query.response_type !== 'code')
    return ['unsupported_response_type', 'response_type must be code'];
  if (query.code_challenge_method !== 'S256') {
    return ['invalid_request', 'code_challenge_method must be S256'];
  }
  if (!CHALLENGE.test(query.code_challenge ?? '')) {
    return ['invalid_request', 'code_challenge must be 43 base64url characters'];
  }
  if (requestedScopes(query).some((scope) => !client.scopes.includes(scope))) {
    return ['invalid_scope', 'A requested scope was not registered for this client'];
  }
  return undefined;
}

/** GET /authorize */
export function authorize(state: EmulatorState, req: ApiRequest): ApiResponse {
  const checked = checkClientAndRedirect(state, req.query);
  if ('status' in checked) return checked;
  const { client, redirectUri } = checked;
  const problem = checkRequest(client, req.query);
  if (problem) {
    const [error, description] = problem;
    const answer = { error, error_description: description };
    return redirect(callbackLocation(redirectUri, req.query.state, answer));
  }
  const request = state.authorization.startRequest({
    clientId: client.clientId,
    clientName: client.clientName,
    redirectUri,
    state: req.query.state,
    codeChallenge: req.query.code_challenge ?? '',
    scopes: requestedScopes(req.query),
  });
  if (state.autoAuthorize) return approve(state, request);
  return signInPage(state, request, 200);
}

function signInPage(
  state: EmulatorState,
  request: AuthorizationRequest,
  status: number,
  error?: string,
): ApiResponse {
  const form = signInForm({
    action: SIGN_IN_PATH,
    hidden: { request: request.id },
    usernames: state.authorization.usernames,
    ...(error ? { error } : {}),
  });
  const lead = paragraph(`Sign in to allow ${request.clientName} to access your AWS accounts.`);
  return htmlPage(status, 'Sign in', lead + form);
}

const EXPIRED = messagePage(
  400,
  'Request expired',
  'This sign-in request has expired or was already decided. Start again from the application.',
);

/** POST /authorize/sign-in */
export function authorizeSignIn(state: EmulatorState, req: ApiRequest): ApiResponse {
  const fields = formFields(req);
  const request = state.authorization.request(fields.get('request') ?? '');
  if (!request) return EXPIRED;
  const username = fields.get('username') ?? '';
  if (!state.authorization.checkPassword(username, fields.get('password') ?? '')) {
    return signInPage(state, request, 401, 'Incorrect username or password.');
  }
  const ticket = state.authorization.openConsent(
    { kind: 'authorize', requestId: request.id },
    username,
  );
  const lead = paragraph(`Signed in as ${username}.`);
  return consentPage(lead, request.clientName, DECISION_PATH, ticket);
}

/** POST /authorize/decision */
export function authorizeDecision(state: EmulatorState, req: ApiRequest): ApiResponse {
  const fields = formFields(req);
  const consent = state.authorization.takeConsent(fields.get('ticket') ?? '');
  if (consent?.subject.kind !== 'authorize') return EXPIRED;
  const request = state.authorization.request(consent.subject.requestId);
  if (!request) return EXPIRED;
  state.authorization.closeRequest(request.id);
  if (fields.get('decision') !== 'allow') {
    const answer = {
      error: 'access_denied',
      error_description: 'The user denied the authorization request',
    };
    return redirect(callbackLocation(request.redirectUri, request.state, answer));
  }
  return approve(state, request);
}

/** Allow: a code, and the browser sent back to the redirect with it. */
function approve(state: EmulatorState, request: AuthorizationRequest): ApiResponse {
  state.authorization.closeRequest(request.id);
  const code = state.authorization.issueCode(request);
  return redirect(callbackLocation(request.redirectUri, request.state, { code }));
}
