import type { LaunchDocument } from '../shared/endpoint-protocol.js';
import { type ClientOptions, createClients } from '../sso/clients.js';
import { describeCause } from '../sso/service-errors.js';
import type { assumeRole as AssumeRole } from '../sts/assume-role.js';
import { endpointLog } from './endpoint-log.js';
import { ENDPOINT_VOCABULARY } from './endpoint-vocabulary.js';
import { RoleKeeper } from './role-keeper.js';
import { SessionKeeper } from './session-keeper.js';

/**
 * The endpoint's renewal half, a lazy chunk loaded once the endpoint listens (the step waits
 * only for the port): the IAM Identity Center clients with the step's transport, the session,
 * and a keeper per role, each scheduled to renew ahead of its expiry.
 */

/** Once nothing can be renewed and everything served has expired, errors are still answered this long. */
const LINGER_MS = 10 * 60 * 1000;

export interface Renewal {
  readonly session: SessionKeeper;
  readonly keepers: ReadonlyMap<string, RoleKeeper>;
}

export async function startRenewal(launch: LaunchDocument): Promise<Renewal> {
  const clientOptions: ClientOptions = {
    maxAttempts: launch.transport.maxAttempts,
    ...(launch.transport.proxy
      ? {
          proxy: {
            url: new URL(launch.transport.proxy.url),
            noProxy: launch.transport.proxy.noProxy,
          },
        }
      : {}),
    onRetry: ({ attempt, maxAttempts, delayMs, error }) =>
      endpointLog(
        `Attempt ${attempt} of ${maxAttempts} failed (${describeCause(error, ENDPOINT_VOCABULARY)}); retrying in ${(delayMs / 1000).toFixed(1)}s.`,
      ),
  };
  const clients = await createClients(launch.ssoRegion, clientOptions);
  const session = new SessionKeeper(launch.token, clients.oidc, clients.refreshRetry);
  const keepers = new Map<string, RoleKeeper>();
  const services = {
    portal: clients.portal,
    retry: clients.retry,
    session,
    clientOptions,
    loadSts,
    onPermanentFailure: () => exitWhenNothingRenews(keepers),
  };
  for (const role of launch.roles) keepers.set(role.key, new RoleKeeper(role, services));
  for (const keeper of keepers.values()) keeper.schedule();
  endpointLog(`Renewing ${[...keepers.values()].map((keeper) => keeper.describe()).join(', ')}.`);
  return { session, keepers };
}

/** When no role can be renewed any more: answer the error until all expired + LINGER_MS, then exit. */
function exitWhenNothingRenews(keepers: ReadonlyMap<string, RoleKeeper>): void {
  const all = [...keepers.values()];
  if (!all.every((keeper) => keeper.failure?.permanent)) return;
  const lastExpiry = Math.max(...all.map((keeper) => keeper.expiresAt()));
  const delay = Math.max(0, lastExpiry - Date.now()) + LINGER_MS;
  endpointLog(
    `The session can no longer renew any role; the endpoint answers with the error until ${new Date(Date.now() + delay).toISOString()}, then exits.`,
  );
  setTimeout(() => process.exit(3), delay);
}

/** The STS bundle (dist/main/sts/, '#sts'), loaded only for a chained role. */
async function loadSts(): Promise<{ assumeRole: typeof AssumeRole }> {
  return import(/* webpackIgnore: true */ '#sts');
}
