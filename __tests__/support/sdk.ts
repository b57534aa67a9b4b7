import { request } from 'node:http';
import { SSOClient, type SSOClientConfig } from '@aws-sdk/client-sso';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  type SSOOIDCClientConfig,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { DEFAULT_START_URL, type IdentityCenterEmulator } from '../../emulator/index.js';
import { expectRejection } from './errors.js';

/**
 * Real SDK clients over real HTTP against the emulator (the fidelity tests), a raw request for
 * wire details the SDK hides, and the device flow as `aws sso login --use-device-code` runs it.
 */

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

/** The error an SDK call rejects with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<SdkError> {
  return expectRejection<SdkError>(promise, Error);
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
      startUrl: DEFAULT_START_URL,
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

/** A request as an SDK client hands it to its request handler (the members the tests read). */
export interface StubbedRequest {
  method: string;
  path: string;
  query?: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * A request handler that records each request and answers every one with the same canned HTTP
 * response: the real client's (de)serialisation, without a server.
 */
function cannedHandler(statusCode: number, body: string, headers: Record<string, string>) {
  const requests: StubbedRequest[] = [];
  const handler = {
    handle: async (request: StubbedRequest) => {
      requests.push(request);
      return { response: { statusCode, headers, body: new TextEncoder().encode(body) } };
    },
  };
  return { handler, requests };
}

/** A real SSO portal client (one attempt) whose every request gets the canned response. */
export function stubbedPortal(statusCode: number, body: string, headers: Record<string, string>) {
  const { handler, requests } = cannedHandler(statusCode, body, headers);
  const requestHandler = handler as unknown as NonNullable<SSOClientConfig['requestHandler']>;
  return { client: new SSOClient({ region: REGION, maxAttempts: 1, requestHandler }), requests };
}

/** A real SSO OIDC client (one attempt) whose every request gets the canned response. */
export function stubbedOidc(statusCode: number, body: string, headers: Record<string, string>) {
  const { handler, requests } = cannedHandler(statusCode, body, headers);
  const requestHandler = handler as unknown as NonNullable<SSOOIDCClientConfig['requestHandler']>;
  return {
    client: new SSOOIDCClient({ region: REGION, maxAttempts: 1, requestHandler }),
    requests,
  };
}
