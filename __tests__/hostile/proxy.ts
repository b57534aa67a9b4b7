import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * A programmable forward proxy on loopback that never forwards: it answers every CONNECT (and
 * every absolute-URI request) itself, the way a hostile or broken proxy could. It sees the
 * request head only, so a test can check what was sent to it (and that nothing reached the
 * service behind it).
 */

export type ProxyAnswer =
  /** An HTTP answer: status line, headers, body, exactly as given. */
  | {
      kind: 'answer';
      status: number;
      reason?: string;
      headers?: Record<string, string>;
      body?: string;
    }
  /** A status line, then header bytes for ever. */
  | { kind: 'endless-headers' }
  /** Reads the request and says nothing. */
  | { kind: 'silent' }
  /** Exactly these bytes. */
  | { kind: 'raw'; bytes: string }
  /** Opens the tunnel (200), then says nothing more: a TLS handshake never completes. */
  | { kind: 'established' };

export class HostileProxy {
  /** The first line of every request the proxy received (`CONNECT host:port HTTP/1.1`, ...). */
  readonly requestLines: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly answer: ProxyAnswer,
  ) {}

  static async start(answer: ProxyAnswer): Promise<HostileProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const proxy = new HostileProxy(server, `http://127.0.0.1:${port}`, answer);
    server.on('connection', (socket) => proxy.accept(socket));
    return proxy;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    // every request on the connection (plain HTTP requests reuse a kept-alive one)
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      if (answered && this.answer.kind === 'established') return;
      answered = true;
      this.requestLines.push(chunk.toString('latin1').split('\r\n')[0] ?? '');
      this.respond(socket);
    });
  }

  private respond(socket: Socket): void {
    const answer = this.answer;
    if (answer.kind === 'silent') return;
    if (answer.kind === 'established') {
      socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
      return;
    }
    if (answer.kind === 'raw') {
      socket.write(answer.bytes);
      return;
    }
    if (answer.kind === 'endless-headers') {
      socket.write('HTTP/1.1 200 Connection established\r\n');
      const line = Buffer.from(`X-Padding: ${'x'.repeat(4000)}\r\n`);
      const pump = (): void => {
        while (!socket.destroyed && socket.write(line)) {}
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
      return;
    }
    const body = answer.body ?? '';
    const headers = { ...answer.headers, 'Content-Length': String(Buffer.byteLength(body)) };
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(
      `HTTP/1.1 ${answer.status} ${answer.reason ?? 'Proxy Error'}\r\n${head.join('')}\r\n${body}`,
    );
  }

  /** Connections still open from the client's side, after it is done. */
  openConnections(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
