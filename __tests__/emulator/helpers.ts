import { request } from 'node:http';
import { SSOClient, type SSOClientConfig } from '@aws-sdk/client-sso';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  type SSOOIDCClientConfig,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import type { IdentityCenterEmulator } from '../../emulator/index.js';

/** Shared plumbing for the emulator fidelity tests: real SDK clients over real HTTP. */

export const REGION = 'us-east-1';
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const clients: { destroy(): void }[] = [];

export function oidcClient(
  emu: IdentityCenterEmulator,
  config: SSOOIDCClientConfig = {},
): SSOOIDCClient {
  const client = new SSOOIDCClient({ region: REGION, endpoint: emu.url, ...config });
  clients.push(client);
  return client;
}

export function portalClient(emu: IdentityCenterEmulator, config: SSOClientConfig = {}): SSOClient {
  const client = new SSOClient({ region: REGION, endpoint: emu.url, ...config });
  clients.push(client);
  return client;
}

/** Closes the SDK agents' kept-alive sockets so Jest has nothing left open. */
export function destroyClients(): void {
  for (const client of clients.splice(0)) client.destroy();
}

/** What an SDK error carries that the tests look at. */
export interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string };
  $fault?: string;
  code?: string;
  error?: string;
  error_description?: string;
}

export async function rejectionOf(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error as SdkError;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request, for wire details the SDK would hide (query order, raw bodies). */
export function raw(
  emu: IdentityCenterEmulator,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${emu.url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface DeviceStart {
  clientId: string;
  clientSecret: string;
  deviceCode: string;
  userCode: string;
  interval: number;
  expiresIn: number;
  verificationUri: string;
  verificationUriComplete: string;
}

/** RegisterClient + StartDeviceAuthorization, as `aws sso login --use-device-code` does. */
export async function startDeviceFlow(
  oidc: SSOOIDCClient,
  scopes?: string[],
): Promise<DeviceStart> {
  const registration = await oidc.send(
    new RegisterClientCommand({ clientName: 'emulator-test', clientType: 'public', scopes }),
  );
  const clientId = registration.clientId ?? '';
  const clientSecret = registration.clientSecret ?? '';
  const start = await oidc.send(
    new StartDeviceAuthorizationCommand({
      clientId,
      clientSecret,
      startUrl: 'https://d-1234567890.awsapps.com/start',
    }),
  );
  return {
    clientId,
    clientSecret,
    deviceCode: start.deviceCode ?? '',
    userCode: start.userCode ?? '',
    interval: start.interval ?? -1,
    expiresIn: start.expiresIn ?? -1,
    verificationUri: start.verificationUri ?? '',
    verificationUriComplete: start.verificationUriComplete ?? '',
  };
}

export function pollToken(oidc: SSOOIDCClient, device: DeviceStart) {
  return oidc.send(
    new CreateTokenCommand({
      clientId: device.clientId,
      clientSecret: device.clientSecret,
      grantType: DEVICE_GRANT,
      deviceCode: device.deviceCode,
    }),
  );
}

export function refresh(
  oidc: SSOOIDCClient,
  client: { clientId: string; clientSecret: string },
  refreshToken: string,
) {
  return oidc.send(
    new CreateTokenCommand({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      grantType: 'refresh_token',
      refreshToken,
    }),
  );
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
