import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { expectNoLeaks, expectNoSecretPieces } from '../support/secrets.js';
import { removeDir, tempHome } from '../support/temp-dirs.js';
import { splitLines } from '../support/workflow-commands.js';
import {
  expectCleanFailure,
  expectCleanSuccess,
  expectCliOutcome,
  PER_ATTEMPT_MS,
  ROLE,
  refreshInputs,
  runHostileAction,
  runHostileCli,
  secretInputs,
  useHostileSuite,
  writeSession,
} from './harness.js';
import { type Answer, HostileServer, type Route, type Seen, stsErrorAnswer } from './server.js';

/**
 * A service that echoes a secret in odd forms: the built action, run as the runner runs it
 * (RUNNER_DEBUG=1), against IAM Identity Center (SSO OIDC's CreateToken, the portal's
 * GetRoleCredentials) and STS (AssumeRole) answering with an error that quotes what the request
 * carried: the refresh token and client secret, the bearer token, the X-Amz-Security-Token. Each
 * form a reader would still read as the secret is tried; no piece of 8 characters of any secret
 * may be readable anywhere in stdout, stderr or the summary (support/secrets.ts
 * findSecretPieces, besides the harness's whole-secret and prefix checks).
 */

useHostileSuite();

const chunks = (text: string, size: number): string[] =>
  text.match(new RegExp(`[^]{1,${size}}`, 'g')) ?? [];

/** The odd forms of issue 22: each still reads as the secret. */
const FORMS: Record<string, (secret: string) => string> = {
  'zero-width spaces between its characters': (s) => [...s].join('\u200b'),
  'split across a newline': (s) => `${s.slice(0, 30)}\n${s.slice(30)}`,
  'cut in 19-character pieces': (s) => chunks(s, 19).join(' '),
  'cut in 10-character pieces': (s) => chunks(s, 10).join(' / '),
  spaced: (s) => [...s].join(' '),
};

const json = (status: number, body: unknown, errorType: string): Answer => ({
  kind: 'json',
  status,
  body,
  errorType,
});

const header = (request: Seen, name: string): string => String(request.headers[name] ?? '');

interface EchoCase {
  readonly service: string;
  readonly route: Route;
  /** The values of the request the answer echoes. */
  readonly echoed: (request: Seen) => string[];
  readonly answer: (message: string) => Answer;
  readonly message: RegExp;
  readonly chained?: boolean;
}

const DEPLOYER = 'arn:aws:iam::333333333333:role/Deployer';

const SERVICES: EchoCase[] = [
  {
    service: 'SSO OIDC CreateToken (refresh token, client secret)',
    route: 'token',
    echoed: (request) => {
      const body = (request.body ?? {}) as Record<string, string>;
      return [body.refreshToken ?? '', body.clientSecret ?? ''];
    },
    answer: (message) => json(400, { message }, 'InvalidRequestException'),
    message: /CreateToken failed: HTTP 400 InvalidRequestException: Refused /,
  },
  {
    service: 'the portal GetRoleCredentials (bearer token)',
    route: 'credentials',
    echoed: (request) => [header(request, 'x-amz-sso_bearer_token')],
    answer: (message) => json(400, { message }, 'InvalidRequestException'),
    message: /GetRoleCredentials failed: HTTP 400 InvalidRequestException: Refused /,
  },
  {
    service: 'STS AssumeRole (X-Amz-Security-Token)',
    route: 'sts',
    echoed: (request) => [header(request, 'x-amz-security-token')],
    answer: (message) => stsErrorAnswer(403, 'AccessDenied', message),
    message:
      /STS denied .* to assume 'arn:aws:iam::333333333333:role\/Deployer' \(HTTP 403 AccessDenied: Refused /,
    chained: true,
  },
];

const CASES = SERVICES.flatMap((service) =>
  Object.entries(FORMS).map(
    ([form, shape]) => [`${service.service}: ${form}`, service, shape] as const,
  ),
);

describe('a secret echoed in odd forms is withheld', () => {
  test.concurrent.each(CASES)(
    '%s',
    async (_label, c, shape) => {
      const server = await HostileServer.start();
      try {
        server.on(c.route, (request) => {
          const forms = c.echoed(request).filter(Boolean).map(shape);
          return c.answer(`Refused ${forms.join(' and ')} (request 42)`);
        });
        const inputs = {
          ...refreshInputs(server),
          ...ROLE,
          ...(c.chained ? { 'role-to-assume': DEPLOYER } : {}),
        };
        const result = await runHostileAction(server, {
          inputs,
          attempts: 1,
          env: { AWS_ENDPOINT_URL_STS: server.url },
        });
        const message = await expectCleanFailure(result, server, inputs, 1);
        expect(message).toMatch(c.message);
        expect(message).toContain('***');
        expect(server.calls(c.route)).toHaveLength(1);
        const secrets = [...server.secrets(), ...secretInputs(inputs)];
        expectNoLeaks(result, secrets);
        expectNoSecretPieces(result, secrets);
      } finally {
        await server.stop();
      }
    },
    PER_ATTEMPT_MS + 60_000,
  );
});

const ROLE_ARGS = ['--account-id', ROLE['account-id'], '--role-name', ROLE['role-name']];

/** The CLI scrubs its stderr with the same registry: the refresh of an expired session echoed. */
describe('the CLI: a secret echoed in odd forms is withheld on stderr', () => {
  test.concurrent.each(Object.entries(FORMS))(
    'credentials, CreateToken echoing the refresh token and client secret: %s',
    async (_form, shape) => {
      const server = await HostileServer.start();
      const home = await tempHome('hostile-echo');
      try {
        server.on('token', (request) => {
          const body = (request.body ?? {}) as Record<string, string>;
          const forms = [body.refreshToken ?? '', body.clientSecret ?? ''].map(shape);
          return json(
            400,
            { message: `Refused ${forms.join(' and ')}` },
            'InvalidRequestException',
          );
        });
        const file = join(home, 'session.json');
        const document = await writeSession(server, file, { expired: true });
        const result = await runHostileCli(server, {
          args: ['credentials', '--session', file, ...ROLE_ARGS],
          home,
        });
        const secrets = [
          ...server.secrets(),
          document.refreshToken ?? '',
          document.clientSecret ?? '',
        ];
        const last = expectCliOutcome(result, server, 'fails', secrets);
        // (a last piece of fewer than 8 characters may stay: no piece of 8 or more does)
        expect(last).toMatch(/InvalidRequestException: Refused \*\*\*/);
        const output = {
          stdout: result.stdout,
          stderr: result.stderr,
          summary: '',
          commands: [],
          stderrCommands: [],
        };
        expectNoSecretPieces(output, secrets);
      } finally {
        await removeDir(home);
        await server.stop();
      }
    },
    3 * PER_ATTEMPT_MS + 60_000,
  );
});

/** 600,000 characters: past what Linux allows one environment variable (128 KiB). */
const HUGE_TOKEN = 'A'.repeat(600_000);

describe('a credential value over its bound is refused before anything is exported', () => {
  test.concurrent.each([
    [
      'the portal',
      'credentials' as Route,
      (server: HostileServer): Answer => {
        const credentials = { ...server.credentials(), sessionToken: HUGE_TOKEN };
        return json(200, { roleCredentials: credentials }, '');
      },
      /invalid response: roleCredentials\.sessionToken has 600000 characters, more than the 16384 allowed/,
    ],
    [
      'STS',
      'sts' as Route,
      (server: HostileServer, request?: Seen): Answer =>
        server.assumeRoleAnswer(request as Seen, { SessionToken: HUGE_TOKEN }),
      /invalid response: Credentials\.SessionToken has 600000 characters, more than the 16384 allowed/,
    ],
  ] as const)(
    '%s: a 600,000-character session token',
    async (service, route, answer, problem) => {
      const server = await HostileServer.start();
      try {
        server.on(route, (request) => answer(server, request));
        const inputs = {
          ...refreshInputs(server),
          ...ROLE,
          profile: 'ci',
          'output-credentials': 'true',
          ...(service === 'STS' ? { 'role-to-assume': DEPLOYER } : {}),
        };
        const result = await runHostileAction(server, {
          inputs,
          env: { AWS_ENDPOINT_URL_STS: server.url },
        });
        // nothing exported, output, saved or written (expectCleanFailure), asked once: final
        const message = await expectCleanFailure(result, server, inputs);
        expect(message).toMatch(problem);
        expect(server.calls(route)).toHaveLength(1);
        expect(result.masks.some((mask) => mask.length > 16_384)).toBe(false);
      } finally {
        await server.stop();
      }
    },
    2 * PER_ATTEMPT_MS + 60_000,
  );
});

/**
 * The log parser of the runner takes `::name::` only at a line's start and `##[` anywhere: an ARN
 * reads as an ARN in the raw stdout, while hostile openers in an echoed text are defused.
 */
describe('the raw stdout: ARNs as written, command openers defused', () => {
  test('a chained role: the ARNs read as ARNs; STS text with openers is no command', async () => {
    const server = await HostileServer.start();
    try {
      server.on('sts', () =>
        stsErrorAnswer(
          403,
          'AccessDenied',
          `User: arn:aws:sts::111111111111:assumed-role/ReadOnly/x is not authorized\n::set-output name=pwned::1\n  ::add-mask::x ##[error]legacy`,
        ),
      );
      const inputs = { ...refreshInputs(server), ...ROLE, 'role-to-assume': DEPLOYER };
      const result = await runHostileAction(server, {
        inputs,
        env: { AWS_ENDPOINT_URL_STS: server.url },
      });
      const message = await expectCleanFailure(result, server, inputs);
      expect(message).toContain(`to assume '${DEPLOYER}'`);
      expect(message).toContain(
        'User: arn:aws:sts::111111111111:assumed-role/ReadOnly/x is not authorized : :set-output name=pwned::1 : :add-mask::x # #[error]legacy',
      );
      const lines = splitLines(result.stdout);
      expect(lines.some((line) => line.startsWith(`Assuming '${DEPLOYER}'`))).toBe(true);
      // the only commands are the action's own (harness), and no line has the old opener
      expect(lines.filter((line) => /^\s*::set-output/.test(line))).toEqual([]);
      expect(lines.filter((line) => line.includes('##['))).toEqual([]);
      expect(result.outputs).toEqual({});
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('a value too short to be a secret is not masked', () => {
  test('client-secret "s": no mask of it, and the log keeps its words whole', async () => {
    const server = await HostileServer.start();
    try {
      const inputs = { ...refreshInputs(server), 'client-secret': 's', ...ROLE };
      const result = await runHostileAction(server, { inputs });
      expectCleanSuccess(result, server, inputs);
      expect(result.masks).not.toContain('s');
      expect(result.masks.every((mask) => mask.length >= 8)).toBe(true);
      // the runner would have shown every "s" of the log as "***"
      expect(result.log.join('\n')).not.toMatch(/\w\*\*\*\w/);
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('allowed-account-ids with renew-credentials', () => {
  test('warns, naming both inputs and what the token cache still reaches', async () => {
    const server = await HostileServer.start();
    try {
      const inputs = {
        ...refreshInputs(server),
        ...ROLE,
        'allowed-account-ids': '111111111111',
        'renew-credentials': 'profile',
        'sso-start-url': 'https://d-1234567890.awsapps.com/start',
      };
      const result = await runHostileAction(server, { inputs });
      expectCleanSuccess(result, server, inputs);
      const warnings = result.warnings.map((w) => w.message);
      expect(warnings).toContainEqual(
        expect.stringMatching(
          /^'allowed-account-ids' limits the credentials this step gets, not what 'renew-credentials' gives the job: .*every account and permission set the session reaches, not only the allowed account/,
        ),
      );
    } finally {
      await server.stop();
    }
  }, 60_000);
});
