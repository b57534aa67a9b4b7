import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator } from '../../emulator/index.js';
import {
  ACCOUNT,
  expectFailedCleanly,
  ROLE,
  refreshInputs,
  runAgainst,
  tokenInputs,
} from '../support/action.js';
import { calls, expiredSessionDocument, withEmulator } from '../support/emulator.js';
import { GitHubSecretsStandIn } from '../support/github-secrets.js';
import { repoRoot } from '../support/node24.js';
import type { ActionResult, RunOptions } from '../support/runner.js';
import { expectNoLeaks, maskedBeforeUse } from '../support/secrets.js';

/**
 * A rotated refresh token reaches the workflow however the step ends (outputs and warning), and
 * with update-secret it is written back to the secret through a loopback stand-in of GitHub's
 * secrets API, which opens the sealed box with its private key.
 */

const LIST_ACCOUNTS: Partial<RunOptions> = { actionYml: 'list-accounts/action.yml' };
const REPOSITORY = 'example/harness';
const GITHUB_TOKEN = 'github_pat_WRITEBACK_0123456789abcdefABCDEF';

let emulator: IdentityCenterEmulator;
let github: GitHubSecretsStandIn;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start();
  github = await GitHubSecretsStandIn.start({
    repository: REPOSITORY,
    token: GITHUB_TOKEN,
    environments: ['production'],
  });
});
afterAll(async () => {
  await emulator.stop();
  await github.stop();
});
beforeEach(() => {
  emulator.clearRequests();
  emulator.clearFaults();
  github.clear();
});

function writeBack(extra: Record<string, string> = {}): Record<string, string> {
  return { 'update-secret': 'SSO_REFRESH_TOKEN', 'github-token': GITHUB_TOKEN, ...extra };
}

async function run(
  inputs: Record<string, string>,
  options: Partial<RunOptions> = {},
): Promise<ActionResult> {
  const result = await runAgainst(emulator, inputs, {
    ...options,
    env: { GITHUB_API_URL: github.url, ...options.env },
  });
  expectNoLeaks(result, [GITHUB_TOKEN]);
  return result;
}

const warningsOf = (result: ActionResult) => result.warnings.map((w) => w.message);
const githubCalls = () => github.requests.map((r) => `${r.method} ${r.path} ${r.status}`);

describe('a rotation is surfaced even when the step fails', () => {
  test('GetRoleCredentials 403 after a rotating refresh: refresh-token output and warning', async () => {
    const session = emulator.seedSession();
    const result = await run({ ...refreshInputs(session), 'role-name': 'NotAssigned' });

    expect(expectFailedCleanly(result)).toMatch(/No access.*'NotAssigned'/);
    expect(calls(emulator)).toEqual(['POST /token', 'GET /federation/credentials']);
    const rotated = result.outputs['refresh-token'] ?? '';
    expect(rotated).toBe(emulator.lastRefreshToken);
    expect(emulator.isRefreshTokenValid(rotated)).toBe(true);
    expect(emulator.isRefreshTokenValid(session.refreshToken ?? '')).toBe(false);
    expect(maskedBeforeUse(result, rotated)).toBe(true);
    expect(warningsOf(result)).toEqual([
      expect.stringMatching(
        /^IAM Identity Center rotated the refresh token: .*Replace the secret you pass as 'refresh-token' with this step's 'refresh-token' output/,
      ),
    ]);
    // The warning comes before the error, so that the log reads in order.
    expect(result.commands.findIndex((c) => c.command === 'warning')).toBeLessThan(
      result.commands.findIndex((c) => c.command === 'error'),
    );
    expect(result.env).toEqual({});
  });

  test('with sso-session: the renewed document is output', async () => {
    const seeded = emulator.seedSession();
    const document = expiredSessionDocument(emulator, seeded);
    const result = await run({
      'sso-session': JSON.stringify(document),
      'account-id': ACCOUNT,
      'role-name': 'NotAssigned',
    });
    expectFailedCleanly(result);
    const renewed = JSON.parse(result.outputs['sso-session'] ?? '{}') as Record<string, string>;
    expect(renewed.refreshToken).toBe(emulator.lastRefreshToken);
    expect(renewed.clientSecret).toBe(seeded.clientSecret);
    expect(result.masks).toContain(result.outputs['sso-session']);
  });

  test('list-accounts: ListAccounts fails after the refresh; the rotation is still output', async () => {
    emulator.injectFault('/assignment/accounts', { kind: 'status', status: 403 });
    const result = await run(tokenInputs(emulator.seedSession()), LIST_ACCOUNTS);
    expectFailedCleanly(result);
    expect(result.outputs['refresh-token']).toBe(emulator.lastRefreshToken);
    expect(result.outputs).not.toHaveProperty('matrix');
    expect(result.outputs).not.toHaveProperty('token-handoff');
  });

  test('a failure before any refresh outputs nothing', async () => {
    const session = emulator.seedSession();
    emulator.revokeRefreshToken(session.refreshToken ?? '');
    const result = await run(refreshInputs(session));
    expectFailedCleanly(result);
    expect(result.outputs).toEqual({});
  });
});

describe('update-secret writes the rotated value back', () => {
  test('a repository secret: sealed for its public key, readable with the private key', async () => {
    const result = await run({ ...refreshInputs(emulator.seedSession()), ...writeBack() });

    expect(result.exitCode).toBe(0);
    expect(result.errors).toEqual([]);
    const rotated = result.outputs['refresh-token'];
    expect(rotated).toBe(emulator.lastRefreshToken);
    expect(github.secret('SSO_REFRESH_TOKEN')).toBe(rotated);
    expect(githubCalls()).toEqual([
      `GET /repos/${REPOSITORY}/actions/secrets/public-key 200`,
      `PUT /repos/${REPOSITORY}/actions/secrets/SSO_REFRESH_TOKEN 201`,
    ]);
    for (const request of github.requests) {
      expect(request.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
      expect(request.accept).toBe('application/vnd.github+json');
      expect(request.apiVersion).toBe('2022-11-28');
    }
    // Nothing left to do by hand: a line in the log, no warning.
    expect(result.warnings).toEqual([]);
    expect(result.log.join('\n')).toMatch(
      /rotated the refresh token; the repository secret 'SSO_REFRESH_TOKEN' now holds the new refresh token \(created\)/,
    );
    expect(result.masks).toContain(GITHUB_TOKEN);
    expect(maskedBeforeUse(result, GITHUB_TOKEN)).toBe(true);
    expect(result.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  });

  test('a second rotation updates the secret (204) with the newer token', async () => {
    const session = emulator.seedSession();
    const first = await run({ ...refreshInputs(session), ...writeBack() });
    const stored = github.secret('SSO_REFRESH_TOKEN') ?? '';
    expect(stored).toBe(first.outputs['refresh-token']);
    github.requests.length = 0;
    const second = await run({
      ...refreshInputs(session),
      'refresh-token': stored,
      ...writeBack(),
    });
    expect(second.exitCode).toBe(0);
    expect(github.secret('SSO_REFRESH_TOKEN')).toBe(second.outputs['refresh-token']);
    expect(githubCalls().at(-1)).toBe(
      `PUT /repos/${REPOSITORY}/actions/secrets/SSO_REFRESH_TOKEN 204`,
    );
  });

  test('an environment secret, from sso-session: the whole renewed document', async () => {
    const seeded = emulator.seedSession();
    const document = expiredSessionDocument(emulator, seeded);
    const result = await run({
      'sso-session': JSON.stringify(document),
      'account-id': ACCOUNT,
      'role-name': ROLE,
      ...writeBack({ 'update-secret': 'SSO_SESSION', 'update-secret-environment': 'production' }),
    });
    expect(result.exitCode).toBe(0);
    const stored = github.secret('SSO_SESSION', 'production') ?? '';
    expect(stored).toBe(result.outputs['sso-session']);
    const renewed = JSON.parse(stored) as Record<string, string>;
    expect(renewed.refreshToken).toBe(emulator.lastRefreshToken);
    expect(emulator.isAccessTokenValid(renewed.accessToken ?? '')).toBe(true);
    expect(githubCalls()).toEqual([
      `GET /repos/${REPOSITORY}/environments/production/secrets/public-key 200`,
      `PUT /repos/${REPOSITORY}/environments/production/secrets/SSO_SESSION 201`,
    ]);
  });

  test('GitHub Enterprise Server: GITHUB_API_URL with a path', async () => {
    const ghes = await GitHubSecretsStandIn.start({
      repository: REPOSITORY,
      token: GITHUB_TOKEN,
      basePath: '/api/v3',
    });
    try {
      const result = await run(
        { ...refreshInputs(emulator.seedSession()), ...writeBack() },
        { env: { GITHUB_API_URL: ghes.url } },
      );
      expect(result.exitCode).toBe(0);
      expect(ghes.secret('SSO_REFRESH_TOKEN')).toBe(result.outputs['refresh-token']);
      expect(ghes.requests.map((r) => r.path)).toEqual([
        `/repos/${REPOSITORY}/actions/secrets/public-key`,
        `/repos/${REPOSITORY}/actions/secrets/SSO_REFRESH_TOKEN`,
      ]);
    } finally {
      await ghes.stop();
    }
  });

  test('list-accounts writes back too', async () => {
    const result = await run(
      { ...tokenInputs(emulator.seedSession()), ...writeBack() },
      LIST_ACCOUNTS,
    );
    expect(result.exitCode).toBe(0);
    expect(github.secret('SSO_REFRESH_TOKEN')).toBe(result.outputs['refresh-token']);
  });

  test('a step that fails after the refresh still writes the rotated token back', async () => {
    const result = await run({
      ...refreshInputs(emulator.seedSession()),
      'role-name': 'NotAssigned',
      ...writeBack(),
    });
    expect(expectFailedCleanly(result)).toMatch(/No access.*'NotAssigned'/);
    expect(github.secret('SSO_REFRESH_TOKEN')).toBe(result.outputs['refresh-token']);
  });

  test('no rotation, no request to GitHub', async () => {
    await withEmulator(
      async (steady) => {
        const result = await runAgainst(
          steady,
          { ...refreshInputs(steady.seedSession()), ...writeBack() },
          {
            env: { GITHUB_API_URL: github.url },
          },
        );
        expect(result.exitCode).toBe(0);
        expect(github.requests).toEqual([]);
      },
      { rotateRefreshTokens: false },
    );
  });

  test('the GitHub client and libsodium are a lazy chunk: the entry bundles do not hold them', () => {
    for (const entry of ['main', 'list-accounts']) {
      const dir = join(repoRoot, 'dist', entry);
      expect(readFileSync(join(dir, 'index.js'), 'utf8')).not.toContain('crypto_box_seal');
      const chunks = readdirSync(dir).filter((file) => /^\d+\.index\.js$/.test(file));
      const sealing = chunks.filter((file) =>
        readFileSync(join(dir, file), 'utf8').includes('crypto_box_seal'),
      );
      expect(sealing.length).toBeGreaterThan(0);
    }
  });
});

describe('GitHub answers that another attempt can change are retried', () => {
  test('503 twice, then the public key: written on the third attempt', async () => {
    github.refuse({ status: 503, message: 'Service Unavailable' }, 2);
    const result = await run({ ...refreshInputs(emulator.seedSession()), ...writeBack() });
    expect(result.exitCode).toBe(0);
    expect(github.secret('SSO_REFRESH_TOKEN')).toBe(result.outputs['refresh-token']);
    expect(githubCalls()).toEqual([
      `GET /repos/${REPOSITORY}/actions/secrets/public-key 503`,
      `GET /repos/${REPOSITORY}/actions/secrets/public-key 503`,
      `GET /repos/${REPOSITORY}/actions/secrets/public-key 200`,
      `PUT /repos/${REPOSITORY}/actions/secrets/SSO_REFRESH_TOKEN 201`,
    ]);
  });

  test('a 503 that persists: the step fails after 3 attempts, naming the secret', async () => {
    github.refuse({ status: 503, message: 'Service Unavailable' });
    const result = await run({ ...refreshInputs(emulator.seedSession()), ...writeBack() });
    expect(expectFailedCleanly(result)).toMatch(
      /^Writing the secret 'SSO_REFRESH_TOKEN' of the repository example\/harness failed after 3 attempts: HTTP 503: Service Unavailable\. The rotated value is still in this step's 'refresh-token' output \(masked\)\.$/,
    );
    expect(github.requests).toHaveLength(3);
  });
});

describe('a refused write fails the step naming github-token and the permission', () => {
  async function refused(
    status: number,
    message: string,
  ): Promise<{ result: ActionResult; error: string }> {
    github.refuse({ status, message });
    const result = await run({ ...refreshInputs(emulator.seedSession()), ...writeBack() });
    const error = expectFailedCleanly(result);
    // The rotated token is not lost: it is in the output, and the warning says what to do.
    expect(result.outputs['refresh-token']).toBe(emulator.lastRefreshToken);
    expect(error).toMatch(
      /The rotated value is still in this step's 'refresh-token' output \(masked\)\.$/,
    );
    expect(warningsOf(result)).toEqual([expect.stringMatching(/rotated the refresh token/)]);
    // No credentials on failure, though GetRoleCredentials succeeded.
    expect(calls(emulator)).toEqual(['POST /token', 'GET /federation/credentials']);
    return { result, error };
  }

  test('403 (e.g. the workflow GITHUB_TOKEN)', async () => {
    const { error } = await refused(403, 'Resource not accessible by integration');
    expect(error).toMatch(
      /^GitHub did not let 'github-token' write the secret 'SSO_REFRESH_TOKEN' of the repository example\/harness \(HTTP 403: Resource not accessible by integration\): the token lacks the permission\. Give a fine-grained personal access token or a GitHub App token with the repository permission "Secrets: write" on example\/harness .*GITHUB_TOKEN cannot write secrets\./,
    );
    expect(githubCalls()).toEqual([`GET /repos/${REPOSITORY}/actions/secrets/public-key 403`]);
  });

  test('401 Bad credentials', async () => {
    const { error } = await refused(401, 'Bad credentials');
    expect(error).toMatch(
      /^GitHub refused 'github-token' \(HTTP 401: Bad credentials\) when writing the secret 'SSO_REFRESH_TOKEN'.*invalid or has expired.*"Secrets: write"/,
    );
  });

  test('404: the token cannot see the repository', async () => {
    const { error } = await refused(404, 'Not Found');
    expect(error).toMatch(
      /^GitHub answered HTTP 404: Not Found .*'github-token' cannot see the repository\./,
    );
  });

  test('404 for an environment that does not exist names both causes and both permissions', async () => {
    const result = await run({
      ...refreshInputs(emulator.seedSession()),
      ...writeBack({ 'update-secret-environment': 'staging' }),
    });
    expect(expectFailedCleanly(result)).toMatch(
      /cannot see the repository, or the environment does not exist\. .*"Secrets: write" and "Environments: write"/,
    );
  });

  test('a GitHub message is one line of text, whatever it holds', async () => {
    const { error } = await refused(403, 'line one\n::stop-commands::x\r\nline two');
    // one line, and the command opener defused (src/secrets/neutralise.ts)
    expect(error).toContain('(HTTP 403: line one : :stop-commands::x line two)');
  });
});

describe('write-back inputs are checked before any request', () => {
  test.each([
    [
      { 'update-secret': 'SSO_REFRESH_TOKEN' },
      /^Input 'github-token' is required with 'update-secret'/,
    ],
    [{ 'github-token': GITHUB_TOKEN }, /^Input 'github-token' is used only with 'update-secret'/],
    [
      { 'update-secret-environment': 'production' },
      /^Input 'update-secret-environment' is used only with 'update-secret'/,
    ],
    [
      writeBack({ 'update-secret': 'GITHUB_TOKEN' }),
      /^Input 'update-secret' must be a secret name/,
    ],
    [writeBack({ 'update-secret': '1TOKEN' }), /^Input 'update-secret' must be a secret name/],
    [writeBack({ 'update-secret': 'SSO-TOKEN' }), /^Input 'update-secret' must be a secret name/],
  ])('%j', async (extra, expected) => {
    const result = await run({ ...refreshInputs(emulator.seedSession()), ...extra });
    expect(expectFailedCleanly(result)).toMatch(expected);
    expect(emulator.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });

  test('with access-token there is nothing to write back', async () => {
    const result = await run({
      'sso-region': 'us-east-1',
      'access-token': emulator.issueAccessToken(),
      'account-id': ACCOUNT,
      'role-name': ROLE,
      ...writeBack(),
    });
    expect(expectFailedCleanly(result)).toMatch(
      /^Input 'update-secret' needs a token source that can rotate: 'refresh-token', or an 'sso-session' with a refresh token; 'access-token' is never refreshed/,
    );
    expect(emulator.requests).toEqual([]);
  });

  test('without GITHUB_REPOSITORY there is no repository to write to', async () => {
    const result = await run(
      { ...refreshInputs(emulator.seedSession()), ...writeBack() },
      { env: { GITHUB_REPOSITORY: '' } },
    );
    expect(expectFailedCleanly(result)).toMatch(/^GITHUB_REPOSITORY does not name a repository/);
    expect(emulator.requests).toEqual([]);
  });
});

describe('a refresh whose answer was lost', () => {
  test('served, answer cut off, retry gets invalid_grant: the error says what most likely happened', async () => {
    const session = emulator.seedSession();
    emulator.injectFault('/token', { kind: 'lost-answer' });
    const result = await run(refreshInputs(session));

    const message = expectFailedCleanly(result);
    expect(message).toMatch(
      /^IAM Identity Center refused the refresh token \(invalid_grant\) on a retry, after an earlier attempt of this refresh got no usable answer \(it timed out or was cut off after the request was sent\)\. That attempt may have reached the service, which then rotated the refresh token and retired this one, and its answer, with the new refresh token, was lost; or the token had expired or was revoked\. Either way it cannot be used again, .* To get a new one, mint new token secrets with `aws-sso-credentials login`/,
    );
    expect(calls(emulator)).toEqual(['POST /token', 'POST /token']);
    expect(emulator.requests[0]).toMatchObject({ status: 'reset', faulted: true });
    expect(result.log.join('\n')).toMatch(
      /Attempt 1 of 10 failed \(.*(ECONNRESET|socket hang up).*\); retrying/,
    );
    // Nothing rotated reached the step, so there is nothing to output.
    expect(result.outputs).toEqual({});
  });

  test('against a service that does not rotate, the retry simply succeeds', async () => {
    await withEmulator(
      async (steady) => {
        steady.injectFault('/token', { kind: 'lost-answer' });
        const result = await runAgainst(steady, refreshInputs(steady.seedSession()));
        expect(result.exitCode).toBe(0);
        expect(steady.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
          'POST /token',
          'POST /token',
          'GET /federation/credentials',
        ]);
      },
      { rotateRefreshTokens: false },
    );
  });
});
