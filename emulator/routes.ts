import { authorize, authorizeDecision, authorizeSignIn } from './authorize.js';
import { deviceDecision, deviceSignIn, VERIFICATION_PATH, verification } from './device-page.js';
import * as oidc from './oidc.js';
import * as portal from './portal.js';
import type { EmulatorState } from './state.js';
import { sts } from './sts.js';
import type { ApiFamily, ApiRequest, ApiResponse } from './wire.js';

/**
 * Every service on one port: the OIDC paths and the portal paths do not overlap, and STS (the
 * query protocol) is `POST /`.
 */

export interface Route {
  family: ApiFamily;
  handle: (req: ApiRequest) => ApiResponse;
}

/** Where STS's query protocol posts every action. */
export const STS_PATH = '/';

const OIDC_PATHS = new Set(['/client/register', '/device_authorization', '/token']);

/** Which error dialect a path speaks, also for faults on paths with no route. */
export function familyOf(path: string): ApiFamily {
  if (path === STS_PATH) return 'sts';
  return OIDC_PATHS.has(path) ? 'oidc' : 'portal';
}

export function buildRoutes(state: EmulatorState, baseUrl: () => string): Map<string, Route> {
  const on = (family: ApiFamily, handle: Route['handle']): Route => ({ family, handle });
  return new Map<string, Route>([
    ['POST /client/register', on('oidc', (req) => oidc.registerClient(state, req))],
    [
      'POST /device_authorization',
      on('oidc', (req) => oidc.startDeviceAuthorization(state, req, baseUrl())),
    ],
    ['POST /token', on('oidc', (req) => oidc.createToken(state, req))],
    ['GET /federation/credentials', on('portal', (req) => portal.getRoleCredentials(state, req))],
    ['GET /assignment/accounts', on('portal', (req) => portal.listAccounts(state, req))],
    ['GET /assignment/roles', on('portal', (req) => portal.listAccountRoles(state, req))],
    ['POST /logout', on('portal', (req) => portal.logout(state, req))],
    [`POST ${STS_PATH}`, on('sts', (req) => sts(state, req))],
  ]);
}

/**
 * The pages a person sees in a browser (authorize, device verification). Like the control
 * endpoints they stand for a person, not API traffic: no log entry, fault, throttle or latency.
 */
export function buildPages(state: EmulatorState): Map<string, Route['handle']> {
  return new Map<string, Route['handle']>([
    ['GET /authorize', (req) => authorize(state, req)],
    ['POST /authorize/sign-in', (req) => authorizeSignIn(state, req)],
    ['POST /authorize/decision', (req) => authorizeDecision(state, req)],
    [`GET ${VERIFICATION_PATH}`, (req) => verification(state, req)],
    ['POST /device/sign-in', (req) => deviceSignIn(state, req)],
    ['POST /device/decision', (req) => deviceDecision(state, req)],
  ]);
}

export const routeKey = (method: string, path: string): string => `${method} ${path}`;
