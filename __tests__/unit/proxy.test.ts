import {
  createServer,
  type Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type Server,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { createProxy } from 'proxy';
import {
  bypassesProxy,
  createProxyAgents,
  noProxyFromEnvironment,
  parseProxyUrl,
  proxyFromEnvironment,
  redactProxyUrl,
} from '../../src/http/proxy.js';

describe('bypassesProxy: NO_PROXY as curl reads it', () => {
  test('`*` bypasses everything, an empty list nothing', () => {
    expect(bypassesProxy('portal.sso.us-east-1.amazonaws.com', 443, '*')).toBe(true);
    expect(bypassesProxy('127.0.0.1', 80, 'example.com, *')).toBe(true);
    expect(bypassesProxy('127.0.0.1', 80, '')).toBe(false);
    expect(bypassesProxy('127.0.0.1', 80, ' , ,')).toBe(false);
  });

  test('an exact host matches itself and its subdomains, not look-alikes', () => {
    const list = 'amazonaws.com';
    expect(bypassesProxy('amazonaws.com', 443, list)).toBe(true);
    expect(bypassesProxy('oidc.us-east-1.amazonaws.com', 443, list)).toBe(true);
    expect(bypassesProxy('notamazonaws.com', 443, list)).toBe(false);
    expect(bypassesProxy('amazonaws.com.evil.example', 443, list)).toBe(false);
  });

  test('`.suffix` and `*.suffix` match the subdomains (and the domain itself)', () => {
    for (const list of ['.amazonaws.com', '*.amazonaws.com']) {
      expect(bypassesProxy('portal.sso.eu-west-1.amazonaws.com', 443, list)).toBe(true);
      expect(bypassesProxy('amazonaws.com', 443, list)).toBe(true);
      expect(bypassesProxy('xamazonaws.com', 443, list)).toBe(false);
    }
  });

  test('`host:port` matches only that port', () => {
    expect(bypassesProxy('127.0.0.1', 8080, '127.0.0.1:8080')).toBe(true);
    expect(bypassesProxy('127.0.0.1', 8081, '127.0.0.1:8080')).toBe(false);
    expect(bypassesProxy('oidc.us-east-1.amazonaws.com', 443, '.amazonaws.com:443')).toBe(true);
    expect(bypassesProxy('oidc.us-east-1.amazonaws.com', 8443, '.amazonaws.com:443')).toBe(false);
    expect(bypassesProxy('localhost', 3000, 'localhost,127.0.0.1:3000')).toBe(true);
  });

  test('IP addresses match exactly, not as a suffix of a longer one', () => {
    expect(bypassesProxy('127.0.0.1', 80, '127.0.0.1')).toBe(true);
    expect(bypassesProxy('127.0.0.10', 80, '127.0.0.1')).toBe(false);
    expect(bypassesProxy('27.0.0.1', 80, '127.0.0.1')).toBe(false);
  });

  test('IPv6: bracketed with or without a port, and bare', () => {
    expect(bypassesProxy('[::1]', 443, '[::1]')).toBe(true);
    expect(bypassesProxy('::1', 443, '[::1]')).toBe(true);
    expect(bypassesProxy('[::1]', 8080, '[::1]:8080')).toBe(true);
    expect(bypassesProxy('[::1]', 8081, '[::1]:8080')).toBe(false);
    // a bare address: its colons are not a port
    expect(bypassesProxy('::1', 443, '::1')).toBe(true);
    expect(bypassesProxy('[fd00::1]', 80, 'fd00::1')).toBe(true);
    expect(bypassesProxy('::2', 443, '::1')).toBe(false);
  });

  test('case does not matter on either side', () => {
    expect(bypassesProxy('OIDC.US-EAST-1.AmazonAWS.com', 443, '.amazonaws.COM')).toBe(true);
    expect(bypassesProxy('localhost', 80, 'LocalHost')).toBe(true);
  });

  test('entries are separated by commas and/or whitespace', () => {
    const list = ' example.com ,\tinternal.corp  127.0.0.1:9000,';
    expect(bypassesProxy('a.internal.corp', 443, list)).toBe(true);
    expect(bypassesProxy('127.0.0.1', 9000, list)).toBe(true);
    expect(bypassesProxy('127.0.0.1', 9001, list)).toBe(false);
    expect(bypassesProxy('amazonaws.com', 443, list)).toBe(false);
  });

  test('degenerate entries match nothing', () => {
    expect(bypassesProxy('example.com', 443, ':443')).toBe(false);
    expect(bypassesProxy('example.com', 443, '.')).toBe(false);
    expect(bypassesProxy('example.com', 443, '*.')).toBe(false);
  });
});

describe('proxyFromEnvironment and noProxyFromEnvironment', () => {
  const all = {
    HTTPS_PROXY: 'http://upper-https:1',
    https_proxy: 'http://lower-https:2',
    HTTP_PROXY: 'http://upper-http:3',
    http_proxy: 'http://lower-http:4',
  };

  test('precedence: HTTPS_PROXY > https_proxy > HTTP_PROXY > http_proxy', () => {
    expect(proxyFromEnvironment(all)).toBe('http://upper-https:1');
    const { HTTPS_PROXY: _a, ...noUpperHttps } = all;
    expect(proxyFromEnvironment(noUpperHttps)).toBe('http://lower-https:2');
    const { https_proxy: _b, ...onlyHttp } = noUpperHttps;
    expect(proxyFromEnvironment(onlyHttp)).toBe('http://upper-http:3');
    const { HTTP_PROXY: _c, ...onlyLower } = onlyHttp;
    expect(proxyFromEnvironment(onlyLower)).toBe('http://lower-http:4');
    expect(proxyFromEnvironment({})).toBeUndefined();
  });

  test('an empty variable counts as unset', () => {
    expect(proxyFromEnvironment({ HTTPS_PROXY: '', http_proxy: 'http://p:3128' })).toBe(
      'http://p:3128',
    );
    expect(proxyFromEnvironment({ HTTPS_PROXY: '', HTTP_PROXY: '' })).toBeUndefined();
  });

  test('NO_PROXY wins over no_proxy; neither is an empty list', () => {
    expect(noProxyFromEnvironment({ NO_PROXY: 'a', no_proxy: 'b' })).toBe('a');
    expect(noProxyFromEnvironment({ no_proxy: 'b' })).toBe('b');
    expect(noProxyFromEnvironment({})).toBe('');
  });
});

describe('parseProxyUrl', () => {
  test.each([
    ['http://proxy.example.com:3128', 'http:', 'proxy.example.com', '3128'],
    ['https://proxy.example.com', 'https:', 'proxy.example.com', ''],
    ['HTTP://PROXY:3128', 'http:', 'proxy', '3128'],
    ['http://user:p%40ss@proxy:3128', 'http:', 'proxy', '3128'],
    ['http://127.0.0.1:3128/', 'http:', '127.0.0.1', '3128'],
    ['http://[::1]:3128', 'http:', '[::1]', '3128'],
  ])('accepts %s', (value, protocol, hostname, port) => {
    const url = parseProxyUrl(value);
    expect(url).toBeInstanceOf(URL);
    expect(url?.protocol).toBe(protocol);
    expect(url?.hostname).toBe(hostname);
    expect(url?.port).toBe(port);
  });

  test.each([
    ['ftp://x', 'a scheme agents cannot speak'],
    ['socks5://proxy:1080', 'a scheme agents cannot speak'],
    ['proxy:3128', 'new URL reads the host as a scheme "proxy:"'],
    ['localhost:3128', 'new URL reads the host as a scheme "localhost:"'],
    ['proxy.example.com:3128', 'new URL reads the host as a scheme'],
    ['127.0.0.1:3128', 'new URL throws'],
    ['http:3128', 'new URL makes it http://0.0.12.56/'],
    ['http:proxy:3128', 'no //: refused rather than guessed'],
    ['not a url', 'new URL throws'],
    ['http://', 'no host'],
    ['', 'empty'],
  ])('rejects %p (%s)', (value) => {
    expect(parseProxyUrl(value)).toBeUndefined();
  });

  test('a host:port without a scheme really is misparsed by new URL (why it is refused)', () => {
    expect(new URL('proxy:3128').protocol).toBe('proxy:');
    expect(new URL('http:3128').hostname).toBe('0.0.12.56');
  });
});

describe('redactProxyUrl', () => {
  test('drops the user name and password, keeps scheme, host and port', () => {
    const url = parseProxyUrl('http://user:p%40ss@proxy.example.com:3128/') as URL;
    expect(redactProxyUrl(url)).toBe('http://proxy.example.com:3128');
    expect(redactProxyUrl(url)).not.toMatch(/user|p%40ss|p@ss/);
    expect(redactProxyUrl(new URL('https://only-user@proxy'))).toBe('https://proxy');
    expect(redactProxyUrl(new URL('http://proxy:3128'))).toBe('http://proxy:3128');
  });
});

describe('createProxyAgents: real requests through a real proxy', () => {
  interface Loopback {
    readonly server: Server;
    readonly port: number;
    /** Request lines as received (`METHOD url`), and CONNECT targets. */
    readonly seen: string[];
  }

  async function serve(server: Server): Promise<Loopback> {
    const seen: string[] = [];
    server.on('request', (request: IncomingMessage) =>
      seen.push(`${request.method} ${request.url}`),
    );
    server.on('connect', (request: IncomingMessage) => seen.push(`CONNECT ${request.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port, seen };
  }

  let target: Loopback;
  let proxy: Loopback;

  beforeAll(async () => {
    target = await serve(createServer((_request, response) => response.end('ok')));
    proxy = await serve(createProxy(createServer()));
  });

  afterAll(async () => {
    for (const { server } of [target, proxy]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  beforeEach(() => {
    target.seen.length = 0;
    proxy.seen.length = 0;
  });

  /** A GET as the SDK's handler makes it: options object, agent, end() at once. */
  function get(agent: HttpAgent, port: number | string, path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path, agent }, (response) => {
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

  const agentsFor = (noProxy: string) =>
    createProxyAgents(new URL(`http://127.0.0.1:${proxy.port}`), noProxy);

  test('plain http goes as absolute URIs, also on a kept-alive proxy socket', async () => {
    const agents = await agentsFor('');
    try {
      for (const path of ['/one', '/two', '/three']) {
        await expect(get(agents.httpAgent, target.port, path)).resolves.toBe('ok');
      }
      const base = `http://127.0.0.1:${target.port}`;
      expect(proxy.seen).toEqual([`GET ${base}/one`, `GET ${base}/two`, `GET ${base}/three`]);
      expect(target.seen).toEqual(['GET /one', 'GET /two', 'GET /three']);
    } finally {
      agents.httpAgent.destroy();
    }
  });

  test('NO_PROXY hosts go direct, on the named port only; a string port is understood', async () => {
    const agents = await agentsFor(`localhost,127.0.0.1:${target.port}`);
    try {
      await get(agents.httpAgent, target.port, '/direct');
      await get(agents.httpAgent, String(target.port), '/direct-string-port');
      expect(proxy.seen).toEqual([]);
      expect(target.seen).toEqual(['GET /direct', 'GET /direct-string-port']);
    } finally {
      agents.httpAgent.destroy();
    }
    const elsewhere = await agentsFor(`127.0.0.1:${target.port + 1}`);
    try {
      await get(elsewhere.httpAgent, target.port, '/proxied');
      expect(proxy.seen).toEqual([`GET http://127.0.0.1:${target.port}/proxied`]);
    } finally {
      elsewhere.httpAgent.destroy();
    }
  });

  test('https targets are tunnelled with CONNECT, and TLS is spoken inside the tunnel', async () => {
    const agents = await agentsFor('');
    try {
      const outcome = new Promise<string>((resolve) => {
        const request = httpsRequest(
          { host: '127.0.0.1', port: target.port, path: '/', agent: agents.httpsAgent },
          () => resolve('a response: the request went through the tunnel unencrypted'),
        );
        // the target speaks plain HTTP, so a TLS handshake inside the tunnel must fail
        request.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
        request.end();
      });
      await expect(outcome).resolves.toMatch(/^error /);
      expect(proxy.seen).toEqual([`CONNECT 127.0.0.1:${target.port}`]);
      expect(target.seen).toEqual([]);
    } finally {
      agents.httpsAgent.destroy();
    }
  });

  test('destroy() closes the kept-alive proxy sockets', async () => {
    const agents = await agentsFor('');
    await get(agents.httpAgent, target.port, '/keep');
    const open = () =>
      new Promise<number>((resolve, reject) =>
        proxy.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    expect(await open()).toBeGreaterThan(0);
    agents.httpAgent.destroy();
    for (let i = 0; i < 50 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await open()).toBe(0);
  });
});
