import { closeSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { rememberSecret } from '../secrets/known-secrets.js';
import { handshakeLine, type LaunchDocument } from '../shared/endpoint-protocol.js';
import { type ClientOptions, createClients } from '../sso/clients.js';
import { describeCause } from '../sso/service-errors.js';
import type { assumeRole as AssumeRole } from '../sts/assume-role.js';
import { endpointLog } from './endpoint-log.js';
import { ENDPOINT_VOCABULARY } from './endpoint-vocabulary.js';
import { readLaunch } from './launch.js';
import { RoleKeeper } from './role-keeper.js';
import { createEndpointServer } from './server.js';
import { SessionKeeper } from './session-keeper.js';

/**
 * The credential endpoint: a detached process the main step starts with `renew-credentials:
 * endpoint`. It reads the session from stdin, listens on 127.0.0.1, tells the step its port on
 * fd 3 (and closes it), then serves each role's credentials from memory and renews them in the
 * background until the post step closes it, or the session can no longer renew, or the runner
 * ends the job (it carries the job's RUNNER_TRACKING_ID).
 */

/** The handshake pipe the step reads the port from. */
const HANDSHAKE_FD = 3;
/** Once nothing can be renewed and everything served has expired, errors are still answered this long. */
const LINGER_MS = 10 * 60 * 1000;

export async function run(): Promise<void> {
  let launch: LaunchDocument;
  try {
    launch = await readLaunch(process.stdin);
  } catch (error) {
    endpointLog(`Not started: ${error instanceof Error ? error.message : String(error)}.`);
    process.exit(2);
  }
  process.stdin.destroy();
  rememberLaunchSecrets(launch);
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
  const roles = new Map<string, RoleKeeper>();
  const onPermanentFailure = () => exitWhenNothingRenews(roles);
  for (const role of launch.roles) {
    const services = {
      portal: clients.portal,
      retry: clients.retry,
      session,
      clientOptions,
      loadSts,
      onPermanentFailure,
    };
    roles.set(role.key, new RoleKeeper(role, services));
  }
  const server = createEndpointServer(launch, {
    roles,
    closeAnswer: () => JSON.stringify(session.closeAnswer()),
    onClosed: () => {
      endpointLog('The post step closed the endpoint.');
      process.exit(0);
    },
  });
  server.on('error', (error) => {
    endpointLog(`The endpoint stopped: ${error.message}`);
    process.exit(1);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    endpointLog(`Listening on 127.0.0.1:${port} for ${describeRoles(roles)}.`);
    handshake(port);
    for (const keeper of roles.values()) keeper.schedule();
  });
}

/** Tells the step the port, then closes the pipe: the step waits for nothing else. */
function handshake(port: number): void {
  try {
    writeSync(HANDSHAKE_FD, handshakeLine(port));
    closeSync(HANDSHAKE_FD);
  } catch {
    // Started without the pipe (by hand): nobody is waiting.
  }
}

/** Every secret of the launch is withheld from the log, whatever a message quotes. */
function rememberLaunchSecrets(launch: LaunchDocument): void {
  const { token } = launch;
  for (const secret of [
    token.accessToken,
    token.refresh?.refreshToken,
    token.refresh?.clientSecret,
    launch.authorization,
    launch.control,
    launch.seal,
    ...launch.roles.flatMap(({ current }) => [current.SecretAccessKey, current.Token]),
  ]) {
    if (secret) rememberSecret(secret);
  }
}

/** When no role can be renewed any more: answer the error until all expired + LINGER_MS, then exit. */
function exitWhenNothingRenews(roles: ReadonlyMap<string, RoleKeeper>): void {
  const keepers = [...roles.values()];
  if (!keepers.every((keeper) => keeper.failure?.permanent)) return;
  const lastExpiry = Math.max(...keepers.map((keeper) => keeper.expiresAt()));
  const delay = Math.max(0, lastExpiry - Date.now()) + LINGER_MS;
  endpointLog(
    `The session can no longer renew any role; the endpoint answers with the error until ${new Date(Date.now() + delay).toISOString()}, then exits.`,
  );
  setTimeout(() => process.exit(3), delay);
}

function describeRoles(roles: ReadonlyMap<string, RoleKeeper>): string {
  return [...roles.values()].map((keeper) => keeper.describe()).join(', ');
}

/** The STS bundle (dist/main/sts/, '#sts'), loaded only for a chained role. */
async function loadSts(): Promise<{ assumeRole: typeof AssumeRole }> {
  return import(/* webpackIgnore: true */ '#sts');
}
