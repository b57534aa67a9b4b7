import type { ClientRequest } from 'node:http';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { basicCredentials, TunnelAgent } from './proxy-tunnel.js';

/**
 * Proxy support. The AWS SDK reads no proxy variables itself, so the agents built here are
 * handed to both clients' request handlers (clients.ts).
 */

/** The proxy from the environment: the HTTPS variables first (both services are HTTPS), then HTTP. */
export function proxyFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || undefined;
}

export function noProxyFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return env.NO_PROXY ?? env.no_proxy ?? '';
}

/**
 * A proxy URL that an agent can use: an explicit `http://` or `https://` and a host. The scheme
 * must be spelled out: `new URL` reads a bare `proxy:3128` as the scheme `proxy:`, and the
 * WHATWG parser turns `http:3128` into `http://0.0.12.56/`; both are refused, never guessed at.
 * So are whitespace and control characters (the parser would silently drop a tab or a newline
 * and connect somewhere else) and a user name or password that is not valid percent-encoding:
 * the proxy agents decode them only when the first request is made, and a URIError thrown there
 * would leave a socket to the proxy open and the process running.
 */
export function parseProxyUrl(value: string): URL | undefined {
  const text = value.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return undefined;
  if (!/^https?:\/\/[^/?#]/i.test(text)) return undefined;
  try {
    const url = new URL(text);
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
    return ['http:', 'https:'].includes(url.protocol) && url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The secrets a proxy URL carries (http://user:pass@host): the URL itself, the password and user
 * name as written and percent-decoded, and the Base64 `user:password` that goes out in the
 * Proxy-Authorization header of every CONNECT and proxied request, which a proxy could echo in
 * its answer. None for a URL without credentials. A value that is not a URL is a secret whole.
 */
export function proxyUrlSecrets(value: string | undefined): string[] {
  if (!value?.includes('@')) return [];
  const secrets = [value];
  try {
    const { username, password } = new URL(value);
    for (const part of [password, username]) {
      if (part) secrets.push(part, decodeURIComponent(part));
    }
    if (username || password) secrets.push(basicCredentials(username, password));
  } catch {
    // Not a URL (or not valid percent-encoding): the whole value above; input checks report it.
  }
  return secrets;
}

/** The URL as it can be logged: without its user name and password. */
export function redactProxyUrl(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/**
 * NO_PROXY as curl reads it: `*` for everything, or comma/space separated hosts, each matching
 * itself and its subdomains (a leading `.` or `*.` is optional), optionally with `:port`.
 */
export function bypassesProxy(host: string, port: number, noProxy: string): boolean {
  const hostname = host.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const { pattern, entryPort } = splitEntry(entry);
      if (entryPort !== undefined && entryPort !== port) return false;
      if (pattern === '') return false;
      return hostname === pattern || hostname.endsWith(`.${pattern}`);
    });
}

/**
 * One NO_PROXY entry as host and optional port: `host`, `host:port`, `[v6]`, `[v6]:port`, or a
 * bare IPv6 address (`::1`, whose colons are not a port). A leading `.` or `*.` is dropped.
 */
function splitEntry(entry: string): { pattern: string; entryPort?: number } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return withPort(bracketed[1] ?? '', bracketed[2]);
  const hostPort = /^([^:]*):(\d+)$/.exec(entry);
  const [host, port] = hostPort ? [hostPort[1] ?? '', hostPort[2]] : [entry, undefined];
  return withPort(host.replace(/^\*?\./, ''), port);
}

function withPort(
  pattern: string,
  port: string | undefined,
): { pattern: string; entryPort?: number } {
  return port === undefined ? { pattern } : { pattern, entryPort: Number(port) };
}

interface Route {
  readonly proxied: HttpAgent;
  readonly direct: HttpAgent;
  readonly noProxy: string;
}

/** What http.ClientRequest hands its agent (host and port filled in); not in @types/node. */
interface RequestOptions {
  readonly host?: string | null;
  readonly port?: number | string | null;
  readonly secureEndpoint?: boolean;
}

/** `addRequest` is how http.ClientRequest gives a request to its agent; not in @types/node. */
interface AddRequest {
  addRequest(request: ClientRequest, options: RequestOptions): void;
}

/**
 * Hands the request to the agent NO_PROXY decides on. `secureEndpoint` tells the proxy agents
 * (agent-base) whether to speak TLS to the target, which they would otherwise guess from the
 * call stack.
 */
function route(
  { proxied, direct, noProxy }: Route,
  request: ClientRequest,
  options: RequestOptions,
  secure: boolean,
): void {
  // Node may hand the port over as a string when the request was made with one.
  const port = Number(options.port || (secure ? 443 : 80));
  const agent = bypassesProxy(options.host ?? '', port, noProxy) ? direct : proxied;
  (agent as unknown as AddRequest).addRequest(request, { ...options, secureEndpoint: secure });
}

/**
 * Sends each request to the proxy agent, or to a direct one for hosts that NO_PROXY names.
 * The choice is made synchronously in addRequest, which http.ClientRequest calls from its
 * constructor: http-proxy-agent rewrites the request line to an absolute URI there, before
 * the header is written. (An agent-base router that decides in its asynchronous connect()
 * hands the request over after the SDK has ended it; on a kept-alive proxy socket the
 * already-written relative request line then goes out unpatched and the proxy cannot route it.)
 */
class HttpRoutingAgent extends HttpAgent {
  constructor(private readonly route: Route) {
    // keepAlive here too: http.ClientRequest reads it from this agent to decide whether the
    // connection (owned by the agent routed to) may be kept for the next call.
    super({ keepAlive: true });
  }

  addRequest(request: ClientRequest, options: RequestOptions): void {
    route(this.route, request, options, false);
  }

  override destroy(): void {
    this.route.proxied.destroy();
    this.route.direct.destroy();
    super.destroy();
  }
}

/** The same for HTTPS targets (protocol `https:`, port 443), which the proxy agent tunnels with CONNECT. */
class HttpsRoutingAgent extends HttpsAgent {
  constructor(private readonly route: Route) {
    // keepAlive here too: http.ClientRequest reads it from this agent to decide whether the
    // connection (owned by the agent routed to) may be kept for the next call.
    super({ keepAlive: true });
  }

  addRequest(request: ClientRequest, options: RequestOptions): void {
    route(this.route, request, options, true);
  }

  override destroy(): void {
    this.route.proxied.destroy();
    this.route.direct.destroy();
    super.destroy();
  }
}

export interface ProxyAgents {
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpAgent;
}

/**
 * Agents for both schemes: HTTPS targets tunnel with CONNECT (proxy-tunnel.ts, which bounds the
 * proxy's answer in size and `tunnelTimeoutMs`), plain HTTP ones go as absolute URIs.
 * http-proxy-agent (and agent-base and debug behind it) is loaded only here, when a proxy
 * applies: a step without one does not pay for it (it is a chunk of its own in the bundles).
 */
export async function createProxyAgents(
  proxy: URL,
  noProxy: string,
  tunnelTimeoutMs = 10_000,
): Promise<ProxyAgents> {
  const { HttpProxyAgent } = await import('./proxy-agent-packages.js');
  const options = { keepAlive: true };
  return {
    httpAgent: new HttpRoutingAgent({
      proxied: new HttpProxyAgent(proxy, options),
      direct: new HttpAgent(options),
      noProxy,
    }),
    httpsAgent: new HttpsRoutingAgent({
      proxied: new TunnelAgent(proxy, tunnelTimeoutMs, options),
      direct: new HttpsAgent(options),
      noProxy,
    }),
  };
}
