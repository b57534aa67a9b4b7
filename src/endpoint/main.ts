import { closeSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { rememberSecret } from '../secrets/known-secrets.js';
import {
  handshakeLine,
  type LaunchDocument,
  type ServedCredentials,
} from '../shared/endpoint-protocol.js';
import { endpointLog } from './endpoint-log.js';
import { readLaunch } from './launch.js';
import { type Renewal, startRenewal } from './renewal.js';
import { createEndpointServer, type ServedRole } from './server.js';

/**
 * The credential endpoint: a detached process the main step starts with `renew-credentials:
 * endpoint`. It reads the session from stdin, listens on 127.0.0.1, tells the step its port on
 * fd 3 (and closes it), then serves each role's credentials from memory and renews them in the
 * background until the post step closes it, or the session can no longer renew, or the runner
 * ends the job (it carries the job's RUNNER_TRACKING_ID). The SDK clients and the renewal
 * (renewal.ts) are set up after the handshake: the step waits only for the port.
 */

/** The handshake pipe the step reads the port from. */
const HANDSHAKE_FD = 3;

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
  const roles = new Map<string, ServedRole>();
  const renewal = loadRenewal(launch, roles);
  for (const role of launch.roles)
    roles.set(role.key, new StartingRole(role.current, renewal, role.key));
  let started: Renewal | undefined;
  void renewal.then((done) => {
    started = done;
  });
  const server = createEndpointServer(launch, {
    roles,
    closeAnswer: () => JSON.stringify(started?.session.closeAnswer() ?? {}),
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
    endpointLog(`Listening on 127.0.0.1:${port}.`);
    handshake(port);
  });
}

/**
 * The renewal (SDK clients, keepers), started once the port is known; its keepers then serve
 * instead of the stand-ins. In the same file on purpose: as a lazy chunk, webpack bundles the SDK
 * there about twice as large.
 */
async function loadRenewal(
  launch: LaunchDocument,
  roles: Map<string, ServedRole>,
): Promise<Renewal> {
  await new Promise((resolve) => setImmediate(resolve));
  try {
    const renewal = await startRenewal(launch);
    for (const [key, keeper] of renewal.keepers) roles.set(key, keeper);
    return renewal;
  } catch (error) {
    endpointLog(
      `The renewal did not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
}

/** A role until the renewal has loaded (milliseconds): the step's credentials, as they are. */
class StartingRole implements ServedRole {
  readonly failure = undefined;
  constructor(
    private readonly current: ServedCredentials,
    private readonly renewal: Promise<Renewal>,
    private readonly key: string,
  ) {}

  valid(now: number = Date.now()): ServedCredentials | undefined {
    return Date.parse(this.current.Expiration) > now ? this.current : undefined;
  }

  async renew(): Promise<void> {
    await (await this.renewal).keepers.get(this.key)?.renew();
  }
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
