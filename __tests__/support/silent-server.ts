import { createServer, type Server, type Socket } from 'node:net';

/**
 * An endpoint that accepts every connection, reads what comes and never answers (a hung service,
 * a black-holed proxy), on loopback; remembers how long each connection lasted. For the tests of
 * action-timeout-s.
 */
export class SilentServer {
  readonly durationsMs: number[] = [];
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server) {}

  static async start(): Promise<SilentServer> {
    const server = createServer();
    const silent = new SilentServer(server);
    server.on('connection', (socket) => silent.hold(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return silent;
  }

  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  get env(): Record<string, string> {
    return { AWS_ENDPOINT_URL_SSO: this.url, AWS_ENDPOINT_URL_SSO_OIDC: this.url };
  }

  get connections(): number {
    return this.durationsMs.length + this.sockets.size;
  }

  private hold(socket: Socket): void {
    const opened = Date.now();
    this.sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.durationsMs.push(Date.now() - opened);
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
