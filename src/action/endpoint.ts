import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';
import { StateKeys } from '../runner/constants.js';
import * as log from '../runner/log.js';
import { maskInLogs } from '../runner/masking.js';
import { AwsEnv } from '../shared/aws-env.js';
import {
  CREDENTIALS_PATH,
  HANDSHAKE,
  type LaunchDocument,
  type LaunchRole,
  type LaunchToken,
  type ServedCredentials,
} from '../shared/endpoint-protocol.js';
import { UserError } from '../shared/errors.js';
import type { RoleCredentials } from '../sso/credentials.js';
import type { AccessToken } from '../sso/token.js';
import type { TokenSettings } from '../steps/token-inputs.js';
import { readEndpointLog } from './endpoint-log.js';
import { refreshGrantOf } from './renewal.js';
import type { EndpointRenewal } from './renewal-inputs.js';

/**
 * renew-credentials: endpoint, the main step's half. The session goes to a detached process
 * (dist/main/endpoint/) through its stdin, never argv, the environment or a file; the step waits
 * only for the port it listens on, then exports the container credential provider's two
 * variables. The post step closes it (close-endpoint.ts) with a control secret kept in the
 * step's state, never in the job's environment.
 */

/** How long the step waits for the endpoint to say it listens. */
const HANDSHAKE_DEADLINE_MS = 15_000;
/** Variables the endpoint does not get: the step's inputs, the runner's tokens. */
const WITHHELD_VARIABLE = /^(INPUT_|STATE_|ACTIONS_(RUNTIME|ID_TOKEN|CACHE|RESULTS)_)/;

export const ContainerEnv = {
  FullUri: 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  AuthorizationToken: 'AWS_CONTAINER_AUTHORIZATION_TOKEN',
} as const;

/** What the post step needs to close the endpoint (the step's state, not the job's env). */
export interface EndpointState {
  readonly port: number;
  readonly control: string;
  readonly seal: string;
  readonly logFile: string;
  readonly pid: number;
  readonly addressFile?: string;
}

/** One role for the endpoint: the credentials the step got, and what to renew them from. */
export interface EndpointRole {
  readonly key: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly chain?: LaunchRole['chain'];
  readonly credentials: RoleCredentials;
  /** The account the credentials are for (with a chain, the assumed role's). */
  readonly servedAccountId: string;
}

export interface StartedEndpoint {
  readonly url: string;
  readonly authorization: string;
  readonly state: EndpointState;
}

const secret = () => randomBytes(32).toString('hex');

/** Starts the endpoint for `roles` and waits for its port; the secrets are masked first. */
export async function startEndpoint(
  settings: TokenSettings,
  renewal: EndpointRenewal,
  token: AccessToken,
  roles: readonly EndpointRole[],
): Promise<StartedEndpoint> {
  const [authorization, control, seal] = [secret(), secret(), secret()];
  for (const value of [authorization, control, seal]) maskInLogs(value);
  const launch: LaunchDocument = {
    version: 1,
    ssoRegion: settings.ssoRegion,
    token: launchToken(settings, renewal, token),
    roles: roles.map(launchRole),
    authorization,
    control,
    seal,
    transport: {
      maxAttempts: settings.maxAttempts,
      ...(settings.proxy
        ? { proxy: { url: settings.proxy.url.href, noProxy: settings.proxy.noProxy } }
        : {}),
    },
  };
  const logFile = join(
    resolve(process.env.RUNNER_TEMP || tmpdir()),
    `aws-sso-credentials-endpoint-${randomBytes(8).toString('hex')}.log`,
  );
  const { pid, port } = await spawnEndpoint(launch, logFile);
  const url = `http://127.0.0.1:${port}${CREDENTIALS_PATH}`;
  return { url, authorization, state: { port, control, seal, logFile, pid } };
}

function launchToken(
  settings: TokenSettings,
  renewal: EndpointRenewal,
  token: AccessToken,
): LaunchToken {
  const grant = renewal.holdsRefreshToken ? refreshGrantOf(settings.tokenSource) : undefined;
  const registration = token.registrationExpiresAt ?? grantRegistration(settings);
  return {
    accessToken: token.accessToken,
    ...(token.expiresAt ? { expiresAt: token.expiresAt.toISOString() } : {}),
    ...(grant
      ? {
          refresh: {
            refreshToken: token.rotatedRefreshToken ?? grant.refreshToken,
            clientId: grant.clientId,
            clientSecret: grant.clientSecret,
            ...(registration ? { registrationExpiresAt: registration.toISOString() } : {}),
          },
        }
      : {}),
  };
}

function grantRegistration(settings: TokenSettings): Date | undefined {
  const { tokenSource } = settings;
  return tokenSource.kind === 'sso-session' ? tokenSource.session.registrationExpiresAt : undefined;
}

function launchRole(role: EndpointRole): LaunchRole {
  const current: ServedCredentials = {
    AccessKeyId: role.credentials.accessKeyId,
    SecretAccessKey: role.credentials.secretAccessKey,
    Token: role.credentials.sessionToken,
    Expiration: role.credentials.expiration.toISOString(),
    AccountId: role.servedAccountId,
  };
  return {
    key: role.key,
    accountId: role.accountId,
    roleName: role.roleName,
    ...(role.chain ? { chain: role.chain } : {}),
    current,
  };
}

/** The bundle next to this one: dist/main/endpoint/index.js. */
function endpointScript(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'endpoint', 'index.js');
}

/** The step's environment without its inputs and the runner's tokens; RUNNER_TRACKING_ID stays. */
export function endpointEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !WITHHELD_VARIABLE.test(name.toUpperCase())),
  );
}

/**
 * Spawns the endpoint detached, with no handle of the step's (stdout and stderr go to the 0600
 * log file; the runner waits for a step's pipes), writes the launch document to its stdin and
 * reads the port from fd 3, which the endpoint closes right after.
 */
async function spawnEndpoint(
  launch: LaunchDocument,
  logFile: string,
): Promise<{ pid: number; port: number }> {
  const logFd = openSync(logFile, 'wx', 0o600);
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(process.execPath, [endpointScript()], {
      detached: true,
      windowsHide: true,
      stdio: ['pipe', logFd, logFd, 'pipe'],
      env: endpointEnvironment(),
    });
  } finally {
    closeSync(logFd);
  }
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(`${JSON.stringify(launch)}\n`);
  try {
    const port = await readHandshake(child);
    return { pid: child.pid ?? 0, port };
  } catch (error) {
    child.kill('SIGKILL');
    const logged = (await readEndpointLog(logFile, 4096)).trim() || '(empty)';
    throw new UserError(
      `The credential endpoint did not start (${error instanceof Error ? error.message : String(error)}). Its log: ${logged}`,
    );
  } finally {
    child.stdin?.destroy();
    (child.stdio[3] as (NodeJS.ReadableStream & { destroy(): void }) | null)?.destroy();
    child.unref();
  }
}

function readHandshake(child: ReturnType<typeof spawn>): Promise<number> {
  const pipe = child.stdio[3] as NodeJS.ReadableStream | null;
  return new Promise<number>((resolvePort, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`no port within ${HANDSHAKE_DEADLINE_MS / 1000} s`)),
      HANDSHAKE_DEADLINE_MS,
    );
    const settle = () => {
      clearTimeout(timer);
      const port = Number(HANDSHAKE.exec(text)?.[1]);
      if (port > 0 && port < 65536) resolvePort(port);
      else reject(new Error('it exited before it listened'));
    };
    if (!pipe) return reject(new Error('no handshake pipe'));
    pipe.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.length > 64) settle();
    });
    pipe.on('end', settle);
    pipe.on('error', settle);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const STATIC_KEYS = [
  AwsEnv.AccessKeyId,
  AwsEnv.SecretAccessKey,
  AwsEnv.SessionToken,
  AwsEnv.CredentialExpiration,
] as const;

/**
 * The container credential provider's variables for the rest of the job. Keys an earlier step
 * exported come before the provider in every SDK's chain: cleared. An earlier AWS_PROFILE comes
 * first too, and an empty one fails the AWS CLI v2 and botocore: it names `replacesProfile`, a
 * credential_process profile that asks the endpoint. The log says what changed.
 */
export function exportEndpoint(started: StartedEndpoint, replacesProfile?: string): void {
  const cleared = STATIC_KEYS.filter((name) => (process.env[name] ?? '') !== '');
  for (const name of cleared) core.exportVariable(name, '');
  core.exportVariable(ContainerEnv.FullUri, started.url);
  core.exportVariable(ContainerEnv.AuthorizationToken, started.authorization);
  if (cleared.length > 0) {
    log.info(
      `Cleared ${cleared.join(', ')} for the rest of the job: an earlier step set them, and they would take precedence over the credential endpoint.`,
    );
  }
  if (replacesProfile) {
    core.exportVariable(AwsEnv.Profile, replacesProfile);
    log.info(
      `AWS_PROFILE, which an earlier step set, now names profile '${replacesProfile}', whose credential_process asks the credential endpoint (an empty AWS_PROFILE would fail the AWS CLI and botocore).`,
    );
  }
  log.info(
    `Exported ${ContainerEnv.FullUri}=${started.url} and ${ContainerEnv.AuthorizationToken} (masked): the job's AWS tools get renewed credentials from the endpoint until the post step stops it.`,
  );
}

/** The post step's way back to the endpoint: in the step's state, which later steps never see. */
export function saveEndpointState(state: EndpointState): void {
  core.saveState(StateKeys.Endpoint, JSON.stringify(state));
}
