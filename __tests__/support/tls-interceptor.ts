import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A forward proxy on 127.0.0.1 that answers CONNECT for a few AWS host names itself: it ends
 * the TLS with a certificate from a throwaway test CA and hands the decrypted requests to the
 * emulator. It lets a client that cannot be pointed at another endpoint (the AWS CLI v2 from
 * Debian predates AWS_ENDPOINT_URL_SSO) talk to the emulator through its ordinary HTTPS_PROXY and
 * AWS_CA_BUNDLE settings. Nothing is ever forwarded anywhere but the emulator: a CONNECT to any
 * other host is refused.
 */

const run = promisify(execFile);

export interface TlsInterceptor {
  /** For HTTPS_PROXY. */
  readonly url: string;
  /** The test CA's certificate, for AWS_CA_BUNDLE. */
  readonly caFile: string;
  /** `host:port` of every CONNECT, refused ones included. */
  readonly connects: string[];
  close(): Promise<void>;
}

/** A CA, and a server certificate it signed for `hosts`, made with the openssl command. */
async function makeCertificates(dir: string, hosts: readonly string[]) {
  const file = (name: string) => join(dir, name);
  const openssl = (args: string[]) => run('openssl', args, { cwd: dir });
  await openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1']
      .concat(['-subj', '/CN=aws-sso-credentials test CA', '-keyout', file('ca.key')])
      .concat(['-out', file('ca.pem'), '-addext', 'basicConstraints=critical,CA:TRUE']),
  );
  await openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${hosts[0]}`].concat([
      '-keyout',
      file('server.key'),
      '-out',
      file('server.csr'),
    ]),
  );
  const san = hosts.map((host) => `DNS:${host}`).join(',');
  await writeFile(file('server.ext'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  await openssl(
    ['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem')]
      .concat(['-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1'])
      .concat(['-extfile', file('server.ext'), '-out', file('server.pem')]),
  );
  return {
    caFile: file('ca.pem'),
    key: await readFile(file('server.key')),
    cert: await readFile(file('server.pem')),
  };
}

/**
 * Sends one decrypted request on to the emulator, and its answer back. The Host header stays the
 * AWS host the client asked for: SigV4 signs it, and the emulator's STS verifies the signature.
 */
function forward(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const headers = { ...req.headers };
  const upstream = request(
    new URL(req.url ?? '/', target),
    { method: req.method, headers, agent: false },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

export async function startTlsInterceptor(
  emulatorUrl: string,
  hosts: readonly string[],
): Promise<TlsInterceptor> {
  const dir = await mkdtemp(join(tmpdir(), 'tls-interceptor-'));
  const { caFile, key, cert } = await makeCertificates(dir, hosts);
  const target = new URL(emulatorUrl);
  const inner = createHttpsServer({ key, cert }, (req, res) => forward(target, req, res));
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const authority = req.url ?? '';
    connects.push(authority);
    const [host, port] = authority.split(':');
    if (!host || !hosts.includes(host) || port !== '443') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    inner.emit('connection', socket);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    caFile,
    connects,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      inner.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
