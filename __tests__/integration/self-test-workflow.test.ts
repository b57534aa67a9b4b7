import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { repoRoot } from '../support/node24.js';
import { awsCli, usable } from '../support/real-clients.js';
import { AWS_HOSTS } from '../support/renewing-tools.js';
import { type ActionResult, runAction } from '../support/runner.js';
import { expectNoLeaks, scannable } from '../support/secrets.js';
import { runNode24 } from '../support/spawn.js';
import { removeDir, tempHome } from '../support/temp-dirs.js';
import { startTlsInterceptor } from '../support/tls-interceptor.js';

/**
 * The CI self-test job (.github/workflows/ci.yml, checked in __tests__/docs/ci-workflow.test.ts)
 * run here step by step as the runner runs it on each system: its scripts start the emulator, put
 * a user's own ~/.aws files in place, check the profile through the JS SDK and the AWS CLI, and,
 * after the action's post step, check the files are back byte for byte. Each check is also shown
 * failing, so that a green CI job means something.
 */

const SELF_TEST = join(repoRoot, '.github', 'self-test');
const USER_FILES = join(SELF_TEST, 'user-files', 'action.yml');
// The Debian AWS CLI v2; a PATH of system directories only keeps other `aws` commands out.
const SYSTEM_PATH = '/usr/bin:/bin';

let runnerTemp: string;
let emulator: Record<string, string>;
let masked: string[];

beforeAll(async () => {
  runnerTemp = await tempHome('self-test-runner');
  const outputFile = join(runnerTemp, 'output');
  await writeFile(outputFile, '');
  const started = await runNode24(join(SELF_TEST, 'start-emulator.mjs'), [], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? SYSTEM_PATH,
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: outputFile,
    },
    timeoutMs: 150_000,
  });
  expect(started.exitCode).toBe(0);
  masked = [...started.stdout.matchAll(/^::add-mask::(.*)$/gm)].map((match) => match[1] ?? '');
  const lines = (await readFile(outputFile, 'utf8')).split('\n').filter(Boolean);
  emulator = Object.fromEntries(lines.map((line) => line.split(/=(.*)/s).slice(0, 2)));
}, 160_000);

afterAll(async () => {
  if (emulator?.pid) process.kill(Number(emulator.pid), 'SIGTERM');
  await removeDir(runnerTemp);
});

/** The action's step, with the inputs and endpoint variables of the workflow. */
function runTheAction(home: string): Promise<ActionResult> {
  return runAction({
    home,
    inputs: {
      'sso-session': emulator.session ?? '',
      'account-id': emulator['account-id'] ?? '',
      'role-name': emulator['role-name'] ?? '',
      'aws-region': 'eu-west-1',
      profile: 'self-test',
    },
    env: {
      AWS_ENDPOINT_URL_SSO: emulator.url ?? '',
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.url ?? '',
    },
  });
}

function checkProfile(home: string, env: Record<string, string>) {
  return runNode24(join(SELF_TEST, 'check-profile.mjs'), ['self-test', 'eu-west-1'], {
    cwd: repoRoot,
    env: { PATH: SYSTEM_PATH, HOME: home, ...env },
  });
}

/** renew-credentials' value for the session profile, as the self-test workflow gives it. */
const RENEW_PROFILE_MODE = 'profile';

/** The self-test's renewal check after a renew-credentials step, with only the job's env. */
function checkRenewal(home: string, args: string[], env: Record<string, string>) {
  return runNode24(join(SELF_TEST, 'check-renewal.mjs'), args, {
    cwd: repoRoot,
    env: {
      PATH: SYSTEM_PATH,
      HOME: home,
      AWS_ENDPOINT_URL_SSO: emulator.url ?? '',
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.url ?? '',
      ...env,
    },
    timeoutMs: 60_000,
  });
}

describe('the CI self-test job, step by step', () => {
  test('the emulator step hands over the outputs the action needs, and masks the session', () => {
    expect(Object.keys(emulator).sort()).toEqual(
      ['account-id', 'pid', 'region', 'role-name', 'session', 'url'].sort(),
    );
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const session = JSON.parse(emulator.session ?? '{}') as Record<string, string>;
    const secrets = [session.accessToken, session.refreshToken, session.clientSecret];
    expect(masked).toEqual(expect.arrayContaining([...secrets, emulator.session]));
  });

  test("the user's files, the action, the profile check, both post steps: all pass", async () => {
    const home = await tempHome('self-test-home');
    try {
      const seed = await runAction({ actionYml: USER_FILES, home });
      expect(seed.exitCode).toBe(0);
      const main = await runTheAction(home);
      expect(main.exitCode).toBe(0);
      const during = await readFile(join(home, '.aws', 'credentials'), 'latin1');
      expect(during).toContain(`aws_access_key_id = ${main.env.AWS_ACCESS_KEY_ID}`);

      const check = await checkProfile(home, main.env);
      expect(check.stdout).toContain(
        existsSync('/usr/bin/aws') ? 'for the JS SDK and the AWS CLI.' : 'for the JS SDK.',
      );
      expect(check.exitCode).toBe(0);

      expect((await main.runPost()).exitCode).toBe(0);
      const restored = await seed.runPost();
      expect(restored.errors).toEqual([]);
      expect(restored.stdout).toContain('back byte for byte');
      expect(restored.exitCode).toBe(0);
      const session = JSON.parse(emulator.session ?? '{}') as Record<string, string>;
      const secrets = scannable([
        main.env.AWS_SECRET_ACCESS_KEY,
        main.env.AWS_SESSION_TOKEN,
        session.accessToken,
        session.refreshToken,
        session.clientSecret,
      ]);
      expect(secrets).toHaveLength(5);
      const profileCheck = { ...check, summary: '', commands: [], stderrCommands: [] };
      for (const result of [seed, main, profileCheck, restored]) expectNoLeaks(result, secrets);
    } finally {
      await removeDir(home);
    }
  }, 120_000);

  test('the profile check fails when the profile resolves to other keys', async () => {
    const home = await tempHome('self-test-home');
    try {
      expect((await runAction({ actionYml: USER_FILES, home })).exitCode).toBe(0);
      const check = await checkProfile(home, {
        AWS_ACCESS_KEY_ID: 'ASIANOTTHEFILESKEY00',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_SESSION_TOKEN: 'y',
        AWS_REGION: 'eu-west-1',
      });
      expect(check.exitCode).toBe(1);
      expect(check.stdout).toContain('::error::the JS SDK reads profile self-test as another key');
    } finally {
      await removeDir(home);
    }
  }, 60_000);

  test('after renew-credentials, the AWS CLI and the JS SDK renew from the session profile', async () => {
    const home = await tempHome('self-test-home');
    // Debian's AWS CLI (2.9) predates AWS_ENDPOINT_URL_SSO; the hosted images' CLIs do not.
    const interceptor = usable('AWS CLI v2')
      ? await startTlsInterceptor(emulator.url ?? '', AWS_HOSTS)
      : undefined;
    try {
      const main = await runAction({
        home,
        inputs: {
          'sso-session': emulator.session ?? '',
          'account-id': emulator['account-id'] ?? '',
          'role-name': emulator['role-name'] ?? '',
          'aws-region': 'eu-west-1',
          profile: 'self-test-renew',
          'renew-credentials': RENEW_PROFILE_MODE,
        },
        env: {
          AWS_ENDPOINT_URL_SSO: emulator.url ?? '',
          AWS_ENDPOINT_URL_SSO_OIDC: emulator.url ?? '',
        },
      });
      expect(main.exitCode).toBe(0);
      const args = ['profile', 'self-test-renew'];
      // A runner image without an AWS CLI: the JS SDK alone.
      const sdk = await checkRenewal(home, args, { ...main.env, PATH: '/nonexistent' });
      expect(sdk.stdout).toContain('checked with the JS SDK only');
      expect(sdk.exitCode).toBe(0);
      if (interceptor) {
        const proxy = { HTTPS_PROXY: interceptor.url, AWS_CA_BUNDLE: interceptor.caFile };
        const cli = await checkRenewal(home, args, {
          ...main.env,
          ...proxy,
          PATH: dirname(awsCli()),
        });
        expect(cli.stdout).toContain('and its token cache (AWS CLI).');
        expect(cli.exitCode).toBe(0);
      }
      // The same check fails when the job still holds keys, or the profile is another.
      const keys = { ...main.env, PATH: '/nonexistent', AWS_ACCESS_KEY_ID: 'ASIAKEYSOFANEARLIER0' };
      const withKeys = await checkRenewal(home, args, keys);
      expect(withKeys.stdout).toContain(
        '::error::keys of an earlier step are still in the environment',
      );
      const other = await checkRenewal(home, ['profile', 'not-written'], {
        ...main.env,
        PATH: '/nonexistent',
      });
      expect(other.exitCode).toBe(1);
      expect((await main.runPost()).exitCode).toBe(0);
    } finally {
      await interceptor?.close();
      await removeDir(home);
    }
  }, 120_000);

  test('the endpoint check refuses an endpoint that is not loopback', async () => {
    const home = await tempHome('self-test-home');
    try {
      const uri = { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://192.0.2.1/v1/credentials' };
      const check = await checkRenewal(home, ['endpoint'], uri);
      expect(check.exitCode).toBe(1);
      expect(check.stdout).toContain('is not loopback');
    } finally {
      await removeDir(home);
    }
  }, 60_000);

  test("the post check fails when the user's file did not come back as it was", async () => {
    const home = await tempHome('self-test-home');
    try {
      const seed = await runAction({ actionYml: USER_FILES, home });
      const file = join(home, '.aws', 'credentials');
      await writeFile(file, `${await readFile(file, 'latin1')}\n[left-behind]\n`, 'latin1');
      const restored = await seed.runPost();
      expect(restored.exitCode).toBe(1);
      expect(restored.errors.map((error) => error.message).join('\n')).toContain(
        'is not as it was before the job',
      );
    } finally {
      await removeDir(home);
    }
  }, 60_000);
});
