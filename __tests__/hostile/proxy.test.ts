import { describe, expect, test } from '@jest/globals';
import {
  expectCleanFailure,
  INJECTION,
  PER_ATTEMPT_MS,
  ROLE,
  refreshInputs,
  runHostileAction,
  useHostileSuite,
} from './harness.js';
import { HostileProxy, type ProxyAnswer } from './proxy.js';
import { HostileServer } from './server.js';

/**
 * A hostile forward proxy between the action and the service. For HTTPS endpoints the action
 * asks for a CONNECT tunnel, and the proxy answers that itself (a 502 with a hostile body, a
 * 407, endless headers, silence): it never sees the TLS traffic, and must not be able to turn
 * masking off, fill the memory or keep the step running. For plain HTTP endpoints its answer is
 * parsed as the service's. Malformed proxy URLs fail before any request.
 */

useHostileSuite();

const HOSTILE_BODY = JSON.stringify({ code: INJECTION, message: INJECTION, __type: INJECTION });

interface Case {
  readonly label: string;
  readonly answer: ProxyAnswer;
  readonly https: boolean;
  readonly message: RegExp;
  readonly attempts?: number;
  readonly listAccounts?: boolean;
}

const CASES: Case[] = [
  {
    label:
      'CONNECT answered 502 with commands in the body and in the reason, neither quoted (retried, then fails)',
    answer: {
      kind: 'answer',
      status: 502,
      reason: '::stop-commands::x',
      body: HOSTILE_BODY,
      headers: { 'x-amzn-ErrorType': 'Evil' },
    },
    https: true,
    message:
      /^CreateToken failed after 2 attempts .*the proxy refused to open a tunnel to the endpoint \(CONNECT answered HTTP 502\)/,
  },
  {
    label: 'CONNECT answered 407 with a hostile body (final)',
    answer: { kind: 'answer', status: 407, body: HOSTILE_BODY },
    https: true,
    message:
      /^CreateToken failed: HTTP 407: the proxy refused the request \(Proxy Authentication Required\)/,
  },
  {
    label: 'CONNECT answered with endless headers: refused after 16 KiB',
    answer: { kind: 'endless-headers' },
    https: true,
    message: /more than 16 KiB of headers/,
  },
  {
    label: 'CONNECT never answered: the attempt times out and the step ends',
    answer: { kind: 'silent' },
    https: true,
    attempts: 1,
    message: /^CreateToken failed after 1 attempt .*TimeoutError/,
  },
  {
    label: 'CONNECT answered with something that is not HTTP',
    answer: { kind: 'raw', bytes: `SSH-2.0-OpenSSH ${INJECTION}\r\n\r\n` },
    https: true,
    message: /^CreateToken failed: the proxy's answer to CONNECT is not HTTP$/,
  },
  {
    label: 'CONNECT answered 200, then silence: the TLS handshake ends at the per-attempt timeout',
    answer: { kind: 'established' },
    https: true,
    attempts: 1,
    message: /^CreateToken failed after 1 attempt .*TimeoutError/,
  },
  {
    label: 'CONNECT answered 200, then plain text in the tunnel: TLS refuses it',
    answer: { kind: 'answer', status: 200, reason: 'OK', body: HOSTILE_BODY },
    https: true,
    message: /^CreateToken failed: EPROTO/,
  },
  {
    label: 'plain HTTP through the proxy: a 502 with commands in every field',
    answer: {
      kind: 'answer',
      status: 502,
      body: HOSTILE_BODY,
      headers: { 'Content-Type': 'application/json' },
    },
    https: false,
    message: /^CreateToken failed after 2 attempts/,
  },
  {
    label: 'list-accounts: CONNECT answered 502 with commands in the body',
    answer: { kind: 'answer', status: 502, body: HOSTILE_BODY },
    https: true,
    listAccounts: true,
    message: /^CreateToken failed after 2 attempts/,
  },
];

describe('a hostile proxy', () => {
  test.concurrent.each(CASES.map((c) => [c.label, c] as const))(
    '%s',
    async (_label, c) => {
      const server = await HostileServer.start();
      const proxy = await HostileProxy.start(c.answer);
      try {
        const attempts = c.attempts ?? 2;
        // With an https endpoint the proxy is asked for a tunnel, and never reaches the server.
        const endpoint = c.https ? server.url.replace('http:', 'https:') : server.url;
        const inputs = {
          ...refreshInputs(server),
          ...(c.listAccounts ? {} : ROLE),
          'http-proxy': proxy.url,
        };
        const result = await runHostileAction(undefined, {
          inputs,
          attempts,
          listAccounts: c.listAccounts ?? false,
          env: { AWS_ENDPOINT_URL_SSO: endpoint, AWS_ENDPOINT_URL_SSO_OIDC: endpoint },
        });
        const message = await expectCleanFailure(result, server, inputs, attempts);
        expect(message).toMatch(c.message);
        // no command opener: the runner takes `::` only at a line's start, `##[` anywhere
        expect(message).not.toMatch(/^\s*::/);
        expect(message).not.toContain('##[');
        expect(proxy.requestLines.length).toBeGreaterThan(0);
        if (c.https) expect(proxy.requestLines[0]).toMatch(/^CONNECT 127\.0\.0\.1:\d+ HTTP\/1\.1$/);
        expect(server.requests).toEqual([]);
      } finally {
        await proxy.stop();
        await server.stop();
      }
    },
    3 * PER_ATTEMPT_MS + 60_000,
  );
});

/**
 * A proxy URL with a user name and password: every request to the proxy carries them as Base64
 * in Proxy-Authorization, and the proxy can send that back, in the reason phrase of its CONNECT
 * answer or (plain HTTP) in a body read as the service's. The reason phrase is never quoted, and
 * the Base64 form is masked like the password itself.
 */
describe('a proxy that echoes its Proxy-Authorization', () => {
  const BASIC = Buffer.from('ci:Qwertyzxc').toString('base64');
  test.concurrent.each([
    ['in the reason phrase of its CONNECT answer', true],
    ['in the body of its answer to a plain HTTP request', false],
  ] as const)(
    '%s: neither it nor the password is shown',
    async (_label, https) => {
      const server = await HostileServer.start();
      const proxy = await HostileProxy.start({
        kind: 'answer',
        status: https ? 502 : 400,
        reason: `Bad ${BASIC}`,
        body: JSON.stringify({ message: `denied for ${BASIC}` }),
        headers: { 'x-amzn-ErrorType': 'AccessDeniedException' },
      });
      try {
        const endpoint = https ? server.url.replace('http:', 'https:') : server.url;
        const inputs = {
          ...refreshInputs(server),
          ...ROLE,
          'http-proxy': proxy.url.replace('http://', 'http://ci:Qwertyzxc@'),
        };
        const result = await runHostileAction(undefined, {
          inputs,
          attempts: 1,
          env: { AWS_ENDPOINT_URL_SSO: endpoint, AWS_ENDPOINT_URL_SSO_OIDC: endpoint },
        });
        const message = await expectCleanFailure(result, server, inputs, 1);
        expect(message).toMatch(https ? /CONNECT answered HTTP 502\)/ : /denied for \*\*\*/);
        const visible = (result.stdout + result.stderr + result.summary)
          .split('\n')
          .filter((line) => !line.startsWith('::add-mask::'))
          .join('\n');
        for (const secret of [BASIC, 'Qwertyzxc']) expect(visible).not.toContain(secret);
        expect(result.commands).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ command: 'add-mask', message: BASIC }),
          ]),
        );
      } finally {
        await proxy.stop();
        await server.stop();
      }
    },
    PER_ATTEMPT_MS + 60_000,
  );
});

describe('malformed proxy URLs fail before any request', () => {
  test.concurrent.each([
    [
      'bad percent-encoding in the password',
      (url: string) => url.replace('http://', 'http://user:%zz%@'),
      'input',
    ],
    ['a newline in the URL', (url: string) => `${url}\n/evil`, 'input'],
    ['a space in the host', (url: string) => url.replace('127.0.0.1', '127.0.0 .1'), 'input'],
    [
      'bad percent-encoding in HTTPS_PROXY',
      (url: string) => url.replace('http://', 'http://%E0%A4%A@'),
      'environment',
    ],
  ] as const)('%s', async (_label, spoil, where) => {
    const server = await HostileServer.start();
    const proxy = await HostileProxy.start({ kind: 'silent' });
    try {
      const bad = spoil(proxy.url);
      const inputs = {
        ...refreshInputs(server),
        ...ROLE,
        ...(where === 'input' ? { 'http-proxy': bad } : {}),
      };
      const result = await runHostileAction(server, {
        inputs,
        env: where === 'environment' ? { HTTPS_PROXY: bad } : {},
      });
      const message = await expectCleanFailure(result, server, inputs);
      expect(message).toMatch(
        where === 'input'
          ? /^Input 'http-proxy' must be an http:\/\/ or https:\/\/ proxy URL/
          : /^The proxy in the environment \(HTTPS_PROXY or HTTP_PROXY\) must be/,
      );
      expect(proxy.requestLines).toEqual([]);
      expect(server.requests).toEqual([]);
      expect(result.durationMs).toBeLessThan(PER_ATTEMPT_MS + 20_000);
    } finally {
      await proxy.stop();
      await server.stop();
    }
  });
});
