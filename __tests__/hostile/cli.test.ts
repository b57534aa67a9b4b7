import { execFile } from 'node:child_process';
import { lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from '@jest/globals';
import { removeDir, tempHome } from '../support/temp-dirs.js';
import {
  expectCliOutcome,
  INJECTION,
  PER_ATTEMPT_MS,
  report,
  runHostileCli,
  writeSession,
} from './harness.js';
import { HostileProxy } from './proxy.js';
import { type Answer, HostileServer, type Route } from './server.js';

/**
 * The aws-sso-credentials CLI against a hostile endpoint: what it prints on a terminal (or in a
 * workflow step) carries no escape sequence and no workflow command, whatever the service says;
 * what it refuses it refuses with one sentence on stderr and nothing on stdout.
 */

afterAll(() => report());

const ACCOUNT = '111111111111';
const json = (body: unknown, status = 200, errorType?: string): Answer => ({
  kind: 'json',
  status,
  body,
  ...(errorType ? { errorType } : {}),
});

interface Case {
  readonly label: string;
  readonly command: 'credentials' | 'accounts' | 'accounts-json' | 'login';
  readonly answers: (server: HostileServer) => Partial<Record<Route, Answer>>;
  readonly outcome: 'fails' | 'succeeds';
  readonly message?: RegExp;
  /** The session's access token has expired: the command refreshes first. */
  readonly expired?: boolean;
  readonly check?: (stdout: string, server: HostileServer) => void;
}

function args(command: Case['command'], file: string): string[] {
  switch (command) {
    case 'credentials':
      return ['credentials', '--session', file, '--account-id', ACCOUNT, '--role-name', 'ReadOnly'];
    case 'accounts':
      return ['accounts', '--session', file];
    case 'accounts-json':
      return ['accounts', '--session', file, '--json'];
    case 'login':
      return [
        'login',
        '--use-device-code',
        '--start-url',
        'https://d-1234567890.awsapps.com/start',
        '--sso-region',
        'us-east-1',
      ];
  }
}

const HOSTILE_NAME = '::stop-commands::x ##[error]y';
const oneAccount = (fields: Record<string, unknown>): Partial<Record<Route, Answer>> => ({
  accounts: json({ accountList: [{ accountId: ACCOUNT, ...fields }] }),
  roles: json({ roleList: [{ roleName: 'ReadOnly' }] }),
});

function deviceWith(member: string, value: unknown) {
  return (server: HostileServer): Partial<Record<Route, Answer>> => ({
    device: json({
      deviceCode: 'dc-hostile-device-code-0000000000',
      userCode: 'BCDF-GHJK',
      verificationUri: `${server.url}/start/#/device`,
      expiresIn: 600,
      interval: 1,
      [member]: value,
    }),
  });
}

const CASES: Case[] = [
  {
    label: 'accounts: names that are commands are printed as text',
    command: 'accounts',
    answers: () =>
      oneAccount({ accountName: HOSTILE_NAME, emailAddress: '##[warning]@example.com' }),
    outcome: 'succeeds',
    check: (stdout) => {
      expect(stdout).toContain(': :stop-commands::x # #[error]y');
      expect(stdout).toContain('# #[warning]@example.com');
    },
  },
  {
    label: 'accounts --json: the names survive as data, the text holds no command',
    command: 'accounts-json',
    answers: () => oneAccount({ accountName: HOSTILE_NAME }),
    outcome: 'succeeds',
    check: (stdout) => {
      expect(stdout).not.toContain('::');
      const accounts = JSON.parse(stdout) as { accountName: string }[];
      expect(accounts[0]?.accountName).toBe(HOSTILE_NAME);
    },
  },
  {
    label: 'accounts: a name with escape sequences is refused',
    command: 'accounts',
    answers: () => oneAccount({ accountName: 'Prod\u001b]0;pwned\u0007\u001b[2J' }),
    outcome: 'fails',
    message: /accountName of account 111111111111 is not text without control characters/,
  },
  {
    label: 'accounts: a repeating nextToken ends the listing',
    command: 'accounts',
    answers: () => ({ accounts: json({ accountList: [], nextToken: 'again' }) }),
    outcome: 'fails',
    message: /the pages would not end/,
  },
  {
    label: 'accounts: an endless body is refused at 1 MiB',
    command: 'accounts',
    answers: () => ({ accounts: { kind: 'endless' } }),
    outcome: 'fails',
    message: /larger than 1 MiB/,
  },
  {
    label: 'credentials: a 500 with commands in every field, retried, then one sentence',
    command: 'credentials',
    answers: () => ({
      credentials: json({ code: INJECTION, message: INJECTION, __type: INJECTION }, 500),
    }),
    outcome: 'fails',
    message: /^aws-sso-credentials: GetRoleCredentials failed after 3 attempts/,
  },
  {
    label: 'credentials: a sessionToken with a newline and INI syntax is refused',
    command: 'credentials',
    answers: (server) => ({
      credentials: json({
        roleCredentials: { ...server.credentials(), sessionToken: 'IQoJb3Jp\n[default]\nx=y' },
      }),
    }),
    outcome: 'fails',
    message: /sessionToken is not a base64 string/,
  },
  {
    label: 'credentials: an expiration in the past is refused',
    command: 'credentials',
    answers: (server) => ({
      credentials: json({
        roleCredentials: { ...server.credentials(), expiration: Date.now() - 1000 },
      }),
    }),
    outcome: 'fails',
    message: /expiration is not a time/,
  },
  {
    label:
      'credentials: a refresh that rotates to a token with whitespace is refused, the file kept',
    command: 'credentials',
    expired: true,
    answers: (server) => ({
      token: json({
        accessToken: server.accessToken(),
        expiresIn: 3600,
        refreshToken: 'aor new\ntoken',
      }),
    }),
    outcome: 'fails',
    message: /refreshToken is not printable ASCII/,
  },
  {
    label: 'credentials: unknown members with hostile text are ignored',
    command: 'credentials',
    answers: (server) => ({
      credentials: json({ roleCredentials: server.credentials(), note: INJECTION }),
    }),
    outcome: 'succeeds',
    check: (stdout) => {
      expect(
        stdout
          .split('\n')
          .filter(Boolean)
          .every((line) => line.startsWith('export AWS_')),
      ).toBe(true);
    },
  },
  {
    label: 'login: a verification page that is a javascript: URL is refused',
    command: 'login',
    answers: deviceWith('verificationUri', 'javascript:alert(1)'),
    outcome: 'fails',
    message: /verificationUri is not an http\(s\) URL/,
  },
  {
    label: 'login: a verification page with an escape sequence is refused',
    command: 'login',
    answers: deviceWith('verificationUriComplete', 'https://x\u001b]8;;https://evil\u0007'),
    outcome: 'fails',
    message: /verificationUriComplete/,
  },
  {
    label: 'login: a user code with a newline and a command is refused',
    command: 'login',
    answers: deviceWith('userCode', 'ABCD\n::stop-commands::x'),
    outcome: 'fails',
    message: /userCode is not 1-64 letters/,
  },
  {
    label: 'login: an interval of thirty years is refused',
    command: 'login',
    answers: deviceWith('interval', 1e9),
    outcome: 'fails',
    message: /interval is not a whole number of seconds from 1 to 300/,
  },
  {
    label: 'login: a client secret with a newline is refused',
    command: 'login',
    answers: () => ({
      register: json({
        clientId: 'cid-x',
        clientSecret: 'cs-secret\n::add-mask::x',
        clientSecretExpiresAt: 1e9,
      }),
    }),
    outcome: 'fails',
    message: /clientSecret is not printable ASCII/,
  },
  {
    label: 'login: a token with "::" in it is kept whole, escaped in the printed document',
    command: 'login',
    answers: (server) => {
      const accessToken = `${server.accessToken()}::stop-commands::x`;
      server.remember(accessToken);
      return { token: json({ accessToken, expiresIn: 3600, refreshToken: server.refreshToken() }) };
    },
    outcome: 'succeeds',
    check: (stdout, server) => {
      expect(stdout).not.toContain('::');
      const document = JSON.parse(stdout) as { accessToken: string };
      expect(document.accessToken.endsWith('::stop-commands::x')).toBe(true);
      expect(server.secrets()).toContain(document.accessToken);
    },
  },
];

describe('the CLI against a hostile endpoint', () => {
  test.concurrent.each(CASES.map((c) => [c.label, c] as const))(
    '%s',
    async (_label, c) => {
      const server = await HostileServer.start();
      const home = await tempHome('hostile');
      try {
        for (const [route, answer] of Object.entries(c.answers(server)))
          server.on(route as Route, answer);
        const file = join(home, 'session.json');
        const document = await writeSession(server, file, { expired: c.expired ?? false });
        const before = await readFile(file, 'utf8');
        const result = await runHostileCli(server, { args: args(c.command, file), home });
        // stdout of `credentials` and `login` carries what was asked for; stderr never a secret
        const last = expectCliOutcome(result, server, c.outcome, [document.refreshToken ?? '']);
        if (c.outcome === 'fails') {
          expect(last).toMatch(/^aws-sso-credentials: /);
          if (c.message) expect(last).toMatch(c.message);
          expect(await readFile(file, 'utf8')).toBe(before);
        } else {
          c.check?.(result.stdout, server);
        }
      } finally {
        await removeDir(home);
        await server.stop();
      }
    },
    3 * PER_ATTEMPT_MS + 60_000,
  );
});

describe('the CLI and the files and proxies it meets', () => {
  test('a session file that is a link: the refreshed document is written through it', async () => {
    const server = await HostileServer.start();
    const home = await tempHome('hostile');
    try {
      await mkdir(join(home, 'vault'));
      const target = join(home, 'vault', 'session.json');
      await writeSession(server, target, { expired: true });
      await symlink(target, join(home, 'session.json'));
      const result = await runHostileCli(server, {
        args: [
          'credentials',
          '--session',
          join(home, 'session.json'),
          '--account-id',
          ACCOUNT,
          '--role-name',
          'ReadOnly',
        ],
        home,
      });
      expectCliOutcome(result, server, 'succeeds');
      expect((await lstat(join(home, 'session.json'))).isSymbolicLink()).toBe(true);
      expect(await readlink(join(home, 'session.json'))).toBe(target);
      const renewed = JSON.parse(await readFile(target, 'utf8')) as { expiresAt: string };
      expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.now());
    } finally {
      await removeDir(home);
      await server.stop();
    }
  });

  test('a refresh refused with the client secret echoed, the secret holding "::" and "##[": withheld whole', async () => {
    const server = await HostileServer.start();
    const home = await tempHome('hostile');
    try {
      const file = join(home, 'session.json');
      const document = await writeSession(server, file, { expired: true });
      const clientSecret = 'csKq7pieceOne::stop-commands::Lm3pieceTwo##[error]Zx9pieceThree';
      server.remember(clientSecret);
      await writeFile(file, JSON.stringify({ ...document, clientSecret }), { mode: 0o600 });
      server.on('token', (request) => {
        const body = (request.body ?? {}) as Record<string, string>;
        return json(
          { error: 'invalid_request', error_description: `client ${body.clientSecret} refused` },
          400,
          'InvalidRequestException',
        );
      });
      const result = await runHostileCli(server, {
        args: [
          'credentials',
          '--session',
          file,
          '--account-id',
          ACCOUNT,
          '--role-name',
          'ReadOnly',
        ],
        home,
      });
      const last = expectCliOutcome(result, server, 'fails');
      expect(last).toMatch(/client \*\*\* refused/);
      for (const piece of ['Kq7pieceOne', 'Lm3pieceTwo', 'Zx9pieceThree']) {
        expect(result.stderr).not.toContain(piece);
      }
    } finally {
      await removeDir(home);
      await server.stop();
    }
  }, 60_000);

  test("a proxy that echoes the Base64 of HTTP_PROXY's user:password: withheld", async () => {
    const server = await HostileServer.start();
    const basic = Buffer.from('ci:Qwertyzxc').toString('base64');
    const proxy = await HostileProxy.start({
      kind: 'answer',
      status: 400,
      body: JSON.stringify({ message: `denied for ${basic}` }),
      headers: { 'x-amzn-ErrorType': 'AccessDeniedException' },
    });
    const home = await tempHome('hostile');
    try {
      const file = join(home, 'session.json');
      await writeSession(server, file);
      const result = await runHostileCli(server, {
        args: [
          'credentials',
          '--session',
          file,
          '--account-id',
          ACCOUNT,
          '--role-name',
          'ReadOnly',
        ],
        home,
        env: { HTTP_PROXY: proxy.url.replace('http://', 'http://ci:Qwertyzxc@') },
      });
      const last = expectCliOutcome(result, server, 'fails');
      expect(last).toMatch(/denied for \*\*\*/);
      for (const secret of [basic, 'Qwertyzxc']) expect(result.stderr).not.toContain(secret);
      expect(proxy.requestLines.length).toBeGreaterThan(0);
    } finally {
      await removeDir(home);
      await proxy.stop();
      await server.stop();
    }
  }, 60_000);

  test('HTTPS_PROXY answering CONNECT with a hostile 502: one sentence, no command', async () => {
    const server = await HostileServer.start();
    const proxy = await HostileProxy.start({
      kind: 'answer',
      status: 502,
      reason: '::stop-commands::x',
      body: JSON.stringify({ code: INJECTION }),
    });
    const home = await tempHome('hostile');
    try {
      const file = join(home, 'session.json');
      await writeSession(server, file);
      const https = server.url.replace('http:', 'https:');
      const result = await runHostileCli(undefined, {
        args: [
          'credentials',
          '--session',
          file,
          '--account-id',
          ACCOUNT,
          '--role-name',
          'ReadOnly',
        ],
        home,
        env: {
          HTTPS_PROXY: proxy.url,
          AWS_ENDPOINT_URL_SSO: https,
          AWS_ENDPOINT_URL_SSO_OIDC: https,
        },
      });
      const last = expectCliOutcome(result, server, 'fails');
      expect(last).toMatch(/the proxy refused to open a tunnel .*HTTP 502/);
      expect(server.requests).toEqual([]);
    } finally {
      await removeDir(home);
      await proxy.stop();
      await server.stop();
    }
  }, 60_000);
});

describe('a session file that is not a file', () => {
  test('a FIFO named as --session is refused at once, without blocking', async () => {
    const home = await tempHome('hostile');
    try {
      const fifo = join(home, 'session.json');
      await promisify(execFile)('mkfifo', [fifo]);
      const result = await runHostileCli(undefined, {
        args: ['accounts', '--session', fifo],
        home,
      });
      const last = expectCliOutcome(result, undefined, 'fails');
      expect(last).toMatch(/Cannot read the session file .*: it is not a regular file\./);
    } finally {
      await removeDir(home);
    }
  });
});
