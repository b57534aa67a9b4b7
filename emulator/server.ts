import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTROL_PREFIX, handleControl } from './control.js';
import { type FaultQueue, faultKey } from './faults.js';
import { buildPages, buildRoutes, familyOf, type Route, routeKey } from './routes.js';
import type { EmulatorState } from './state.js';
import type { Throttle } from './throttle.js';
import type { Fault, RequestLogEntry } from './types.js';
import {
  type ApiFamily,
  type ApiRequest,
  type ApiResponse,
  apiError,
  defaultErrorType,
  portalError,
  rawJsonResponse,
} from './wire.js';

/**
 * The HTTP front: reads each request, logs it, then applies (in order) the global latency, an
 * injected fault, the rate limit and finally the operation handler.
 */

export interface ServerDeps {
  state: EmulatorState;
  faults: FaultQueue;
  throttle: Throttle;
  log: RequestLogEntry[];
  latencyMs: () => number;
}

const MALFORMED_BODY = '{"roleCredentials":';

export class EmulatorServer {
  url = '';
  private readonly server: Server;
  private readonly routes: Map<string, Route>;
  private readonly pages: Map<string, Route['handle']>;
  private readonly sockets = new Set<Socket>();
  /** Aborts pending delays on stop(), so no timer outlives the emulator. */
  private readonly stopping = new AbortController();

  constructor(private readonly deps: ServerDeps) {
    this.routes = buildRoutes(deps.state, () => this.url);
    this.pages = buildPages(deps.state);
    this.server = createServer((req, res) => void this.onRequest(req, res));
    // Longer than the SDK agent's idle reuse, so a kept-alive socket is never closed under it.
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const { port: bound } = this.server.address() as AddressInfo;
        this.url = `http://127.0.0.1:${bound}`;
        resolve(this.url);
      });
    });
  }

  /** Closes the listener and destroys every socket, hung requests included. */
  async close(): Promise<void> {
    this.stopping.abort();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const apiRequest = toApiRequest(req, url, await readBody(req));
      if (url.pathname.startsWith(CONTROL_PREFIX)) {
        const { method, path, query } = apiRequest;
        return send(res, handleControl(this.deps.state, method, path, query));
      }
      const page = this.pages.get(routeKey(apiRequest.method, apiRequest.path));
      if (page) return send(res, page(apiRequest));
      await this.answer(apiRequest, res);
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      console.error('emulator: handler failed', error);
      const family = familyOf(faultKey(req.url ?? '/'));
      send(res, apiError(family, 'InternalServerException', 'Internal error'));
    }
  }

  private async answer(req: ApiRequest, res: ServerResponse): Promise<void> {
    const entry = logEntry(req);
    this.deps.log.push(entry);
    await this.delay(this.deps.latencyMs());
    const route = this.routes.get(routeKey(req.method, req.path));
    const family = route?.family ?? familyOf(req.path);
    const fault = this.deps.faults.take(req.path);
    if (fault) {
      entry.faulted = true;
      if (await this.applyFault(fault, family, res, entry)) return;
    }
    if (!route) {
      const message = `No operation for ${req.method} ${req.path}`;
      return finish(res, entry, portalError('UnknownOperationException', message, 404));
    }
    if (!this.deps.throttle.admit()) {
      entry.throttled = true;
      return finish(res, entry, this.throttled(family));
    }
    const response = route.handle(req);
    if (fault?.kind === 'lost-answer') return dropAnswer(fault.ending ?? 'reset', res, entry);
    finish(res, entry, response);
  }

  /** Answers per the fault; false when the request should then be served normally. */
  private async applyFault(
    fault: Fault,
    family: ApiFamily,
    res: ServerResponse,
    entry: RequestLogEntry,
  ): Promise<boolean> {
    switch (fault.kind) {
      case 'status':
        finish(res, entry, statusFault(fault, family));
        return true;
      case 'malformed':
        finish(res, entry, rawJsonResponse(fault.status ?? 200, fault.body ?? MALFORMED_BODY));
        return true;
      case 'reset':
        entry.status = 'reset';
        // An RST rather than a FIN, so the client sees ECONNRESET rather than a clean close.
        res.socket?.resetAndDestroy();
        return true;
      case 'hang':
        entry.status = 'hang';
        return true;
      case 'latency':
        await this.delay(fault.ms);
        return false;
      case 'lost-answer':
        // served first, by answer(); only the answer is lost
        return false;
    }
  }

  /**
   * Portal paths get the modelled 429; OIDC has no such shape and says slow_down instead; STS
   * answers 400 Throttling.
   */
  private throttled(family: ApiFamily): ApiResponse {
    if (family === 'oidc') return apiError('oidc', 'SlowDownException', 'Rate exceeded');
    if (family === 'sts') return apiError('sts', 'Throttling', 'Rate exceeded');
    const response = portalError('TooManyRequestsException', 'Rate exceeded');
    const retryAfter = this.deps.throttle.retryAfterSeconds;
    if (retryAfter !== undefined) response.headers['Retry-After'] = String(retryAfter);
    return response;
  }

  private async delay(ms: number): Promise<void> {
    if (ms > 0) await sleep(ms, undefined, { signal: this.stopping.signal });
  }
}

function statusFault(fault: Extract<Fault, { kind: 'status' }>, family: ApiFamily): ApiResponse {
  const shape = fault.errorType ?? defaultErrorType(family, fault.status);
  const response = apiError(family, shape, fault.message ?? 'Injected fault', fault.status);
  if (fault.retryAfter !== undefined) response.headers['Retry-After'] = fault.retryAfter;
  if (fault.amzRetryAfterMs !== undefined) {
    response.headers['x-amz-retry-after'] = String(fault.amzRetryAfterMs);
  }
  return response;
}

/** The request was served; its answer never reaches the client. */
function dropAnswer(how: 'reset' | 'hang', res: ServerResponse, entry: RequestLogEntry): void {
  entry.status = how;
  if (how === 'reset') res.socket?.resetAndDestroy();
}

function finish(res: ServerResponse, entry: RequestLogEntry, response: ApiResponse): void {
  entry.status = response.status;
  if (response.errorType !== undefined) entry.errorType = response.errorType;
  send(res, response);
}

function send(res: ServerResponse, response: ApiResponse): void {
  if (res.destroyed || res.headersSent) return;
  const length = String(Buffer.byteLength(response.body));
  res.writeHead(response.status, { ...response.headers, 'Content-Length': length });
  res.end(response.body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function toApiRequest(req: IncomingMessage, url: URL, raw: string): ApiRequest {
  const query: Record<string, string> = {};
  // First occurrence wins; order in the query string does not matter.
  for (const [name, value] of url.searchParams)
    if (!Object.hasOwn(query, name)) query[name] = value;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const method = req.method ?? 'GET';
  const rawQuery = url.search.replace(/^\?/, '');
  return {
    method,
    path: url.pathname,
    query,
    headers,
    body: parseBody(raw),
    rawBody: raw,
    rawQuery,
  };
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function logEntry(req: ApiRequest): RequestLogEntry {
  return {
    time: Date.now(),
    method: req.method,
    path: req.path,
    query: { ...req.query },
    headers: { ...req.headers },
    body: req.body,
    status: 0,
    faulted: false,
    throttled: false,
  };
}
