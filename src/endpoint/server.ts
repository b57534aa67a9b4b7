import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ServedCredentials } from '../shared/endpoint-protocol.js';
import {
  CLOSE_PATH,
  CREDENTIALS_PATH,
  DEFAULT_ROLE_KEY,
  NONCE_HEADER,
  PROOF_HEADER,
} from '../shared/endpoint-protocol.js';

/** What the server needs of a role: its valid credentials, why it has none, a renewal to wait for. */
export interface ServedRole {
  valid(now?: number): ServedCredentials | undefined;
  readonly failure: { readonly permanent: boolean; readonly message: string } | undefined;
  renew(): Promise<void>;
}

/**
 * The HTTP side: the container credential provider's protocol on 127.0.0.1. Every answer comes
 * from memory; a request never waits for a call to AWS unless the credentials have expired while
 * a renewal is under way, and then for at most WAIT_FOR_RENEWAL_MS (the JS SDK gives the endpoint
 * 1 s, botocore 2 s).
 */

const WAIT_FOR_RENEWAL_MS = 800;

export interface EndpointSecrets {
  readonly authorization: string;
  readonly control: string;
  readonly seal: string;
}

export interface ServerHooks {
  readonly roles: ReadonlyMap<string, ServedRole>;
  /** The body of the close answer (JSON); the endpoint stops once it is sent. */
  readonly closeAnswer: () => string;
  readonly onClosed: () => void;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time comparison of a header with a secret (hashes first: equal lengths). */
function matches(given: string | undefined, secret: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(secret));
}

export function createEndpointServer(secrets: EndpointSecrets, hooks: ServerHooks): Server {
  const server = createServer((request, response) => {
    void handle(request, response, secrets, hooks, server).catch(() => {
      if (!response.headersSent) send(response, 500, errorDocument('Internal', 'internal error'));
      else response.destroy();
    });
  });
  // Slow or stuck clients are cut off; nothing here needs a body.
  server.headersTimeout = 5_000;
  server.requestTimeout = 5_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  secrets: EndpointSecrets,
  hooks: ServerHooks,
  server: Server,
): Promise<void> {
  const path = (request.url ?? '').split('?')[0] ?? '';
  const authorization = request.headers.authorization;
  if (path === CLOSE_PATH && request.method === 'POST') {
    if (!matches(authorization, secrets.control)) return sendEmpty(response, 403);
    return close(request, response, secrets, hooks, server);
  }
  if (authorization === undefined || authorization === '') return sendEmpty(response, 401);
  if (!matches(authorization, secrets.authorization)) return sendEmpty(response, 403);
  const key = roleKey(path);
  const keeper = key === undefined ? undefined : hooks.roles.get(key);
  if (request.method !== 'GET' || !keeper) {
    return send(response, 404, errorDocument('NotFound', `No credentials are served at ${path}.`));
  }
  const { status, body } = await answer(keeper);
  send(response, status, body);
}

/** `/…/credentials` → the default role, `/…/credentials/NAME` → profile NAME. */
function roleKey(path: string): string | undefined {
  if (path === CREDENTIALS_PATH) return DEFAULT_ROLE_KEY;
  if (!path.startsWith(`${CREDENTIALS_PATH}/`)) return undefined;
  try {
    return decodeURIComponent(path.slice(CREDENTIALS_PATH.length + 1));
  } catch {
    return undefined;
  }
}

/** Valid credentials, or (expired) the renewal under way, or why there are none. */
async function answer(keeper: ServedRole): Promise<{ status: number; body: string }> {
  let valid = keeper.valid();
  if (!valid && !keeper.failure?.permanent) {
    await Promise.race([keeper.renew(), sleep(WAIT_FOR_RENEWAL_MS)]);
    valid = keeper.valid();
  }
  if (valid) return { status: 200, body: JSON.stringify(valid) };
  const { failure } = keeper;
  if (failure?.permanent)
    return { status: 403, body: errorDocument('SessionEnded', failure.message) };
  const message = failure
    ? `The credentials expired and renewing them failed so far: ${failure.message} Retrying.`
    : 'The credentials expired and are being renewed; ask again in a moment.';
  return { status: 503, body: errorDocument('Renewing', message) };
}

/** The container-credentials error, in both spellings the SDKs read. */
export function errorDocument(code: string, message: string): string {
  const text = `aws-sso-credentials: ${message}`;
  return JSON.stringify({ code, message: text, Code: code, Message: text });
}

/**
 * The post step's request: the final token state, proven with the seal (the request carries a
 * nonce; the seal itself is never sent), then the server stops taking connections and exits.
 */
function close(
  request: IncomingMessage,
  response: ServerResponse,
  secrets: EndpointSecrets,
  hooks: ServerHooks,
  server: Server,
): void {
  const nonce = request.headers[NONCE_HEADER];
  if (typeof nonce !== 'string' || !/^[0-9a-f]{64}$/.test(nonce)) {
    sendEmpty(response, 400);
    return;
  }
  const body = hooks.closeAnswer();
  const proof = createHmac('sha256', secrets.seal).update(nonce).update(body).digest('hex');
  server.close();
  response.on('finish', () => {
    server.closeAllConnections();
    hooks.onClosed();
  });
  response.writeHead(200, {
    'content-type': 'application/json',
    [PROOF_HEADER]: proof,
    connection: 'close',
  });
  response.end(body);
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
  });
  response.end(body);
}

function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-length': '0' });
  response.end();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
