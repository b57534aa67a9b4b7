import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator, type SeededSession } from '../../emulator/index.js';
import { expectFailedCleanly, refreshInputs, runAgainst } from '../support/action.js';
import { withEmulator } from '../support/emulator.js';
import { GitHubSecretsStandIn } from '../support/github-secrets.js';
import { jobEnv as jobEnvOf } from '../support/job-env.js';
import { eachClient, missingClient } from '../support/real-clients.js';
import { AWS_HOSTS, judge, runTool, TOOLS } from '../support/renewing-tools.js';
import type { ActionResult } from '../support/runner.js';
import { cleanupRuns } from '../support/runner.js';
import { expectNoLeaks, scannable } from '../support/secrets.js';
import { startTlsInterceptor, type TlsInterceptor } from '../support/tls-interceptor.js';

/**
 * renew-credentials against the emulator with short lifetimes: role credentials of 15 s and
 * access tokens of 90 s (shorter than either SDK's refresh window, so every tool must refresh,
 * and rotation is on). Each real client runs as one long-lived process with only the job's
 * environment and home, as a later `run:` step would, for more than three credential lifetimes;
 * every answer must be a key the emulator issued and that had not expired. The three clients run
 * at the same time (`test.concurrent`: one wait instead of three).
 */

const CREDENTIALS_TTL_S = 15;
const ACCESS_TOKEN_TTL_S = 90;
const RUN_S = 3 * CREDENTIALS_TTL_S + 20;
const START_URL = 'https://d-1234567890.awsapps.com/start';
const GITHUB_TOKEN = 'github_pat_RENEWWRITEBACK_0123456789abcdef';

let emulator: IdentityCenterEmulator;
let interceptor: TlsInterceptor | undefined;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({
    credentialsTtlSeconds: CREDENTIALS_TTL_S,
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S,
  });
  if (!missingClient('AWS CLI v2')) {
    interceptor = await startTlsInterceptor(emulator.url, AWS_HOSTS);
  }
}, 120_000);
afterAll(async () => {
  await interceptor?.close();
  await emulator.stop();
  await cleanupRuns();
});

const renewInputs = (session: SeededSession, extra: Record<string, string> = {}) => ({
  ...refreshInputs(session),
  'renew-credentials': 'profile',
  'sso-start-url': START_URL,
  ...extra,
});

/** What a later `run:` step gets (support/job-env.ts), against `target`. */
const jobEnv = (
  result: ActionResult,
  extra: Record<string, string> = {},
  target: IdentityCenterEmulator = emulator,
) => jobEnvOf(result, { emulator: target, interceptor, extra });

const cachePath = (home: string, name: string) =>
  join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(name).digest('hex')}.json`);

/** The session name the step wrote, from its `[sso-session NAME]` section. */
async function sessionNameIn(home: string): Promise<string> {
  const config = await readFile(join(home, '.aws', 'config'), 'utf8');
  const name = /^\[sso-session (\S+)\]$/m.exec(config)?.[1];
  if (!name) throw new Error(`no sso-session section in:\n${config}`);
  return name;
}

/** Refresh grants the emulator answered for one client registration, after `since`. */
const refreshesBy = (clientId: string, since: number, target = emulator) =>
  target.requests.filter(
    (r) =>
      r.path === '/token' &&
      r.time >= since &&
      (r.body as { grantType?: string; clientId?: string })?.grantType === 'refresh_token' &&
      (r.body as { clientId?: string }).clientId === clientId,
  ).length;

describe('one long-lived process per client keeps getting valid credentials', () => {
  eachClient(TOOLS, test.concurrent)(
    '%s: across three credential expiries and access-token refreshes; the post step closes the session',
    async (tool) => {
      const seeded = emulator.seedSession();
      const result = await runAgainst(emulator, renewInputs(seeded, { 'aws-region': 'eu-west-1' }));
      expect(result.exitCode).toBe(0);
      expect(result.env.AWS_ACCESS_KEY_ID).toBeUndefined();
      const name = await sessionNameIn(result.home);
      expect(result.env.AWS_PROFILE).toBe(name);
      const stepEnded = Date.now();

      const observations = await runTool(tool, jobEnv(result), RUN_S, 2);
      const verdict = judge(tool, observations, emulator);
      expect(verdict).toEqual({
        tool,
        errors: [],
        badKeys: [],
        expiriesCrossed: expect.any(Number),
      });
      expect(verdict.expiriesCrossed).toBeGreaterThanOrEqual(3);
      const span = (observations.at(-1)?.t ?? 0) - (observations[0]?.t ?? 0);
      expect(span).toBeGreaterThan(3 * CREDENTIALS_TTL_S * 1000);
      expect(refreshesBy(seeded.clientId, stepEnded)).toBeGreaterThanOrEqual(1);

      // The tool wrote the refreshed, rotated token back to the job's cache.
      const cacheFile = cachePath(result.home, name);
      const cached = JSON.parse(await readFile(cacheFile, 'utf8'));
      expect(emulator.isRefreshTokenValid(cached.refreshToken)).toBe(true);
      expect(cached.refreshToken).not.toBe(result.outputs['refresh-token']);

      // The AWS CLI keeps the role credentials it got in a cache of its own: ours to remove.
      const cliCache = join(result.home, '.aws', 'cli', 'cache');
      const cliCached = () => (existsSync(cliCache) ? readdirSync(cliCache) : []);
      expect(cliCached()).toHaveLength(tool === 'AWS CLI v2' ? 1 : 0);

      const post = await result.runPost();
      expect(post.exitCode).toBe(0);
      expect(cliCached()).toEqual([]);
      expectNoLeaks(post, scannable(emulator.issuedSecrets()));
      expect(post.warnings.map((w) => w.message)).toEqual([
        expect.stringMatching(
          /^A tool in this job refreshed the access token and IAM Identity Center rotated the refresh token: the secret you pass as 'refresh-token' may no longer work\./,
        ),
      ]);
      expect(existsSync(cacheFile)).toBe(false);
      expect(existsSync(join(result.home, '.aws', 'config'))).toBe(false);
    },
    (RUN_S + 240) * 1000,
  );
});

describe('the cache the step writes', () => {
  test('0600 in a 0700 directory, with the keys the SDKs read', async () => {
    const seeded = emulator.seedSession();
    const result = await runAgainst(emulator, renewInputs(seeded));
    expect(result.exitCode).toBe(0);
    const name = await sessionNameIn(result.home);
    const file = cachePath(result.home, name);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(result.home, '.aws', 'sso', 'cache'))).mode & 0o777).toBe(0o700);
    const document = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(document)).toEqual([
      'accessToken',
      'expiresAt',
      'refreshToken',
      'clientId',
      'clientSecret',
      'registrationExpiresAt',
      'region',
      'startUrl',
    ]);
    expect(document).toMatchObject({
      clientId: seeded.clientId,
      region: 'us-east-1',
      startUrl: START_URL,
    });
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(post.warnings).toEqual([]);
    expect(existsSync(file)).toBe(false);
  }, 120_000);
});

/** A few asks of the JS SDK's default chain: enough for it to refresh (the token is in its window). */
const briefly = (result: ActionResult, extra: Record<string, string> = {}) =>
  runTool('JS SDK v3', jobEnv(result, extra), 6, 2);

describe('profiles, handoff, start URL', () => {
  test('profiles: every line a profile on the one session; the user’s config comes back byte for byte', async () => {
    const home = await mkdtemp(join(tmpdir(), 'renew-profiles-'));
    const userConfig = '[profile mine]\r\nregion = ap-south-1\r\n# my comment\r\n';
    await mkdir(join(home, '.aws'), { recursive: true });
    await writeFile(join(home, '.aws', 'config'), userConfig);
    const seeded = emulator.seedSession({ startUrl: START_URL });
    const result = await runAgainst(
      emulator,
      {
        'sso-session': JSON.stringify(emulator.sessionDocument(seeded)),
        profiles: 'one = 111111111111/ReadOnly\ntwo = 222222222222/ReadOnly',
        'renew-credentials': 'profile',
      },
      { home },
    );
    expect(result.exitCode).toBe(0);
    expect(result.env).toEqual({});
    const config = await readFile(join(home, '.aws', 'config'), 'utf8');
    expect(config.startsWith(userConfig)).toBe(true);
    const name = await sessionNameIn(home);
    for (const [profile, account] of [
      ['one', '111111111111'],
      ['two', '222222222222'],
    ] as const) {
      expect(config).toContain(`[profile ${profile}]\r\n# written by aws-sso-credentials`);
      expect(config).toMatch(
        new RegExp(
          `sso_session = ${name}\\r\\nsso_account_id = ${account}\\r\\nsso_role_name = ReadOnly`,
        ),
      );
      const observations = await runTool(
        'JS SDK v3',
        jobEnv(result, { AWS_PROFILE: profile }),
        2,
        1,
      );
      expect(judge('JS SDK v3', observations, emulator)).toMatchObject({ errors: [], badKeys: [] });
    }
    expect(JSON.parse(result.outputs.profiles ?? '[]')).toHaveLength(2);
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(await readFile(join(home, '.aws', 'config'), 'utf8')).toBe(userConfig);
    expect(existsSync(cachePath(home, name))).toBe(false);
    await rm(home, { recursive: true, force: true });
  }, 180_000);

  test('a handoff job: the cache holds the access token only; it renews until that token expires', async () => {
    // A handoff is used only with 5 minutes left: tokens of an hour here.
    await withEmulator(
      async (hourly) => {
        const seeded = hourly.seedSession();
        const first = await runAgainst(hourly, refreshInputs(seeded));
        expect(first.exitCode).toBe(0);
        const handoff = first.outputs['token-handoff'] ?? '';
        expect(handoff).not.toBe('');
        const since = Date.now();
        const result = await runAgainst(hourly, renewInputs(seeded, { 'token-handoff': handoff }));
        expect(result.errors).toEqual([]);
        expect(refreshesBy(seeded.clientId, since, hourly)).toBe(0);
        const name = await sessionNameIn(result.home);
        const document = JSON.parse(await readFile(cachePath(result.home, name), 'utf8'));
        expect(Object.keys(document).sort()).toEqual([
          'accessToken',
          'expiresAt',
          'region',
          'startUrl',
        ]);
        expect(result.outputs['session-expiration']).toBe(first.outputs['access-token-expiration']);
        expect(result.log.join('\n')).toMatch(
          /renew credentials until the access token expires at .*\('token-handoff'/,
        );
        const env = jobEnv(result, {}, hourly);
        const observations = await runTool('JS SDK v3', env, 2 * CREDENTIALS_TTL_S, 3);
        expect(judge('JS SDK v3', observations, hourly)).toMatchObject({
          errors: [],
          badKeys: [],
          expiriesCrossed: expect.any(Number),
        });
        expect(refreshesBy(seeded.clientId, since, hourly)).toBe(0);
        const post = await result.runPost();
        expect(post.exitCode).toBe(0);
        expect(post.warnings).toEqual([]);
        expect(existsSync(cachePath(result.home, name))).toBe(false);
      },
      { credentialsTtlSeconds: CREDENTIALS_TTL_S },
    );
  }, 180_000);

  test('refresh-token without sso-start-url fails before any request, naming the input', async () => {
    const seeded = emulator.seedSession();
    emulator.clearRequests();
    const inputs = renewInputs(seeded);
    delete (inputs as Record<string, string>)['sso-start-url'];
    const result = await runAgainst(emulator, inputs);
    expect(expectFailedCleanly(result)).toMatch(
      /^Input 'sso-start-url' is required with 'renew-credentials'/,
    );
    expect(emulator.requests).toEqual([]);
    expect(existsSync(join(result.home, '.aws'))).toBe(false);
  }, 120_000);

  test('access-token with sso-start-url: the cache holds that token; no session-expiration', async () => {
    const accessToken = emulator.issueAccessToken({ ttlSeconds: 3600 });
    const result = await runAgainst(emulator, {
      'access-token': accessToken,
      'sso-region': 'us-east-1',
      'sso-start-url': START_URL,
      'account-id': '111111111111',
      'role-name': 'ReadOnly',
      'renew-credentials': 'profile',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).not.toHaveProperty('session-expiration');
    const name = await sessionNameIn(result.home);
    const document = JSON.parse(await readFile(cachePath(result.home, name), 'utf8'));
    expect(document).toMatchObject({ accessToken, region: 'us-east-1', startUrl: START_URL });
    expect(document).not.toHaveProperty('refreshToken');
    const observations = await runTool('JS SDK v3', jobEnv(result), 2, 1);
    expect(judge('JS SDK v3', observations, emulator)).toMatchObject({ errors: [], badKeys: [] });
    expect((await result.runPost()).exitCode).toBe(0);
    expect(existsSync(cachePath(result.home, name))).toBe(false);
  }, 120_000);

  test('keys an earlier step exported are cleared, and the log says so', async () => {
    const seeded = emulator.seedSession();
    const earlier = {
      AWS_ACCESS_KEY_ID: 'ASIAEARLIERSTEP00000',
      AWS_SECRET_ACCESS_KEY: 'earlier/step/secret/key/000000000000000',
      AWS_SESSION_TOKEN: 'IQoJb3JpZ2luEARLIERSTEPSESSIONTOKEN000000',
    };
    const result = await runAgainst(emulator, renewInputs(seeded, { profile: 'long' }), {
      env: earlier,
    });
    expect(result.exitCode).toBe(0);
    expect(result.env).toEqual({
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: 'long',
    });
    expect(result.log.join('\n')).toMatch(
      /Cleared AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN for the rest of the job/,
    );
    const observations = await runTool('JS SDK v3', jobEnv(result), 2, 1);
    expect(judge('JS SDK v3', observations, emulator)).toMatchObject({ errors: [], badKeys: [] });
    expect((await result.runPost()).exitCode).toBe(0);
  }, 120_000);

  test('a profile name that has keys in the shared credentials file fails, naming profile', async () => {
    const home = await mkdtemp(join(tmpdir(), 'renew-clash-'));
    await mkdir(join(home, '.aws'), { recursive: true });
    await writeFile(
      join(home, '.aws', 'credentials'),
      '[long]\naws_access_key_id = AKIAUSER000000000000\n',
    );
    emulator.clearRequests();
    const result = await runAgainst(
      emulator,
      renewInputs(emulator.seedSession(), { profile: 'long' }),
      {
        home,
      },
    );
    expect(expectFailedCleanly(result)).toMatch(
      /^Input 'profile' names 'long', which is a profile with keys/,
    );
    expect(emulator.requests).toEqual([]);
    await rm(home, { recursive: true, force: true });
  }, 120_000);
});

describe('the post step', () => {
  test('two jobs on one home at once: neither reads, rotates or removes the other’s session', async () => {
    const home = await mkdtemp(join(tmpdir(), 'renew-shared-home-'));
    const userCache = join(home, '.aws', 'sso', 'cache', 'user-own-login.json');
    await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    await writeFile(userCache, '{"accessToken":"users-own"}');
    const a = emulator.seedSession();
    const b = emulator.seedSession();
    // Both steps edit one config file at the same moment (a lock beside it keeps both edits).
    const [jobA, jobB] = await Promise.all([
      runAgainst(emulator, renewInputs(a), { home, env: { GITHUB_JOB: 'a' } }),
      runAgainst(emulator, renewInputs(b), { home, env: { GITHUB_JOB: 'b' } }),
    ]);
    expect([jobA.exitCode, jobB.exitCode]).toEqual([0, 0]);
    const [nameA, nameB] = [jobA.env.AWS_PROFILE ?? '', jobB.env.AWS_PROFILE ?? ''];
    expect(nameA).toMatch(/^aws-sso-credentials-1-1-a-/);
    expect(nameB).toMatch(/^aws-sso-credentials-1-1-b-/);
    const since = Date.now();
    const [seenA, seenB] = await Promise.all([briefly(jobA), briefly(jobB)]);
    for (const seen of [seenA, seenB]) {
      expect(judge('JS SDK v3', seen, emulator)).toMatchObject({ errors: [], badKeys: [] });
    }
    expect(refreshesBy(a.clientId, since)).toBeGreaterThanOrEqual(1);
    expect(refreshesBy(b.clientId, since)).toBeGreaterThanOrEqual(1);
    const cacheA = JSON.parse(await readFile(cachePath(home, nameA), 'utf8'));
    const cacheB = JSON.parse(await readFile(cachePath(home, nameB), 'utf8'));
    expect([cacheA.clientId, cacheB.clientId]).toEqual([a.clientId, b.clientId]);
    expect(emulator.isRefreshTokenValid(cacheA.refreshToken)).toBe(true);
    expect(emulator.isRefreshTokenValid(cacheB.refreshToken)).toBe(true);

    expect((await jobA.runPost()).exitCode).toBe(0);
    expect(existsSync(cachePath(home, nameA))).toBe(false);
    expect(existsSync(cachePath(home, nameB))).toBe(true);
    const config = await readFile(join(home, '.aws', 'config'), 'utf8');
    expect(config).not.toContain(nameA);
    expect(config).toContain(`[profile ${nameB}]`);
    expect((await jobB.runPost()).exitCode).toBe(0);
    // Whichever step found the other's file leaves one: empty.
    const left = join(home, '.aws', 'config');
    expect(existsSync(left) ? await readFile(left, 'utf8') : '').toBe('');
    expect(existsSync(`${left}.lock`)).toBe(false);
    expect(await readFile(userCache, 'utf8')).toBe('{"accessToken":"users-own"}');
    await rm(home, { recursive: true, force: true });
  }, 180_000);

  test.each([
    ['deleted', async (file: string) => rm(file)],
    ['corrupted', async (file: string) => writeFile(file, '{"accessToken": tru')],
  ])(
    'a cache the job %s is a warning; the cleanup goes on',
    async (what, spoil) => {
      const result = await runAgainst(emulator, renewInputs(emulator.seedSession()));
      expect(result.exitCode).toBe(0);
      const name = await sessionNameIn(result.home);
      await spoil(cachePath(result.home, name));
      const post = await result.runPost();
      expect(post.exitCode).toBe(0);
      expect(post.warnings.map((w) => w.message)).toEqual([
        expect.stringMatching(
          what === 'deleted'
            ? /^The token cache of this step's session \(.*\) was deleted during the job; a refresh token a tool of the job may have rotated into it is lost\.$/
            : /was changed by something else in the job \(it is not a token cache document\): nothing from it was used; a refresh token a tool of the job may have rotated into it is lost\.$/,
        ),
      ]);
      expect(existsSync(cachePath(result.home, name))).toBe(false);
      expect(existsSync(join(result.home, '.aws', 'config'))).toBe(false);
    },
    120_000,
  );

  test('update-secret: the post step writes back a refresh token a tool of the job rotated', async () => {
    const github = await GitHubSecretsStandIn.start({
      repository: 'example/harness',
      token: GITHUB_TOKEN,
    });
    try {
      const seeded = emulator.seedSession();
      const writeBack = { 'update-secret': 'SSO_REFRESH_TOKEN', 'github-token': GITHUB_TOKEN };
      const result = await runAgainst(emulator, renewInputs(seeded, writeBack), {
        env: { GITHUB_API_URL: github.url },
      });
      expect(result.exitCode).toBe(0);
      // The step's own refresh rotated once already, and wrote that back.
      const afterStep = github.secret('SSO_REFRESH_TOKEN');
      expect(afterStep).toBe(result.outputs['refresh-token']);
      await briefly(result);
      const name = await sessionNameIn(result.home);
      const rotated = JSON.parse(await readFile(cachePath(result.home, name), 'utf8')).refreshToken;
      expect(rotated).not.toBe(afterStep);
      const post = await result.runPost();
      expect(post.exitCode).toBe(0);
      expectNoLeaks(post, [...scannable(emulator.issuedSecrets()), GITHUB_TOKEN]);
      expect(post.warnings).toEqual([]);
      expect(post.log.join('\n')).toMatch(
        /rotated the refresh token; the repository secret 'SSO_REFRESH_TOKEN' now holds the new refresh token \(updated\)/,
      );
      // Redeemed once with the step's registration before it was written back: what the service
      // answered (it rotated again) is stored, never the string the cache held.
      const stored = github.secret('SSO_REFRESH_TOKEN') ?? '';
      expect(stored).not.toBe(rotated);
      expect(emulator.isRefreshTokenValid(stored)).toBe(true);
    } finally {
      await github.stop();
    }
  }, 180_000);

  test('update-secret with sso-session: the renewed document is written back', async () => {
    const github = await GitHubSecretsStandIn.start({
      repository: 'example/harness',
      token: GITHUB_TOKEN,
    });
    try {
      const seeded = emulator.seedSession({ startUrl: START_URL, accessTokenTtlSeconds: 3600 });
      const result = await runAgainst(
        emulator,
        {
          'sso-session': JSON.stringify(emulator.sessionDocument(seeded)),
          'account-id': '111111111111',
          'role-name': 'ReadOnly',
          'renew-credentials': 'profile',
          'update-secret': 'SSO_SESSION',
          'github-token': GITHUB_TOKEN,
        },
        { env: { GITHUB_API_URL: github.url } },
      );
      expect(result.exitCode).toBe(0);
      // The session's token had an hour left: the step did not refresh, nothing written yet.
      expect(github.secret('SSO_SESSION')).toBeUndefined();
      const name = await sessionNameIn(result.home);
      // A tool refreshes when the token nears its end: here, the job outlived it.
      const file = cachePath(result.home, name);
      const cached = JSON.parse(await readFile(file, 'utf8'));
      await writeFile(
        file,
        JSON.stringify({ ...cached, expiresAt: new Date(Date.now() + 60_000).toISOString() }),
      );
      await briefly(result);
      const renewed = JSON.parse(await readFile(file, 'utf8'));
      expect(renewed.refreshToken).not.toBe(seeded.refreshToken);
      const post = await result.runPost();
      expect(post.exitCode).toBe(0);
      expect(post.warnings).toEqual([]);
      const stored = JSON.parse(github.secret('SSO_SESSION') ?? '{}');
      expect(stored).toMatchObject({ clientId: seeded.clientId, startUrl: START_URL });
      expect(stored.refreshToken).not.toBe(renewed.refreshToken);
      expect(emulator.isRefreshTokenValid(stored.refreshToken)).toBe(true);
      expect(emulator.isAccessTokenValid(stored.accessToken)).toBe(true);
    } finally {
      await github.stop();
    }
  }, 180_000);
});
