import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator, type SeededSession } from '../../emulator/index.js';
import { refreshInputs, runAgainst } from '../support/action.js';
import { endpointEnv } from '../support/emulator.js';
import type { ActionResult } from '../support/runner.js';
import { cleanupRuns } from '../support/runner.js';
import { expectNoLeaks, scannable } from '../support/secrets.js';
import {
  AWS_HOSTS,
  awsCliUnavailable,
  botocorePython,
  judge,
  runTool,
  type Tool,
} from '../support/renewing-tools.js';
import { startTlsInterceptor, type TlsInterceptor } from '../support/tls-interceptor.js';

/**
 * renew-credentials against the emulator with short lifetimes: role credentials of 15 s and
 * access tokens of 70 s (shorter than either SDK's refresh window, so every tool must refresh,
 * and rotation is on). Each real client runs as one long-lived process with only the job's
 * environment and home, as a later `run:` step would, for more than three credential lifetimes;
 * every answer must be a key the emulator issued and that had not expired.
 */

const CREDENTIALS_TTL_S = 15;
const ACCESS_TOKEN_TTL_S = 70;
const RUN_S = 3 * CREDENTIALS_TTL_S + 8;
const START_URL = 'https://d-1234567890.awsapps.com/start';

let emulator: IdentityCenterEmulator;
let interceptor: TlsInterceptor | undefined;
const cliProblem = awsCliUnavailable();
const python = botocorePython();

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({
    credentialsTtlSeconds: CREDENTIALS_TTL_S,
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S,
  });
  if (!cliProblem) interceptor = await startTlsInterceptor(emulator.url, AWS_HOSTS);
}, 120_000);
afterAll(async () => {
  await interceptor?.close();
  await emulator.stop();
  await cleanupRuns();
});

const renewInputs = (session: SeededSession, extra: Record<string, string> = {}) => ({
  ...refreshInputs(session),
  'renew-credentials': 'true',
  'sso-start-url': START_URL,
  ...extra,
});

/** What a later `run:` step gets: the job's environment (with the step's exports) and home. */
function jobEnv(result: ActionResult, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: result.home,
    ...endpointEnv(emulator),
    ...(interceptor ? { HTTPS_PROXY: interceptor.url, AWS_CA_BUNDLE: interceptor.caFile } : {}),
    AWS_PAGER: '',
    ...extra,
    ...result.env,
  };
}

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
const refreshesBy = (clientId: string, since: number) =>
  emulator.requests.filter(
    (r) =>
      r.path === '/token' &&
      r.time >= since &&
      (r.body as { grantType?: string; clientId?: string })?.grantType === 'refresh_token' &&
      (r.body as { clientId?: string }).clientId === clientId,
  ).length;

const tools: Tool[] = ['JS SDK v3', 'botocore', 'AWS CLI v2'];

describe('one long-lived process per client keeps getting valid credentials', () => {
  test.each(tools)(
    '%s: across three credential expiries and access-token refreshes; the post step closes the session',
    async (tool) => {
      if (tool === 'AWS CLI v2' && cliProblem) throw new Error(cliProblem);
      if (tool === 'botocore' && !python) throw new Error('no Python that imports botocore');
      const seeded = emulator.seedSession();
      const result = await runAgainst(emulator, renewInputs(seeded, { 'aws-region': 'eu-west-1' }));
      expect(result.exitCode).toBe(0);
      expect(result.env.AWS_ACCESS_KEY_ID).toBeUndefined();
      const name = await sessionNameIn(result.home);
      expect(result.env.AWS_PROFILE).toBe(name);
      const stepEnded = Date.now();

      const observations = await runTool(tool, jobEnv(result), RUN_S, 2);
      const verdict = judge(tool, observations, emulator);
      expect(verdict).toEqual({ tool, errors: [], badKeys: [], expiriesCrossed: expect.any(Number) });
      expect(verdict.expiriesCrossed).toBeGreaterThanOrEqual(3);
      const span = (observations.at(-1)?.t ?? 0) - (observations[0]?.t ?? 0);
      expect(span).toBeGreaterThan(3 * CREDENTIALS_TTL_S * 1000);
      expect(refreshesBy(seeded.clientId, stepEnded)).toBeGreaterThanOrEqual(1);

      // The tool wrote the refreshed, rotated token back to the job's cache.
      const cacheFile = cachePath(result.home, name);
      const cached = JSON.parse(await readFile(cacheFile, 'utf8'));
      expect(emulator.isRefreshTokenValid(cached.refreshToken)).toBe(true);
      expect(cached.refreshToken).not.toBe(result.outputs['refresh-token']);

      const post = await result.runPost();
      expect(post.exitCode).toBe(0);
      expectNoLeaks(post, scannable(emulator.issuedSecrets()));
      expect(post.warnings.map((w) => w.message)).toEqual([
        expect.stringMatching(/^A tool in this job refreshed the access token and IAM Identity Center rotated the refresh token: the secret you pass as 'refresh-token' may no longer work\./),
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
    expect(document).toMatchObject({ clientId: seeded.clientId, region: 'us-east-1', startUrl: START_URL });
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(post.warnings).toEqual([]);
    expect(existsSync(file)).toBe(false);
  }, 120_000);
});
