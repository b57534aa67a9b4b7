import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator, type SeededSession } from '../../emulator/index.js';
import { cliAssumedRoleCachePath, tokenCachePath } from '../../src/disk/token-cache.js';
import {
  expectFailedCleanly,
  expectNothingExported,
  refreshInputs,
  runAgainst,
} from '../support/action.js';
import { jobEnv as jobEnvOf } from '../support/job-env.js';
import { node24Path, repoRoot } from '../support/node24.js';
import {
  awsCli,
  botocorePython,
  eachClient,
  IMPORT_BOTOCORE,
  missingClient,
  testWith,
} from '../support/real-clients.js';
import { AWS_HOSTS, judge, runTool, TOOLS, type Tool } from '../support/renewing-tools.js';
import type { ActionResult } from '../support/runner.js';
import { cleanupRuns } from '../support/runner.js';
import { expectNoLeaks, scannable } from '../support/secrets.js';
import { startTlsInterceptor, type TlsInterceptor } from '../support/tls-interceptor.js';

/**
 * renew-credentials with role-to-assume (issue 19): the chained profile is `role_arn` +
 * `source_profile` on the renewing sso-session profile, so that the job's tools assume the role
 * again themselves. Against the emulator's IAM Identity Center and STS with short lifetimes
 * (permission-set and chained credentials of 15 s: the emulator's assumedRoleTtlSeconds cuts the
 * 900-3600 s a real AssumeRole grants), each real client runs as one long-lived process with only
 * the job's environment and home, across more than two expiries of the chained credentials; the
 * three clients run at the same time (`test.concurrent`: one wait instead of three).
 */

const run = promisify(execFile);
const TTL_S = 15;
const RUN_S = 2 * TTL_S + 15;
const START_URL = 'https://d-1234567890.awsapps.com/start';
const DEPLOYER = 'arn:aws:iam::333333333333:role/Deployer';
const REGION = 'eu-west-1';
/** The AWS CLI v2 of Debian asks STS in the profile's region, through the interceptor. */
const STS_HOST = `sts.${REGION}.amazonaws.com`;

let emulator: IdentityCenterEmulator;
let interceptor: TlsInterceptor | undefined;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({
    credentialsTtlSeconds: TTL_S,
    assumedRoleTtlSeconds: TTL_S,
    accessTokenTtlSeconds: 90,
  });
  if (!missingClient('AWS CLI v2')) {
    interceptor = await startTlsInterceptor(emulator.url, [...AWS_HOSTS, STS_HOST]);
  }
}, 120_000);
afterAll(async () => {
  await interceptor?.close();
  await emulator.stop();
  await cleanupRuns();
});

const chainedInputs = (session: SeededSession, extra: Record<string, string> = {}) => ({
  ...refreshInputs(session),
  'renew-credentials': 'profile',
  'sso-start-url': START_URL,
  'role-to-assume': DEPLOYER,
  'aws-region': REGION,
  ...extra,
});

/** What a later `run:` step gets (support/job-env.ts). */
const jobEnv = (result: ActionResult) => jobEnvOf(result, { emulator, interceptor });

/** The access key ids STS issued for the chained role (what every tool must hand out). */
const chainedKeys = () =>
  new Set(
    emulator
      .assumeRoleRequests()
      .filter((record) => record.roleArn === DEPLOYER)
      .map((record) => record.accessKeyId),
  );

/** Every file under `dir`, for a look at what is left on disk. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The caller identity each client gets from STS with the chained profile, signed by the job's credentials. */
async function callerIdentity(tool: Tool, env: Record<string, string>): Promise<unknown> {
  if (tool === 'JS SDK v3') {
    const fixture = join(repoRoot, '__tests__', 'fixtures', 'caller-identity.mjs');
    return JSON.parse((await run(node24Path(), [fixture], { env, cwd: repoRoot })).stdout);
  }
  if (tool === 'botocore') {
    const script = [
      'import json',
      IMPORT_BOTOCORE,
      "who = botocore.session.Session().create_client('sts').get_caller_identity()",
      "print(json.dumps({'Account': who['Account'], 'Arn': who['Arn']}))",
    ].join('\n');
    return JSON.parse((await run(botocorePython() ?? 'python3', ['-c', script], { env })).stdout);
  }
  const who = await run(awsCli(), ['sts', 'get-caller-identity', '--output', 'json'], { env });
  const { Account, Arn } = JSON.parse(who.stdout) as { Account: string; Arn: string };
  return { Account, Arn };
}

describe('the chained profile renews: each client assumes the role again from the renewing profile', () => {
  eachClient(TOOLS, test.concurrent)(
    '%s: the chained role across two expiries; the post step leaves no credentials on disk',
    async (tool) => {
      const result = await runAgainst(emulator, chainedInputs(emulator.seedSession()));
      expect(result.exitCode).toBe(0);
      expect(result.env.AWS_ACCESS_KEY_ID).toBeUndefined();

      // The layout: the session, the permission set's profile as the source, the chained profile.
      const config = await readFile(join(result.home, '.aws', 'config'), 'utf8');
      const name = /^\[sso-session (\S+)\]$/m.exec(config)?.[1] ?? '';
      expect(name).toMatch(/^aws-sso-credentials-/);
      expect(result.env.AWS_PROFILE).toBe(name);
      expect(config).toMatch(
        new RegExp(
          `\\[profile ${name}-source\\]\\n# written by [^\\n]+\\nsso_session = ${name}\\nsso_account_id = 111111111111\\nsso_role_name = ReadOnly\\nregion = ${REGION}\\n`,
        ),
      );
      expect(config).toMatch(
        new RegExp(
          `\\[profile ${name}\\]\\n# written by [^\\n]+\\nrole_arn = ${DEPLOYER}\\nsource_profile = ${name}-source\\nrole_session_name = GitHubActions-1-1\\nduration_seconds = 3600\\nsso_session = ${name}\\nregion = ${REGION}\\n`,
        ),
      );

      const env = jobEnv(result);
      expect(await callerIdentity(tool, env)).toEqual({
        Account: '333333333333',
        Arn: 'arn:aws:sts::333333333333:assumed-role/Deployer/GitHubActions-1-1',
      });
      const observations = await runTool(tool, env, RUN_S, 2);
      const verdict = judge(tool, observations, emulator);
      expect(verdict).toEqual({
        tool,
        errors: [],
        badKeys: [],
        expiriesCrossed: expect.any(Number),
      });
      expect(verdict.expiriesCrossed).toBeGreaterThanOrEqual(2);
      const chained = chainedKeys();
      const notChained = observations.filter((o) => !chained.has(o.accessKeyId ?? ''));
      expect(notChained).toEqual([]);

      // The AWS CLI caches the chained role's credentials, under botocore's AssumeRole key (the
      // source profile's, resolved through source_profile, it keeps in memory only).
      const cliCache = join(result.home, '.aws', 'cli', 'cache');
      const assumedCache = cliAssumedRoleCachePath(
        { roleArn: DEPLOYER, sessionName: 'GitHubActions-1-1', durationSeconds: 3600 },
        { HOME: result.home },
      );
      if (tool === 'AWS CLI v2') {
        expect(await filesUnder(cliCache)).toEqual([assumedCache]);
        const cached = JSON.parse(await readFile(assumedCache, 'utf8'));
        expect(chained.has(cached.Credentials.AccessKeyId)).toBe(true);
      } else {
        expect(await filesUnder(cliCache)).toEqual([]);
      }

      const post = await result.runPost();
      expect(post.exitCode).toBe(0);
      expect(post.warnings.map((w) => w.message)).toEqual([
        expect.stringMatching(/rotated the refresh token/),
      ]);
      expectNoLeaks(post, scannable(emulator.issuedSecrets()));
      expect(existsSync(join(result.home, '.aws', 'config'))).toBe(false);
      expect(existsSync(tokenCachePath(name, { HOME: result.home }))).toBe(false);
      expect(existsSync(assumedCache)).toBe(false);
      // No credential (or token) the emulator issued is left in any file of the job's home.
      const secrets = scannable(emulator.issuedSecrets());
      const left: string[] = [];
      for (const file of await filesUnder(result.home)) {
        const text = await readFile(file, 'utf8').catch(() => '');
        if (secrets.some((secret) => text.includes(secret))) left.push(file);
      }
      expect(left).toEqual([]);
    },
    (RUN_S + 240) * 1000,
  );
});

describe('without aws-region', () => {
  testWith(['botocore'])(
    'the chained profile asks STS in IAM Identity Center’s region, as the step did',
    async () => {
      const inputs: Record<string, string> = chainedInputs(emulator.seedSession());
      delete inputs['aws-region'];
      const result = await runAgainst(emulator, inputs);
      expect(result.exitCode).toBe(0);
      expect(result.env.AWS_REGION).toBeUndefined();
      const config = await readFile(join(result.home, '.aws', 'config'), 'utf8');
      const name = result.env.AWS_PROFILE ?? '';
      // The source profile has no region; the chained one has where the step asked STS.
      expect(config).toMatch(new RegExp(`sso_role_name = ReadOnly\\n\\[profile ${name}\\]`));
      expect(config).toMatch(new RegExp(`sso_session = ${name}\\nregion = us-east-1\\n?$`));
      // botocore cannot call STS without a region ("You must specify a region.").
      for (const tool of ['botocore', 'JS SDK v3'] as const) {
        const observations = await runTool(tool, jobEnv(result), 2, 1);
        expect(judge(tool, observations, emulator)).toMatchObject({ errors: [], badKeys: [] });
        expect(observations.every((o) => chainedKeys().has(o.accessKeyId ?? ''))).toBe(true);
      }
      expect((await result.runPost()).exitCode).toBe(0);
      expect(existsSync(join(result.home, '.aws', 'config'))).toBe(false);
    },
    120_000,
  );
});

describe('session policies cannot be renewed', () => {
  test.each([
    ['inline-session-policy', '{"Version":"2012-10-17","Statement":[]}'],
    ['managed-session-policies', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
  ])(
    '%s with renew-credentials fails before any request, naming the input',
    async (input, value) => {
      const session = emulator.seedSession();
      emulator.clearRequests();
      const result = await runAgainst(emulator, chainedInputs(session, { [input]: value }));
      const message = expectFailedCleanly(result);
      expectNothingExported(result);
      expect(message).toMatch(
        new RegExp(
          `^Input '${input}' cannot be used with 'renew-credentials': the renewing profile chains 'role-to-assume' as the AWS tools do`,
        ),
      );
      expect(emulator.requests).toEqual([]);
      expect(existsSync(join(result.home, '.aws'))).toBe(false);
    },
    120_000,
  );
});
