import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator, type SeededSession } from '../../emulator/index.js';
import { refreshInputs, runAgainst as runStep } from '../support/action.js';
import { withEmulator } from '../support/emulator.js';
import {
  endpointState,
  filesWith,
  get,
  isRunning,
  killEndpoints,
  listeningAddresses,
  processEnvironment,
  TRACKING_ID as TRACKING,
} from '../support/endpoints.js';
import { GitHubSecretsStandIn } from '../support/github-secrets.js';
import { node24Path, repoRoot } from '../support/node24.js';
import { awsCli, awsCliProblem, botocorePython } from '../support/real-clients.js';
import { judge, type Observation, runTool, type Tool } from '../support/renewing-tools.js';
import type { ActionResult } from '../support/runner.js';
import { cleanupRuns } from '../support/runner.js';
import { expectNoLeaks, scannable } from '../support/secrets.js';
import { runProcess } from '../support/spawn.js';

/**
 * renew-credentials: endpoint (issue 23). The step leaves a detached process on 127.0.0.1 that
 * serves the container credential provider's document and renews it in the background; the
 * job's tools (the AWS CLI v2, botocore, the JS SDK v3), run as a later `run:` step with only the
 * job's environment and home, keep getting valid credentials. Short lifetimes: role credentials
 * of 16 s (renewed halfway) and access tokens of 40 s (refreshed with a third left), so that a
 * minute crosses three expiries and at least one refresh. Independent clients run at once.
 */

const run = promisify(execFile);
const CREDENTIALS_TTL_S = 16;
const ACCESS_TOKEN_TTL_S = 40;
const RUN_S = 3 * CREDENTIALS_TTL_S + 10;
const GITHUB_TOKEN = 'github_pat_ENDPOINTWRITEBACK_0123456789abcdef';
const DEPLOYER = 'arn:aws:iam::333333333333:role/Deployer';
const GET_ROLE_CREDENTIALS = '/federation/credentials';
/** What botocore says when it cannot get credentials (a Python tool would print this). */
const BOTOCORE_ERROR = [
  'try:',
  '    import botocore.session',
  'except ImportError:',
  '    import awscli',
  '    import botocore.session',
  'try:',
  '    botocore.session.Session().get_credentials().get_frozen_credentials()',
  "    print('no error')",
  'except Exception as error:',
  '    print(str(error))',
].join('\n');

let emulator: IdentityCenterEmulator;
const cliProblem = awsCliProblem();
const python = botocorePython();

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({
    credentialsTtlSeconds: CREDENTIALS_TTL_S,
    assumedRoleTtlSeconds: CREDENTIALS_TTL_S,
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S,
  });
}, 120_000);
afterEach(killEndpoints);
afterAll(async () => {
  killEndpoints();
  await emulator.stop();
  await cleanupRuns();
});

/** A step of this file's job: it carries the job's RUNNER_TRACKING_ID, which afterEach ends. */
const runAgainst: typeof runStep = (target, inputs, options = {}) =>
  runStep(target, inputs, { ...options, env: { RUNNER_TRACKING_ID: TRACKING, ...options.env } });

const endpointInputs = (session: SeededSession, extra: Record<string, string> = {}) => ({
  ...refreshInputs(session),
  'renew-credentials': 'endpoint',
  ...extra,
});

/** What a later `run:` step gets: the job's environment (with the step's exports) and home. */
function jobEnv(result: ActionResult, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: result.home,
    AWS_PAGER: '',
    RUNNER_TRACKING_ID: TRACKING,
    ...extra,
    ...result.env,
  };
}

const since = (path: string, from: number, to = Number.POSITIVE_INFINITY, target = emulator) =>
  target.requests.filter((r) => r.path === path && r.time >= from && r.time <= to).length;

/** Refresh grants the emulator answered for one client registration, after `from`. */
const refreshesBy = (clientId: string, from: number, target = emulator) =>
  target.requests.filter(
    (r) =>
      r.path === '/token' &&
      r.time >= from &&
      (r.body as { grantType?: string })?.grantType === 'refresh_token' &&
      (r.body as { clientId?: string }).clientId === clientId,
  ).length;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sixteen JS SDK clients at once, once the credentials the step got have expired. */
async function burstAtExpiry(
  env: Record<string, string>,
  expiration: string,
): Promise<{ observations: (Observation & { client: number })[]; from: number; to: number }> {
  await sleep(Math.max(0, Date.parse(expiration) - Date.now()) + 200);
  const from = Date.now();
  const fixture = join(repoRoot, '__tests__', 'fixtures', 'endpoint-burst.mjs');
  const outcome = await runProcess(node24Path(), [fixture, '16', '1', '0'], {
    cwd: repoRoot,
    env,
    timeoutMs: 60_000,
  });
  const to = Date.now();
  const observations = outcome.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  return { observations, from, to };
}

const tools: Tool[] = ['JS SDK v3', 'botocore', 'AWS CLI v2'];

describe('renew-credentials: endpoint', () => {
  test(
    'three real clients at once across three expiries and a token refresh; sixteen at expiry cause one call; nothing of the session on disk or in the environment; the post step closes it',
    async () => {
      if (cliProblem) throw new Error(cliProblem);
      if (!python) throw new Error('no Python that imports botocore');
      const seeded = emulator.seedSession();
      const result = await runAgainst(emulator, endpointInputs(seeded));
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      const { port, pid } = endpointState(result);
      const url = `http://127.0.0.1:${port}/aws-sso-credentials/credentials`;
      const authorization = result.env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? '';
      expect(result.env).toEqual({
        AWS_CONTAINER_CREDENTIALS_FULL_URI: url,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(result.masks).toContain(authorization);
      const stepEnded = Date.now();

      // Loopback only; a missing or wrong authorization gets its status and nothing else.
      expect(await listeningAddresses(port)).toEqual(['0100007F']);
      expect(await get(url)).toEqual({ status: 401, body: '' });
      expect(await get(url, { authorization: 'x'.repeat(64) })).toEqual({ status: 403, body: '' });
      const served = await get(url, { authorization });
      expect(served.status).toBe(200);
      expect(Object.keys(JSON.parse(served.body)).sort()).toEqual([
        'AccessKeyId',
        'AccountId',
        'Expiration',
        'SecretAccessKey',
        'Token',
      ]);

      const env = jobEnv(result);
      const [observed, burst] = await Promise.all([
        Promise.all(tools.map((tool) => runTool(tool, env, RUN_S, 2))),
        burstAtExpiry(env, result.outputs.expiration ?? ''),
      ]);
      tools.forEach((tool, index) => {
        const verdict = judge(tool, observed[index] ?? [], emulator);
        expect(verdict).toEqual({
          tool,
          errors: [],
          badKeys: [],
          expiriesCrossed: expect.any(Number),
        });
        expect(verdict.expiriesCrossed).toBeGreaterThanOrEqual(3);
      });
      expect(refreshesBy(seeded.clientId, stepEnded)).toBeGreaterThanOrEqual(1);
      expect(judge('JS SDK v3', burst.observations, emulator)).toMatchObject({
        errors: [],
        badKeys: [],
      });
      expect(burst.observations).toHaveLength(16);
      expect(new Set(burst.observations.map((o) => o.accessKeyId)).size).toBe(1);
      expect(since(GET_ROLE_CREDENTIALS, burst.from, burst.to)).toBeLessThanOrEqual(1);
      // Renewals follow the credentials' lifetime (about one every half life), not the clients.
      const calls = since(GET_ROLE_CREDENTIALS, stepEnded);
      expect(calls).toBeLessThanOrEqual(Math.ceil((Date.now() - stepEnded) / 8_000) + 2);

      // Nothing of the session in any file of the job, in its environment or the endpoint's.
      const secrets = scannable(emulator.issuedSecrets());
      expect(await filesWith([result.home, result.runnerTemp, result.workspace], secrets)).toEqual(
        [],
      );
      const inJobEnv = Object.values(result.env).filter((value) =>
        secrets.some((secret) => value.includes(secret)),
      );
      expect(inJobEnv).toEqual([]);
      const endpointEnv = await processEnvironment(pid);
      expect(Object.keys(endpointEnv).filter((name) => name.startsWith('INPUT_'))).toEqual([]);
      expect(
        Object.values(endpointEnv).filter((value) => secrets.some((s) => value.includes(s))),
      ).toEqual([]);
      expect(endpointEnv.RUNNER_TRACKING_ID).toBe(TRACKING);
      // Its log: one 0600 file under RUNNER_TEMP, which the post step prints and removes.
      const logs = (await readdir(result.runnerTemp)).filter((name) =>
        /^aws-sso-credentials-endpoint-[0-9a-f]{16}\.log$/.test(name),
      );
      expect(logs).toHaveLength(1);
      expect((await stat(join(result.runnerTemp, logs[0] ?? ''))).mode & 0o777).toBe(0o600);

      const post = await result.runPost();
      expect(post.exitCode).toBe(0);
      expectNoLeaks(post, scannable(emulator.issuedSecrets()));
      expect(post.warnings.map((w) => w.message)).toEqual([
        expect.stringMatching(
          /^A tool in this job refreshed the access token and IAM Identity Center rotated the refresh token: the secret you pass as 'refresh-token' may no longer work\./,
        ),
      ]);
      expect(post.log.join('\n')).toMatch(/Refreshed the access token/);
      expect(post.log.join('\n')).toMatch(/Stopped the credential endpoint on 127\.0\.0\.1:/);
      expect(await listeningAddresses(port)).toEqual([]);
      await sleep(500);
      expect(isRunning(pid)).toBe(false);
      expect(await filesWith([result.runnerTemp], ['aws-sso-credentials-endpoint'])).toEqual([]);
    },
    (RUN_S + 300) * 1000,
  );

  test('update-secret: the post step writes back the refresh token the endpoint rotated', async () => {
    const github = await GitHubSecretsStandIn.start({
      repository: 'example/harness',
      token: GITHUB_TOKEN,
    });
    try {
      const seeded = emulator.seedSession();
      const writeBack = { 'update-secret': 'SSO_REFRESH_TOKEN', 'github-token': GITHUB_TOKEN };
      const result = await runAgainst(emulator, endpointInputs(seeded, writeBack), {
        env: { GITHUB_API_URL: github.url },
      });
      expect(result.exitCode).toBe(0);
      endpointState(result);
      const afterStep = github.secret('SSO_REFRESH_TOKEN');
      expect(afterStep).toBe(result.outputs['refresh-token']);
      const stepEnded = Date.now();
      // The endpoint refreshes the 40 s token with a third of it left.
      for (let waited = 0; refreshesBy(seeded.clientId, stepEnded) === 0 && waited < 60; waited++) {
        await sleep(1_000);
      }
      expect(refreshesBy(seeded.clientId, stepEnded)).toBe(1);
      const post = await result.runPost();
      expect(post.exitCode).toBe(0);
      expectNoLeaks(post, [...scannable(emulator.issuedSecrets()), GITHUB_TOKEN]);
      expect(post.warnings).toEqual([]);
      const stored = github.secret('SSO_REFRESH_TOKEN') ?? '';
      expect(stored).not.toBe(afterStep);
      expect(emulator.isRefreshTokenValid(stored)).toBe(true);
      expect(post.log.join('\n')).toMatch(
        /rotated the refresh token; the repository secret 'SSO_REFRESH_TOKEN' now holds the new refresh token/,
      );
    } finally {
      await github.stop();
    }
  }, 180_000);

  test('profiles: each profile a credential_process line that asks the endpoint for its role', async () => {
    if (cliProblem) throw new Error(cliProblem);
    if (!python) throw new Error('no Python that imports botocore');
    const seeded = emulator.seedSession();
    const result = await runAgainst(emulator, {
      'sso-region': seeded.region,
      'refresh-token': seeded.refreshToken ?? '',
      'client-id': seeded.clientId,
      'client-secret': seeded.clientSecret,
      profiles: 'one = 111111111111/ReadOnly\ntwo = 222222222222/ReadOnly',
      'renew-credentials': 'endpoint',
    });
    expect(result.exitCode).toBe(0);
    expect(result.env).toEqual({});
    endpointState(result);
    const config = await readFile(join(result.home, '.aws', 'config'), 'utf8');
    expect(config).toMatch(
      /\[profile one\]\n# written by aws-sso-credentials .*\ncredential_process = ".*" ".*credential-process\/index\.js" ".*\.json" "one"\n/,
    );
    const [one, two, cli] = await Promise.all([
      runTool('JS SDK v3', jobEnv(result, { AWS_PROFILE: 'one' }), CREDENTIALS_TTL_S + 4, 2),
      runTool('botocore', jobEnv(result, { AWS_PROFILE: 'two' }), CREDENTIALS_TTL_S + 4, 2),
      runTool('AWS CLI v2', jobEnv(result, { AWS_PROFILE: 'one' }), CREDENTIALS_TTL_S + 4, 3),
    ]);
    for (const [tool, observations] of [
      ['JS SDK v3', one],
      ['botocore', two],
      ['AWS CLI v2', cli],
    ] as const) {
      const verdict = judge(tool, observations, emulator);
      expect(verdict).toMatchObject({ errors: [], badKeys: [] });
      expect(verdict.expiriesCrossed).toBeGreaterThanOrEqual(1);
    }
    const secrets = scannable(emulator.issuedSecrets());
    expect(await filesWith([result.home, result.runnerTemp], secrets)).toEqual([]);
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(existsSync(join(result.home, '.aws', 'config'))).toBe(false);
    expect(await filesWith([result.runnerTemp], ['aws-sso-credentials-endpoint'])).toEqual([]);
  }, 240_000);

  test('keys and an AWS_PROFILE an earlier step exported: keys cleared, AWS_PROFILE names a profile that asks the endpoint', async () => {
    if (cliProblem) throw new Error(cliProblem);
    if (!python) throw new Error('no Python that imports botocore');
    const earlier = {
      AWS_ACCESS_KEY_ID: 'ASIAEARLIERSTEP00000',
      AWS_SECRET_ACCESS_KEY: 'earlier/step/secret/key/000000000000000',
      AWS_SESSION_TOKEN: 'IQoJb3JpZ2luEARLIERSTEPSESSIONTOKEN000000',
      AWS_PROFILE: 'earlier',
    };
    const result = await runAgainst(emulator, endpointInputs(emulator.seedSession()), {
      env: earlier,
    });
    expect(result.exitCode).toBe(0);
    endpointState(result);
    expect(result.env).toMatchObject({
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: expect.stringMatching(/^aws-sso-credentials-1-1-harness-[0-9a-f]{12}$/),
    });
    const log = result.log.join('\n');
    expect(log).toMatch(
      /Cleared AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN for the rest of the job/,
    );
    expect(log).toMatch(
      /AWS_PROFILE, which an earlier step set, now names profile 'aws-sso-credentials-/,
    );
    const env = jobEnv(result, earlier);
    const seen = await Promise.all(
      tools.map((tool) => runTool(tool, { ...env, ...result.env }, 2, 1)),
    );
    tools.forEach((tool, index) => {
      expect(judge(tool, seen[index] ?? [], emulator)).toMatchObject({ errors: [], badKeys: [] });
    });
    expect((await result.runPost()).exitCode).toBe(0);
    expect(existsSync(join(result.home, '.aws', 'config'))).toBe(false);
  }, 180_000);

  test('role-to-assume: the endpoint serves the chained role and assumes it again before it expires', async () => {
    const result = await runAgainst(
      emulator,
      endpointInputs(emulator.seedSession(), {
        'role-to-assume': DEPLOYER,
        'aws-region': 'eu-west-1',
      }),
    );
    expect(result.exitCode).toBe(0);
    endpointState(result);
    expect(result.outputs['aws-account-id']).toBe('333333333333');
    const observations = await runTool('JS SDK v3', jobEnv(result), 2 * CREDENTIALS_TTL_S + 4, 2);
    const chained = new Set(
      emulator
        .assumeRoleRequests()
        .filter((record) => record.roleArn === DEPLOYER)
        .map((record) => record.accessKeyId),
    );
    const verdict = judge('JS SDK v3', observations, emulator);
    expect(verdict).toMatchObject({ errors: [], badKeys: [] });
    expect(verdict.expiriesCrossed).toBeGreaterThanOrEqual(2);
    const keys = new Set(observations.map((o) => o.accessKeyId));
    expect([...keys].filter((key) => !chained.has(key ?? ''))).toEqual([]);
    expect((await result.runPost()).exitCode).toBe(0);
  }, 180_000);

  test('a handoff job holds the access token only and never refreshes', async () => {
    // A handoff is used only with 5 minutes left: tokens of an hour here.
    await withEmulator(
      async (hourly) => {
        const seeded = hourly.seedSession();
        const first = await runAgainst(hourly, refreshInputs(seeded));
        const handoff = first.outputs['token-handoff'] ?? '';
        expect(handoff).not.toBe('');
        const from = Date.now();
        const result = await runAgainst(hourly, {
          ...refreshInputs(seeded),
          'renew-credentials': 'true',
          'token-handoff': handoff,
        });
        expect(result.errors).toEqual([]);
        endpointState(result);
        expect(result.outputs['session-expiration']).toBe(first.outputs['access-token-expiration']);
        const observations = await runTool('JS SDK v3', jobEnv(result), CREDENTIALS_TTL_S + 4, 2);
        const verdict = judge('JS SDK v3', observations, hourly);
        expect(verdict).toMatchObject({ errors: [], badKeys: [] });
        expect(verdict.expiriesCrossed).toBeGreaterThanOrEqual(1);
        expect(refreshesBy(seeded.clientId, from, hourly)).toBe(0);
        const post = await result.runPost();
        expect(post.exitCode).toBe(0);
        expect(post.warnings).toEqual([]);
      },
      { credentialsTtlSeconds: CREDENTIALS_TTL_S },
    );
  }, 180_000);

  test('a session that ended: each client shows the JSON error, which says to sign in again', async () => {
    if (cliProblem) throw new Error(cliProblem);
    if (!python) throw new Error('no Python that imports botocore');
    const accessToken = emulator.issueAccessToken({ ttlSeconds: 3600 });
    const result = await runAgainst(emulator, {
      'access-token': accessToken,
      'sso-region': 'us-east-1',
      'account-id': '111111111111',
      'role-name': 'ReadOnly',
      'renew-credentials': 'endpoint',
    });
    expect(result.exitCode).toBe(0);
    endpointState(result);
    emulator.revokeAccessToken(accessToken);
    await sleep(Math.max(0, Date.parse(result.outputs.expiration ?? '') - Date.now()) + 500);
    const env = jobEnv(result);
    const [js, boto, cli] = await Promise.all([
      runTool('JS SDK v3', env, 1, 1),
      run(python ?? 'python3', ['-c', BOTOCORE_ERROR], { env }).then(
        (done) => done.stdout.trim(),
        (error: { stderr?: string }) => error.stderr ?? '',
      ),
      run(awsCli(), ['configure', 'export-credentials', '--format', 'process'], { env }).then(
        () => 'no error',
        (error: { stderr?: string }) => error.stderr ?? '',
      ),
    ]);
    const shown = { js: js[0]?.error, botocore: boto, cli };
    // The JS SDK's default chain drops the body and says only this; the post step's group and
    // the endpoint's log say why (below).
    expect(shown).toEqual({
      js: 'Could not load credentials from any providers',
      botocore: expect.stringContaining(
        'sign in again with `aws-sso-credentials login --gh-secret',
      ),
      cli: expect.stringContaining('sign in again'),
    });
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(post.log.join('\n')).toMatch(
      /Could not renew 'ReadOnly' in 111111111111: IAM Identity Center rejected the access token/,
    );
  }, 180_000);
});
