import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A programmable loopback endpoint for both IAM Identity Center APIs (SSO OIDC and the portal),
 * for the hostile suite. By default every route answers like the service, with fresh random
 * secrets; a test replaces a route's answer with anything an adversary could send: hostile
 * JSON, raw bytes, an endless or trickling body, a redirect, silence, oversized headers.
 * Every secret it hands out (and every value it sends in a secret's place) is remembered, so
 * that the suite can scan all output for it and for its first 8 characters.
 */

export type Route = 'token' | 'credentials' | 'accounts' | 'roles' | 'register' | 'device' | 'sts';

const ROUTES: Record<string, Route> = {
  'POST /token': 'token',
  'GET /federation/credentials': 'credentials',
  'GET /assignment/accounts': 'accounts',
  'GET /assignment/roles': 'roles',
  'POST /client/register': 'register',
  'POST /device_authorization': 'device',
  // STS's query protocol (AWS_ENDPOINT_URL_STS): the form says which action; only AssumeRole here.
  'POST /': 'sts',
};

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

const xmlText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An STS `<ErrorResponse>` (XML), as the SDK reads it: the code and message are the adversary's. */
export function stsErrorAnswer(status: number, code: string, message: string): Answer {
  return {
    kind: 'raw',
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomBytes(8).toString('hex') },
    body: `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>Sender</Type><Code>${xmlText(code)}</Code><Message>${xmlText(message)}</Message></Error><RequestId>${randomBytes(8).toString('hex')}</RequestId></ErrorResponse>`,
  };
}

export type Answer =
  /** JSON with the service's headers (x-amzn-ErrorType when `errorType` is given). */
  | {
      kind: 'json';
      status?: number;
      body: unknown;
      errorType?: string;
      headers?: Record<string, string>;
      reason?: string;
    }
  /** Exactly these bytes as the body. */
  | { kind: 'raw'; status?: number; body: string | Buffer; headers?: Record<string, string> }
  /** A body that never ends, as fast as the client takes it. */
  | { kind: 'endless'; status?: number }
  /** A body of one byte every `everyMs`, for ever. */
  | { kind: 'trickle'; status?: number; everyMs?: number }
  /** Headers that say `length` bytes follow; a few do. */
  | { kind: 'declared'; status?: number; length: number }
  /** The request is read and never answered. */
  | { kind: 'hang' }
  /** The status line, then a header line every `everyMs`, for ever. */
  | { kind: 'slow-headers'; everyMs?: number }
  /** One header line of `bytes` bytes. */
  | { kind: 'huge-header'; bytes: number }
  | { kind: 'redirect'; status: number; location: string };

export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

export type Respond = (request: Seen, count: number) => Answer | undefined;

const base64 = (bytes: number): string => randomBytes(bytes).toString('base64');
const base64url = (bytes: number): string => randomBytes(bytes).toString('base64url');
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export class HostileServer {
  readonly requests: Seen[] = [];
  private readonly issued = new Set<string>();
  private readonly routes = new Map<Route, Respond>();
  private readonly counts = new Map<Route, number>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  accounts: { accountId: string; accountName: string; emailAddress?: string; roles: string[] }[] = [
    {
      accountId: '111111111111',
      accountName: 'Production',
      emailAddress: 'prod@example.com',
      roles: ['ReadOnly', 'AdministratorAccess'],
    },
    { accountId: '222222222222', accountName: 'Development', roles: ['ReadOnly'] },
  ];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<HostileServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const hostile = new HostileServer(server, `http://127.0.0.1:${port}`);
    server.on('connection', (socket) => {
      hostile.sockets.add(socket);
      socket.on('close', () => hostile.sockets.delete(socket));
    });
    server.on('request', (request, response) => void hostile.handle(request, response));
    return hostile;
  }

  /** Replaces a route's answer; returning undefined from `respond` gives the default answer. */
  on(route: Route, respond: Respond | Answer): this {
    this.routes.set(route, typeof respond === 'function' ? respond : () => respond);
    return this;
  }

  /** Every secret handed out, and every value sent where a secret belongs (8+ characters). */
  secrets(): string[] {
    return [...this.issued].filter((value) => value.length >= 8);
  }

  /** Remembers values sent in a hostile answer where secrets belong. */
  remember(...values: unknown[]): void {
    for (const value of values) if (typeof value === 'string') this.issued.add(value);
  }

  calls(route?: Route): Seen[] {
    return route
      ? this.requests.filter((r) => ROUTES[`${r.method} ${r.path}`] === route)
      : this.requests;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- default answers, as the service gives them ---------------------------------------------

  accessToken(): string {
    return this.keep(`aoa${base64url(48)}`);
  }

  refreshToken(): string {
    return this.keep(`aor${base64url(48)}`);
  }

  credentials(): Record<string, unknown> {
    let keyId = 'ASIA';
    for (let i = 0; i < 16; i++) keyId += BASE32[randomInt(BASE32.length)];
    return {
      accessKeyId: this.keep(keyId),
      secretAccessKey: this.keep(base64(30)),
      sessionToken: this.keep(base64(300)),
      expiration: Date.now() + 3600_000,
    };
  }

  /**
   * AssumeRole's answer for the role the form asks for (the signature is not checked), with
   * `credentials` in place of fresh ones when given: STS's member names, XML.
   */
  assumeRoleAnswer(request: Seen, credentials?: Record<string, string>): Answer {
    const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
    const [, partition = 'aws', account = '', name = ''] =
      /^arn:([\w-]+):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(
        form.get('RoleArn') ?? '',
      ) ?? [];
    const session = form.get('RoleSessionName') ?? '';
    const issued = this.credentials();
    const members = {
      AccessKeyId: String(issued.accessKeyId),
      SecretAccessKey: String(issued.secretAccessKey),
      SessionToken: String(issued.sessionToken),
      ...credentials,
    };
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    const xml = Object.entries(members)
      .map(([member, value]) => `<${member}>${xmlText(value)}</${member}>`)
      .join('');
    return {
      kind: 'raw',
      headers: { 'content-type': 'text/xml' },
      body: `<AssumeRoleResponse xmlns="${STS_NAMESPACE}"><AssumeRoleResult><AssumedRoleUser><AssumedRoleId>AROAHOSTILE:${xmlText(session)}</AssumedRoleId><Arn>arn:${partition}:sts::${account}:assumed-role/${name}/${xmlText(session)}</Arn></AssumedRoleUser><Credentials>${xml}<Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>${randomBytes(8).toString('hex')}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    };
  }

  private keep(value: string): string {
    this.issued.add(value);
    return value;
  }

  private defaultAnswer(route: Route | undefined, request: Seen): Answer {
    const body = (request.body ?? {}) as Record<string, unknown>;
    switch (route) {
      case 'token':
        return {
          kind: 'json',
          body: {
            accessToken: this.accessToken(),
            tokenType: 'Bearer',
            expiresIn: 3600,
            refreshToken:
              body.grantType === 'refresh_token' ? body.refreshToken : this.refreshToken(),
          },
        };
      case 'credentials':
        return { kind: 'json', body: { roleCredentials: this.credentials() } };
      case 'accounts':
        return {
          kind: 'json',
          body: {
            accountList: this.accounts.map(({ roles: _roles, ...account }) => account),
          },
        };
      case 'roles': {
        const account = this.accounts.find((a) => a.accountId === request.query.account_id);
        const roleList = (account?.roles ?? []).map((roleName) => ({
          roleName,
          accountId: request.query.account_id,
        }));
        return { kind: 'json', body: { roleList } };
      }
      case 'register':
        return {
          kind: 'json',
          body: {
            clientId: `cid${base64url(18)}`,
            clientSecret: this.keep(`cs${base64url(48)}`),
            clientIdIssuedAt: Math.floor(Date.now() / 1000),
            clientSecretExpiresAt: Math.floor(Date.now() / 1000) + 90 * 86400,
          },
        };
      case 'device':
        return {
          kind: 'json',
          body: {
            deviceCode: this.keep(`dc${base64url(36)}`),
            userCode: 'BCDF-GHJK',
            verificationUri: `${this.url}/start/#/device`,
            verificationUriComplete: `${this.url}/start/#/device?user_code=BCDF-GHJK`,
            expiresIn: 600,
            interval: 1,
          },
        };
      case 'sts':
        return this.assumeRoleAnswer(request);
      default:
        return { kind: 'json', status: 404, body: { message: 'no such route' } };
    }
  }

  // --- the wire ---------------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const url = new URL(request.url ?? '/', this.url);
    const seen: Seen = {
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
    };
    this.requests.push(seen);
    const route = ROUTES[`${seen.method} ${seen.path}`];
    const count = route ? (this.counts.get(route) ?? 0) + 1 : 0;
    if (route) this.counts.set(route, count);
    const custom = route ? this.routes.get(route)?.(seen, count) : undefined;
    this.send(response, custom ?? this.defaultAnswer(route, seen));
  }

  private send(response: ServerResponse, answer: Answer): void {
    const socket = response.socket;
    switch (answer.kind) {
      case 'json': {
        const text = JSON.stringify(answer.body);
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'x-amzn-requestid': randomBytes(8).toString('hex'),
          ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}),
          ...answer.headers,
        };
        if (answer.reason !== undefined)
          response.writeHead(answer.status ?? 200, answer.reason, headers);
        else response.writeHead(answer.status ?? 200, headers);
        response.end(text);
        return;
      }
      case 'raw':
        response.writeHead(answer.status ?? 200, answer.headers ?? {});
        response.end(answer.body);
        return;
      case 'endless': {
        response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = (): void => {
          while (!response.destroyed && response.write(chunk)) {}
          if (!response.destroyed) response.once('drain', pump);
        };
        pump();
        return;
      }
      case 'trickle': {
        response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        response.write('{"roleCredentials":');
        this.every(answer.everyMs ?? 500, () => response.write(' '), response);
        return;
      }
      case 'declared':
        response.writeHead(answer.status ?? 200, {
          'content-type': 'application/json',
          'content-length': String(answer.length),
        });
        response.write('{"a":"');
        return;
      case 'hang':
        return;
      case 'slow-headers':
        socket?.write('HTTP/1.1 200 OK\r\n');
        this.every(answer.everyMs ?? 500, () => socket?.write('X-Slow: 1\r\n'), response);
        return;
      case 'huge-header':
        socket?.write(
          `HTTP/1.1 200 OK\r\nX-Huge: ${'a'.repeat(answer.bytes)}\r\nContent-Length: 2\r\n\r\n{}`,
        );
        return;
      case 'redirect':
        response.writeHead(answer.status, { location: answer.location });
        response.end();
        return;
    }
  }

  private every(ms: number, act: () => void, response: ServerResponse): void {
    const timer = setInterval(() => {
      if (response.destroyed || response.socket?.destroyed) {
        clearInterval(timer);
        this.timers.delete(timer);
        return;
      }
      act();
    }, ms);
    this.timers.add(timer);
  }
}
