import { type AgentOptions, Agent as HttpsAgent } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';

/**
 * An HTTPS agent that reaches its targets through a forward proxy's CONNECT tunnel, with the
 * proxy treated as untrusted:
 *
 * - its answer to CONNECT is read up to 16 KiB of headers (Node's own limit for HTTP headers);
 *   more is refused, so an endless answer cannot fill the memory;
 * - the answer must come within `timeoutMs`, or the socket is closed;
 * - an answer other than 200 fails the request with the status alone: the proxy's body is never
 *   read, nor handed to the SDK as if the service had sent it;
 * - a socket still waiting for the proxy is closed when the agent is destroyed (the clients are
 *   destroyed after every step), so that no connection keeps the process from exiting.
 *
 * (https-proxy-agent, used before, buffers the CONNECT answer without limit, replays a refusal to
 * the SDK as the service's answer, and leaves a socket that never got an answer open for ever.)
 */

/** The proxy refused or botched the tunnel; `$response.statusCode` is the status it answered. */
export class ProxyTunnelError extends Error {
  override readonly name: string = 'ProxyTunnelError';
  readonly $response: { statusCode?: number | undefined };
  constructor(
    message: string,
    status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.$response = { statusCode: status };
  }
}

const MAX_CONNECT_HEADER_BYTES = 16 * 1024;

type Callback = (error: Error | null, socket?: Duplex) => void;

interface TunnelTarget {
  readonly host?: string | null;
  readonly port?: number | string | null;
}

export class TunnelAgent extends HttpsAgent {
  private readonly pending = new Set<Socket>();

  constructor(
    private readonly proxy: URL,
    private readonly timeoutMs: number,
    options: AgentOptions = {},
  ) {
    super(options);
  }

  /** Node's Agent waits for the callback when this returns nothing. */
  override createConnection(options: AgentOptions & TunnelTarget, callback: Callback): undefined {
    const socket = this.connectToProxy();
    this.pending.add(socket);
    let settled = false;
    const settle = (error: Error | null, tunnel?: Duplex): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.pending.delete(socket);
      if (error) {
        socket.destroy();
        callback(error);
      } else callback(null, tunnel);
    };
    const timer = setTimeout(
      () => settle(timeoutError(`the proxy did not answer CONNECT within ${this.timeoutMs} ms`)),
      this.timeoutMs,
    );
    timer.unref();
    socket.once('error', (error) => settle(error));
    socket.once('close', () =>
      settle(
        new ProxyTunnelError(
          'the proxy closed the connection before answering CONNECT',
          undefined,
          'ECONNRESET',
        ),
      ),
    );
    readConnectAnswer(socket, (error, rest) => {
      if (error) return settle(error);
      if (rest && rest.length > 0) socket.unshift(rest);
      settle(null, tlsConnect({ ...options, socket } as unknown as ConnectionOptions));
    });
    socket.write(this.connectRequest(options));
    return undefined;
  }

  override destroy(): void {
    for (const socket of this.pending) socket.destroy();
    this.pending.clear();
    super.destroy();
  }

  private connectToProxy(): Socket {
    const host = this.proxy.hostname.replace(/^\[|\]$/g, '');
    const secure = this.proxy.protocol === 'https:';
    const port = Number(this.proxy.port) || (secure ? 443 : 80);
    return secure
      ? tlsConnect({ host, port, servername: host, ALPNProtocols: ['http/1.1'] })
      : netConnect({ host, port });
  }

  private connectRequest(options: TunnelTarget): string {
    const host = String(options.host ?? '');
    const authority = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 443}`;
    const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (this.proxy.username || this.proxy.password) {
      const credentials = basicCredentials(this.proxy.username, this.proxy.password);
      lines.push(`Proxy-Authorization: Basic ${credentials}`);
    }
    return `${lines.join('\r\n')}\r\n\r\n`;
  }
}

/**
 * The Base64 `user:password` of a Proxy-Authorization header, as this agent and http-proxy-agent
 * both build it (the URL's user name and password, percent-decoded).
 */
export function basicCredentials(username: string, password: string): string {
  const pair = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  return Buffer.from(pair).toString('base64');
}

function timeoutError(message: string): ProxyTunnelError {
  const error = new ProxyTunnelError(message, undefined, 'ETIMEDOUT');
  Object.defineProperty(error, 'name', { value: 'TimeoutError' });
  return error;
}

/**
 * Reads the proxy's answer up to the blank line that ends its headers; hands back what came after
 * it (the start of the TLS handshake, normally nothing). Only a 200 opens the tunnel.
 */
function readConnectAnswer(
  socket: Socket,
  done: (error: Error | null, rest?: Buffer) => void,
): void {
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    const end = received.indexOf('\r\n\r\n');
    if (end < 0) {
      if (received.length > MAX_CONNECT_HEADER_BYTES) {
        done(
          new ProxyTunnelError(
            `the proxy's answer to CONNECT has more than ${MAX_CONNECT_HEADER_BYTES / 1024} KiB of headers; refused`,
          ),
        );
      }
      return;
    }
    socket.removeAllListeners('data');
    const statusLine = received.subarray(0, received.indexOf('\r\n')).toString('latin1');
    const match = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine);
    const status = match ? Number(match[1]) : undefined;
    if (status === 200) return done(null, received.subarray(end + 4));
    if (!match) return done(new ProxyTunnelError("the proxy's answer to CONNECT is not HTTP"));
    // The status alone: the reason phrase is the proxy's own text and says nothing the status
    // does not, and a proxy can put anything there, the Proxy-Authorization it was sent included.
    done(
      new ProxyTunnelError(
        `the proxy refused to open a tunnel to the endpoint (CONNECT answered HTTP ${status})`,
        status,
      ),
    );
  });
}
