import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createProxy } from 'proxy';
import { ProxyTunnelError, TunnelAgent } from '../../src/http/proxy-tunnel.js';
import { repoRoot } from '../support/node24.js';

const TLS_DIR = join(repoRoot, '__tests__', 'fixtures', 'tls');
const cert = readFileSync(join(TLS_DIR, 'cert.pem'));
const key = readFileSync(join(TLS_DIR, 'key.pem'));

async function listen<T extends Server | NetServer>(server: T): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function get(agent: TunnelAgent, port: number, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest({ host: '127.0.0.1', port, path, agent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.end();
  });
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('the request succeeded');
}

describe('TunnelAgent through a real proxy to a real TLS endpoint', () => {
  let target: Server;
  let targetPort: number;
  let proxy: Server;
  let proxyPort: number;
  const connects: string[] = [];

  beforeAll(async () => {
    target = createHttpsServer({ cert, key }, (request, response) =>
      response.end(`ok ${request.url}`),
    );
    targetPort = await listen(target);
    proxy = createProxy(createServer());
    proxy.on('connect', (request: IncomingMessage) => connects.push(request.url ?? ''));
    proxyPort = await listen(proxy);
  });

  afterAll(async () => {
    for (const server of [target, proxy]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('speaks TLS inside the tunnel, verifies the certificate, and keeps the tunnel alive', async () => {
    const agent = new TunnelAgent(new URL(`http://127.0.0.1:${proxyPort}`), 5000, {
      keepAlive: true,
      ca: cert,
    });
    try {
      expect(await get(agent, targetPort, '/one')).toBe('ok /one');
      expect(await get(agent, targetPort, '/two')).toBe('ok /two');
      expect(connects).toEqual([`127.0.0.1:${targetPort}`]);
    } finally {
      agent.destroy();
    }
  });

  test('an untrusted certificate fails the request', async () => {
    const agent = new TunnelAgent(new URL(`http://127.0.0.1:${proxyPort}`), 5000);
    try {
      const error = await failure(get(agent, targetPort));
      expect(String(error.code)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/);
    } finally {
      agent.destroy();
    }
  });
});

describe('TunnelAgent against a hostile proxy', () => {
  let answer: (socket: Socket) => void = () => {};
  let proxy: NetServer;
  let proxyPort: number;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    proxy = createNetServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
      socket.once('data', () => answer(socket));
    });
    proxyPort = await listen(proxy);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  const agent = (timeoutMs = 5000) =>
    new TunnelAgent(new URL(`http://127.0.0.1:${proxyPort}`), timeoutMs);

  test('a refusal with a hostile body is an error with the status only', async () => {
    answer = (socket) =>
      socket.write(
        'HTTP/1.1 502 Bad\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"code":"X\\n::stop-commands::T"}        ',
      );
    const tunnel = agent();
    try {
      const error = await failure(get(tunnel, 443));
      expect(error).toBeInstanceOf(ProxyTunnelError);
      expect(error.$response).toEqual({ statusCode: 502 });
      expect(error.message).not.toContain('stop-commands');
    } finally {
      tunnel.destroy();
    }
  });

  test("the reason phrase is the proxy's text: never quoted (it could echo Proxy-Authorization)", async () => {
    answer = (socket) =>
      socket.write('HTTP/1.1 407 Y2k6UXdlcnR5enhj ::stop-commands::T\r\nContent-Length: 0\r\n\r\n');
    const tunnel = agent();
    try {
      const error = await failure(get(tunnel, 443));
      expect(error.message).toBe(
        'the proxy refused to open a tunnel to the endpoint (CONNECT answered HTTP 407)',
      );
    } finally {
      tunnel.destroy();
    }
  });

  test('endless headers are refused after 16 KiB', async () => {
    answer = (socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      const line = Buffer.alloc(4096, 'x');
      const pump = () => {
        while (!socket.destroyed && socket.write(line)) {}
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    };
    const tunnel = agent();
    try {
      const error = await failure(get(tunnel, 443));
      expect(error.message).toMatch(/more than 16 KiB of headers/);
    } finally {
      tunnel.destroy();
    }
  });

  test('a silent proxy times out, and no socket to it stays open', async () => {
    answer = () => {};
    const tunnel = agent(300);
    try {
      const error = await failure(get(tunnel, 443));
      expect(error.name).toBe('TimeoutError');
      expect(error.code).toBe('ETIMEDOUT');
    } finally {
      tunnel.destroy();
    }
    for (let i = 0; i < 100 && sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sockets.size).toBe(0);
  });

  test('destroy() closes a socket still waiting for the answer', async () => {
    answer = () => {};
    const tunnel = agent(60_000);
    const pending = failure(get(tunnel, 443));
    for (let i = 0; i < 100 && sockets.size === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sockets.size).toBe(1);
    tunnel.destroy();
    for (let i = 0; i < 100 && sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sockets.size).toBe(0);
    pending.catch(() => {});
  });

  test('an answer that is not HTTP is refused', async () => {
    answer = (socket) => socket.write('SSH-2.0-OpenSSH\r\n\r\n');
    const tunnel = agent();
    try {
      expect((await failure(get(tunnel, 443))).message).toMatch(/not HTTP/);
    } finally {
      tunnel.destroy();
    }
  });

  test('sends the proxy credentials, decoded, as Basic', async () => {
    let seen = '';
    answer = (socket) => {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
    };
    proxy.once('connection', (socket: Socket) =>
      socket.once('data', (chunk: Buffer) => {
        seen = chunk.toString('latin1');
      }),
    );
    const tunnel = new TunnelAgent(new URL(`http://us%40er:p%3Ass@127.0.0.1:${proxyPort}`), 5000);
    try {
      const error = await failure(get(tunnel, 443));
      expect(error.$response).toEqual({ statusCode: 407 });
      const basic = Buffer.from('us@er:p:ss').toString('base64');
      expect(seen).toContain(
        `CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\nProxy-Authorization: Basic ${basic}\r\n\r\n`,
      );
    } finally {
      tunnel.destroy();
    }
  });
});
