import type { ClientRequest } from 'node:http';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';

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

/** A proxy URL that an agent can use: http(s) scheme and a host. */
export function parseProxyUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return ['http:', 'https:'].includes(url.protocol) && url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
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
      const match = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''));
      const pattern = (match?.[1] ?? '').replace(/^\*?\.?/, '');
      if (match?.[2] && Number(match[2]) !== port) return false;
      return hostname === pattern || hostname.endsWith(`.${pattern}`);
    });
}

/** Sends each request through the proxy agent, or directly for hosts that NO_PROXY names. */
class RoutingAgent extends Agent {
  constructor(
    private readonly proxied: HttpAgent,
    private readonly direct: HttpAgent,
    private readonly noProxy: string,
  ) {
    super({ keepAlive: true });
  }

  connect(_request: ClientRequest, options: AgentConnectOpts): HttpAgent {
    const port = options.port ?? (options.secureEndpoint ? 443 : 80);
    return bypassesProxy(options.host ?? '', port, this.noProxy) ? this.direct : this.proxied;
  }
}

export interface ProxyAgents {
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpAgent;
}

/** Agents for both schemes: HTTPS targets tunnel with CONNECT, plain HTTP ones go as absolute URIs. */
export function createProxyAgents(proxy: URL, noProxy: string): ProxyAgents {
  const options = { keepAlive: true };
  return {
    httpAgent: new RoutingAgent(
      new HttpProxyAgent(proxy, options),
      new HttpAgent(options),
      noProxy,
    ),
    httpsAgent: new RoutingAgent(
      new HttpsProxyAgent(proxy, options),
      new HttpsAgent(options),
      noProxy,
    ),
  };
}
