import type { EmulatorState } from './state.js';
import {
  type ApiRequest,
  type ApiResponse,
  emptyResponse,
  jsonResponse,
  portalError,
} from './wire.js';

/**
 * The four SSO portal operations. Each is authenticated only by `x-amz-sso_bearer_token`
 * (nothing is signed; an Authorization header would be ignored), reads its input from the
 * query string in any order, and reports errors as {message}.
 */

const BEARER_HEADER = 'x-amz-sso_bearer_token';
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

type Authenticated = (req: ApiRequest, sessionId: string) => ApiResponse;

/** Runs the handler only for a live access token; anything else is the service's 401. */
function withSession(state: EmulatorState, req: ApiRequest, handler: Authenticated): ApiResponse {
  const token = req.headers[BEARER_HEADER];
  const sessionId = token ? state.accessTokenSession(token) : undefined;
  if (sessionId === undefined) {
    return portalError('UnauthorizedException', 'Session token not found or invalid');
  }
  return handler(req, sessionId);
}

function missingParameter(name: string): ApiResponse {
  return portalError('InvalidRequestException', `Missing required parameter: ${name}`);
}

/** The live service answers 403 "No access" for an account or role the user is not assigned. */
const noAccess = (): ApiResponse => portalError('ForbiddenException', 'No access');

export function getRoleCredentials(state: EmulatorState, req: ApiRequest): ApiResponse {
  return withSession(state, req, ({ query }) => {
    const roleName = query.role_name;
    const accountId = query.account_id;
    if (!roleName) return missingParameter('role_name');
    if (!accountId) return missingParameter('account_id');
    if (!state.hasRole(accountId, roleName)) return noAccess();
    const identity = { kind: 'permission-set', accountId, roleName } as const;
    return jsonResponse(200, { roleCredentials: state.issueRoleCredentials(identity) });
  });
}

export function listAccounts(state: EmulatorState, req: ApiRequest): ApiResponse {
  return withSession(state, req, ({ query }) => {
    const accounts = [...state.accounts.values()].map((account) => ({
      accountId: account.accountId,
      accountName: account.accountName,
      emailAddress: account.emailAddress ?? `${account.accountId}@example.com`,
    }));
    return paginate(accounts, query, 'accounts', 'accountList');
  });
}

export function listAccountRoles(state: EmulatorState, req: ApiRequest): ApiResponse {
  return withSession(state, req, ({ query }) => {
    const accountId = query.account_id;
    if (!accountId) return missingParameter('account_id');
    const account = state.accounts.get(accountId);
    if (!account) return noAccess();
    const roles = account.roles.map((roleName) => ({ roleName, accountId }));
    return paginate(roles, query, `roles:${accountId}`, 'roleList');
  });
}

/** Logout ends the whole sign-in session (access and refresh tokens); 200, empty body. */
export function logout(state: EmulatorState, req: ApiRequest): ApiResponse {
  return withSession(state, req, (_req, sessionId) => {
    state.endSession(sessionId);
    return emptyResponse(200);
  });
}

/**
 * One page of `items`. The next_token is opaque to clients but carries the listing it belongs
 * to, so a token from ListAccounts replayed against ListAccountRoles is refused like the
 * service refuses a foreign token.
 */
function paginate(
  items: readonly unknown[],
  query: Record<string, string>,
  listing: string,
  resultKey: string,
): ApiResponse {
  const size = parsePageSize(query.max_result);
  if (size === undefined) return pageSizeError(query.max_result ?? '');
  const offset = query.next_token === undefined ? 0 : decodeNextToken(query.next_token, listing);
  if (offset === undefined) return portalError('InvalidRequestException', 'Invalid next token');
  const end = offset + size;
  const body: Record<string, unknown> = { [resultKey]: items.slice(offset, end) };
  if (end < items.length) body.nextToken = encodeNextToken(listing, end);
  return jsonResponse(200, body);
}

function parsePageSize(raw: string | undefined): number | undefined {
  if (raw === undefined) return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(raw)) return undefined;
  const size = Number(raw);
  return size >= 1 && size <= MAX_PAGE_SIZE ? size : undefined;
}

/** Worded like the service's Smithy validation errors. */
function pageSizeError(raw: string): ApiResponse {
  return portalError(
    'InvalidRequestException',
    `1 validation error detected: Value '${raw}' at 'maxResults' failed to satisfy constraint: ` +
      `Member must have value between 1 and ${MAX_PAGE_SIZE}`,
  );
}

function encodeNextToken(listing: string, offset: number): string {
  return Buffer.from(JSON.stringify({ l: listing, o: offset })).toString('base64url');
}

function decodeNextToken(token: string, listing: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { l, o } = parsed as { l?: unknown; o?: unknown };
    return l === listing && Number.isInteger(o) && (o as number) >= 0 ? (o as number) : undefined;
  } catch {
    return undefined;
  }
}
