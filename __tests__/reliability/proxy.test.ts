import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { createProxy } from 'proxy';
import {
  expectFailedCleanly,
  expectNothingExported,
  issuedTo,
  refreshInputs,
  retryLines,
  runAgainst,
} from '../support/action.js';
import { calls } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { GitHubSecretsStandIn } from '../support/github-secrets.js';
import { useSuiteReport } from '../support/report.js';
import { type ActionResult, describeResult } from '../support/runner.js';
import { expectMaskedBeforeUse, secretInputs } from '../support/secrets.js';

/**
 * A real forward proxy on loopback (the `proxy` package, as Squid would be) between the bundled
 * action and the emulator. The emulator speaks plain HTTP, so the action's requests reach the
 * proxy as absolute URIs (http-proxy-agent); HTTPS targets would arrive as CONNECT tunnels.
 * Every request the proxy carries is counted.
 */

const PROXY_USER = 'proxyuser';
const PROXY_PASSWORD = 's3cr@t-proxy-pass';
const ENCODED_PASSWORD = encodeURIComponent(PROXY_PASSWORD); // s3cr%40t-proxy-pass

interface CountingProxy {
  readonly url: string;
  /** Absolute-URI requests (`METHOD http://host:port/path?query`), including refused ones. */
  readonly requests: string[];
  /** CONNECT tunnels (`host:port`). */
  readonly connects: string[];
  /** Proxy-Authorization headers as received. */
  readonly authorizations: (string | undefined)[];
  /** Empties the counters. */
  reset(): void;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function startProxy(credentials?: {
  user: string;
  password: string;
}): Promise<CountingProxy> {
  const server = createProxy(createServer());
  const requests: string[] = [];
  const connects: string[] = [];
  const authorizations: (string | undefined)[] = [];
  server.on('request', (request: IncomingMessage) =>
    requests.push(`${request.method} ${request.url}`),
  );
  server.on('connect', (request: IncomingMessage) => connects.push(request.url ?? ''));
  if (credentials) {
    const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
    server.authenticate = (request) => {
      const header = request.headers['proxy-authorization'];
      authorizations.push(header);
      return header === expected;
    };
  }
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connects,
    authorizations,
    reset() {
      requests.length = 0;
      connects.length = 0;
      authorizations.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on: bound, then closed again. */
async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const emulator = useEmulator();
let open: CountingProxy;
let guarded: CountingProxy;
let emulatorPort: string;
const counts = { cases: 0, passed: 0, carried: 0 };
const tally = useSuiteReport(
  'proxy',
  () => `cases=${counts.passed}/${counts.cases} carried=${counts.carried} requests`,
);

beforeAll(async () => {
  emulatorPort = new URL(emulator.url).port;
  open = await startProxy();
  guarded = await startProxy({ user: PROXY_USER, password: PROXY_PASSWORD });
});

afterAll(async () => {
  await Promise.all([open.close(), guarded.close()]);
});

beforeEach(() => {
  open.reset();
  guarded.reset();
});

/** Runs the action with the refresh-token source, and the proxy given as `inputs`/`env`. */
async function run(extraInputs: Record<string, string>, env: Record<string, string> = {}) {
  counts.cases += 1;
  const inputs = { ...refreshInputs(emulator.seedSession()), ...extraInputs };
  const result = await runAgainst(emulator, inputs, { env });
  return { inputs, result };
}

/** The step succeeded, every secret was masked first and none was printed. */
function expectSucceeded(
  result: ActionResult,
  inputs: Record<string, string>,
  proxySecrets: string[] = [],
): void {
  if (result.failed) throw new Error(describeResult(result, { secrets: emulator.issuedSecrets() }));
  expect(result.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  const secrets = [...secretInputs(inputs), ...issuedTo(result, emulator), ...proxySecrets];
  expectMaskedBeforeUse(result, secrets);
  tally.scan(result, [...secrets, ...emulator.issuedSecrets()]);
}

/** Every API request went through `proxy`, as an absolute URI to the emulator, and arrived. */
function expectCarriedBy(proxy: CountingProxy): void {
  expect(calls(emulator)).toEqual(['POST /token', 'GET /federation/credentials']);
  expect(proxy.requests).toHaveLength(emulator.requests.length);
  expect(proxy.requests[0]).toBe(`POST ${emulator.url}/token`);
  expect(proxy.requests[1]).toMatch(new RegExp(`^GET ${emulator.url}/federation/credentials\\?`));
  expect(proxy.connects).toEqual([]);
  for (const request of emulator.requests) expect(request.headers.via).toMatch(/proxy\//);
  counts.carried += proxy.requests.length;
}

/** Nothing went through any proxy, and the emulator got the requests directly. */
function expectDirect(): void {
  expect(calls(emulator)).toEqual(['POST /token', 'GET /federation/credentials']);
  expect([...open.requests, ...open.connects, ...guarded.requests]).toEqual([]);
  for (const request of emulator.requests) expect(request.headers.via).toBeUndefined();
}

const usingProxy = (result: ActionResult) =>
  result.log.filter((line) => line.startsWith('Using the proxy '));

describe('the requests go through the proxy', () => {
  test('the write-back to GitHub too, and NO_PROXY applies to it', async () => {
    const token = 'github_pat_PROXIED_0123456789abcdef';
    const github = await GitHubSecretsStandIn.start({ repository: 'example/harness', token });
    try {
      const writeBack = { 'update-secret': 'SSO_REFRESH_TOKEN', 'github-token': token };
      const { inputs, result } = await run(
        { 'http-proxy': open.url, ...writeBack },
        { GITHUB_API_URL: github.url },
      );
      expectSucceeded(result, inputs);
      expect(github.secret('SSO_REFRESH_TOKEN')).toBe(result.outputs['refresh-token']);
      expect(open.requests.slice(2)).toEqual([
        `GET ${github.url}/repos/example/harness/actions/secrets/public-key`,
        `PUT ${github.url}/repos/example/harness/actions/secrets/SSO_REFRESH_TOKEN`,
      ]);

      open.reset();
      github.clear();
      const githubHost = `127.0.0.1:${new URL(github.url).port}`;
      const bypass = await run(
        { 'http-proxy': open.url, ...writeBack },
        { GITHUB_API_URL: github.url, NO_PROXY: githubHost },
      );
      expectSucceeded(bypass.result, bypass.inputs);
      expect(github.secret('SSO_REFRESH_TOKEN')).toBe(bypass.result.outputs['refresh-token']);
      expect(open.requests.filter((request) => request.includes(githubHost))).toEqual([]);
      counts.passed += 2;
    } finally {
      await github.stop();
    }
  });

  test('via the http-proxy input', async () => {
    const { inputs, result } = await run({ 'http-proxy': open.url });
    expectSucceeded(result, inputs);
    expectCarriedBy(open);
    expect(usingProxy(result)).toEqual([`Using the proxy ${open.url} (from http-proxy).`]);
    counts.passed += 1;
  });

  test('via HTTPS_PROXY', async () => {
    const { inputs, result } = await run({}, { HTTPS_PROXY: open.url });
    expectSucceeded(result, inputs);
    expectCarriedBy(open);
    expect(usingProxy(result)).toEqual([`Using the proxy ${open.url} (from environment).`]);
    counts.passed += 1;
  });

  test('via HTTP_PROXY', async () => {
    const { inputs, result } = await run({}, { HTTP_PROXY: open.url });
    expectSucceeded(result, inputs);
    expectCarriedBy(open);
    counts.passed += 1;
  });

  test('HTTPS_PROXY wins over HTTP_PROXY, and the http-proxy input over both', async () => {
    const dead = `http://127.0.0.1:${await deadPort()}`;
    const fromEnv = await run({}, { HTTPS_PROXY: open.url, HTTP_PROXY: dead });
    expectSucceeded(fromEnv.result, fromEnv.inputs);
    expectCarriedBy(open);

    emulator.clearRequests();
    open.reset();
    const fromInput = await run({ 'http-proxy': open.url }, { HTTPS_PROXY: dead });
    expectSucceeded(fromInput.result, fromInput.inputs);
    expectCarriedBy(open);
    counts.passed += 2;
  });
});

describe('NO_PROXY bypasses it', () => {
  test('NO_PROXY=127.0.0.1', async () => {
    const { inputs, result } = await run({}, { HTTPS_PROXY: open.url, NO_PROXY: '127.0.0.1' });
    expectSucceeded(result, inputs);
    expectDirect();
    counts.passed += 1;
  });

  test('NO_PROXY=localhost,127.0.0.1:<emulator port>', async () => {
    const { inputs, result } = await run(
      {},
      { HTTPS_PROXY: open.url, NO_PROXY: `localhost,127.0.0.1:${emulatorPort}` },
    );
    expectSucceeded(result, inputs);
    expectDirect();
    counts.passed += 1;
  });

  test('no_proxy applies to the http-proxy input too', async () => {
    const { inputs, result } = await run({ 'http-proxy': open.url }, { no_proxy: '127.0.0.1' });
    expectSucceeded(result, inputs);
    expectDirect();
    counts.passed += 1;
  });

  test('an entry for another port does not bypass it', async () => {
    const other = String(Number(emulatorPort) === 1 ? 2 : Number(emulatorPort) - 1);
    const { inputs, result } = await run(
      {},
      { HTTPS_PROXY: open.url, NO_PROXY: `127.0.0.1:${other}` },
    );
    expectSucceeded(result, inputs);
    expectCarriedBy(open);
    counts.passed += 1;
  });
});

describe('a proxy that wants a password', () => {
  const withCredentials = (password: string) =>
    guarded.url.replace('http://', `http://${PROXY_USER}:${encodeURIComponent(password)}@`);

  test('user:p%40ss in the http-proxy input: carried, masked, never printed', async () => {
    const url = withCredentials(PROXY_PASSWORD);
    expect(url).toContain(`:${ENCODED_PASSWORD}@`);
    const { inputs, result } = await run({ 'http-proxy': url });
    expectSucceeded(result, inputs, [url, ENCODED_PASSWORD, PROXY_PASSWORD]);
    expectCarriedBy(guarded);
    expect(guarded.authorizations).toHaveLength(2);
    // the log names the proxy without its credentials
    expect(usingProxy(result)).toEqual([`Using the proxy ${guarded.url} (from http-proxy).`]);
    counts.passed += 1;
  });

  test('the same in HTTPS_PROXY', async () => {
    const url = withCredentials(PROXY_PASSWORD);
    const { inputs, result } = await run({}, { HTTPS_PROXY: url });
    expectSucceeded(result, inputs, [url, ENCODED_PASSWORD, PROXY_PASSWORD]);
    expectCarriedBy(guarded);
    counts.passed += 1;
  });

  test('a wrong password: 407 from the proxy, not retried, nothing exported, nothing printed', async () => {
    const wrong = 'wr0ng-proxy-p@ssword';
    const url = withCredentials(wrong);
    const { inputs, result } = await run({ 'http-proxy': url });
    const message = expectFailedCleanly(result);
    expect(message).toMatch(/^CreateToken failed: HTTP 407: the proxy refused the request/);
    expectNothingExported(result);
    expect(guarded.requests).toHaveLength(1);
    expect(emulator.requests).toEqual([]);
    const secrets = [...secretInputs(inputs), url, wrong, encodeURIComponent(wrong)];
    expectMaskedBeforeUse(result, secrets);
    tally.scan(result, [...secrets, ...emulator.issuedSecrets()]);
    counts.passed += 1;
  });
});

describe('a dead proxy', () => {
  test('fails with a clear error after the attempts, nothing exported', async () => {
    const dead = `http://127.0.0.1:${await deadPort()}`;
    const { inputs, result } = await run({ 'http-proxy': dead, 'retry-max-attempts': '3' });
    const message = expectFailedCleanly(result);
    expect(message).toMatch(
      /^CreateToken failed after 3 attempts over \d+\.\ds; last cause: .*ECONNREFUSED/,
    );
    expectNothingExported(result);
    expect(retryLines(result).map((line) => line.attempt)).toEqual([1, 2]);
    expect(emulator.requests).toEqual([]);
    // Refused at once, not waited out: three attempts that hit CreateToken's 30 s deadline would
    // take 90 s. The margin is for a loaded machine, where Node 24 alone can take seconds to start.
    expect(result.durationMs).toBeLessThan(30_000);
    tally.scan(result, [...secretInputs(inputs), ...emulator.issuedSecrets()]);
    counts.passed += 1;
  });
});
