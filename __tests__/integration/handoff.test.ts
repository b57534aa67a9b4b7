import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator, type SeededSession } from '../../emulator/index.js';
import {
  ACCOUNT,
  expectFailedCleanly,
  ROLE,
  refreshInputs,
  runAgainst,
  tokenInputs,
} from '../support/action.js';
import { calls, expiredSessionDocument } from '../support/emulator.js';
import type { ActionResult, RunOptions } from '../support/runner.js';
import { maskedBeforeUse } from '../support/secrets.js';

/**
 * The token handoff as a workflow uses it: list-accounts (or the action) refreshes once and
 * outputs `token-handoff`; a later job of the same run passes it back with the same token
 * source and makes no CreateToken call. Every run is the bundle as the runner runs it.
 */

const LIST_ACCOUNTS: Partial<RunOptions> = { actionYml: 'list-accounts/action.yml' };
const HANDOFF_FORMAT = /^v1\.1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

let rotating: IdentityCenterEmulator;
/** For the fall-back cases: the consuming job refreshes with the stored refresh token again. */
let steady: IdentityCenterEmulator;

beforeAll(async () => {
  rotating = await IdentityCenterEmulator.start();
  steady = await IdentityCenterEmulator.start({ rotateRefreshTokens: false });
});
afterAll(async () => {
  await rotating.stop();
  await steady.stop();
});
beforeEach(() => {
  for (const emulator of [rotating, steady]) {
    emulator.clearRequests();
    emulator.clearFaults();
  }
});

/** The access token a run used for its portal calls (the one inside its handoff). */
function bearers(emulator: IdentityCenterEmulator): string[] {
  return [
    ...new Set(
      emulator.requests
        .filter((request) => request.path !== '/token')
        .map((request) => request.headers['x-amz-sso_bearer_token'] ?? ''),
    ),
  ];
}

/** The handoff must never carry the access token in a readable form. */
function expectSealed(handoff: string, accessToken: string): void {
  expect(handoff).toMatch(HANDOFF_FORMAT);
  for (const form of [
    accessToken,
    Buffer.from(accessToken).toString('base64'),
    Buffer.from(accessToken).toString('base64url'),
  ]) {
    expect(handoff).not.toContain(form);
  }
}

async function listJob(
  emulator: IdentityCenterEmulator,
  session: SeededSession,
): Promise<{ result: ActionResult; handoff: string; accessToken: string }> {
  const result = await runAgainst(emulator, tokenInputs(session), LIST_ACCOUNTS);
  expect(result.exitCode).toBe(0);
  const [accessToken = ''] = bearers(emulator);
  const handoff = result.outputs['token-handoff'] ?? '';
  expectSealed(handoff, accessToken);
  // A job output holding a masked value is dropped by GitHub: the handoff must not be masked.
  expect(result.masks).not.toContain(handoff);
  emulator.clearRequests();
  return { result, handoff, accessToken };
}

function warningsOf(result: ActionResult): string[] {
  return result.warnings.map((warning) => warning.message);
}

describe('a handoff from this run is used', () => {
  test('list-accounts refreshes once; the matrix job makes no CreateToken call', async () => {
    const session = rotating.seedSession();
    const list = await listJob(rotating, session);
    expect(warningsOf(list.result)).toEqual([
      expect.stringMatching(/^IAM Identity Center rotated the refresh token/),
    ]);

    const inputs = { ...refreshInputs(session), 'token-handoff': list.handoff };
    const result = await runAgainst(rotating, inputs);

    expect(result.exitCode).toBe(0);
    expect(calls(rotating)).toEqual(['GET /federation/credentials']);
    expect(bearers(rotating)).toEqual([list.accessToken]);
    expect(result.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    // Masked the moment it was out of the box, before any request could carry it.
    expect(result.masks).toContain(list.accessToken);
    expect(maskedBeforeUse(result, list.accessToken)).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.log.join('\n')).toMatch(/Using the access token handed over in 'token-handoff'/);
    // Nothing was refreshed, so nothing rotated.
    expect(result.outputs).not.toHaveProperty('refresh-token');
    expect(Date.parse(result.outputs['access-token-expiration'] ?? '')).toBeGreaterThan(
      Date.now() + 50 * 60_000,
    );
    // It hands the same token on, sealed anew.
    const again = result.outputs['token-handoff'] ?? '';
    expectSealed(again, list.accessToken);
    expect(again).not.toBe(list.handoff);
  });

  test('with sso-session: the handoff of the action opens in a later job of the same run', async () => {
    const seeded = rotating.seedSession();
    // An expired session document: without the handoff the step would refresh.
    rotating.expireAccessToken(seeded.accessToken);
    const document = JSON.stringify(expiredSessionDocument(rotating, seeded));
    const common = { 'sso-session': document, 'account-id': ACCOUNT, 'role-name': ROLE };
    const first = await runAgainst(rotating, common);
    expect(first.exitCode).toBe(0);
    expect(calls(rotating)).toEqual(['POST /token', 'GET /federation/credentials']);
    const [accessToken = ''] = bearers(rotating);
    const handoff = first.outputs['token-handoff'] ?? '';
    expectSealed(handoff, accessToken);
    rotating.clearRequests();

    const second = await runAgainst(rotating, { ...common, 'token-handoff': handoff });
    expect(second.exitCode).toBe(0);
    expect(calls(rotating)).toEqual(['GET /federation/credentials']);
    expect(bearers(rotating)).toEqual([accessToken]);
  });

  test('an empty token-handoff (the list job had none) is ignored', async () => {
    const session = steady.seedSession();
    const result = await runAgainst(steady, { ...refreshInputs(session), 'token-handoff': '' });
    expect(result.exitCode).toBe(0);
    expect(calls(steady)).toEqual(['POST /token', 'GET /federation/credentials']);
    expect(result.warnings).toEqual([]);
  });

  test('no handoff output for an access-token source (nothing to seal it with)', async () => {
    const result = await runAgainst(steady, {
      'sso-region': 'us-east-1',
      'access-token': steady.issueAccessToken(),
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).not.toHaveProperty('token-handoff');
  });
});

describe('a handoff that cannot be used: a warning naming why, then one refresh', () => {
  async function consume(
    handoff: string,
    session: SeededSession,
    env: Record<string, string> = {},
  ): Promise<ActionResult> {
    const inputs = { ...refreshInputs(session), 'token-handoff': handoff };
    const result = await runAgainst(steady, inputs, { env });
    expect(result.exitCode).toBe(0);
    expect(calls(steady)).toEqual(['POST /token', 'GET /federation/credentials']);
    expect(warningsOf(result)).toHaveLength(1);
    return result;
  }

  test('from another workflow run', async () => {
    const session = steady.seedSession();
    const { handoff } = await listJob(steady, session);
    const result = await consume(handoff, session, { GITHUB_RUN_ID: '2' });
    expect(warningsOf(result)[0]).toBe(
      "The 'token-handoff' input was made in another workflow run (run 1 of example/harness; this is run 2 of example/harness) and opens only in the run that made it. The step refreshes the token instead.",
    );
  });

  test('from another repository', async () => {
    const session = steady.seedSession();
    const { handoff } = await listJob(steady, session);
    const result = await consume(handoff, session, { GITHUB_REPOSITORY: 'example/other' });
    expect(warningsOf(result)[0]).toMatch(
      /^The 'token-handoff' input was made in another workflow run \(run 1 of example\/harness; this is run 1 of example\/other\)/,
    );
  });

  test('tampered with: one character of the box changed', async () => {
    const session = steady.seedSession();
    const { handoff } = await listJob(steady, session);
    const at = handoff.length - 30;
    const tampered = `${handoff.slice(0, at)}${handoff[at] === 'A' ? 'B' : 'A'}${handoff.slice(at + 1)}`;
    const result = await consume(tampered, session);
    expect(warningsOf(result)[0]).toBe(
      "The 'token-handoff' input failed authentication: it was altered, or sealed with another client registration than this step's (client id and client secret). The step refreshes the token instead.",
    );
  });

  test('sealed with another client registration', async () => {
    const { handoff } = await listJob(steady, steady.seedSession());
    const result = await consume(handoff, steady.seedSession());
    expect(warningsOf(result)[0]).toMatch(/^The 'token-handoff' input failed authentication/);
  });

  test('its access token expires in less than 5 minutes', async () => {
    const short = await IdentityCenterEmulator.start({
      rotateRefreshTokens: false,
      accessTokenTtlSeconds: 240,
    });
    try {
      const session = short.seedSession();
      const { handoff } = await listJob(short, session);
      const result = await runAgainst(short, {
        ...refreshInputs(session),
        'token-handoff': handoff,
      });
      expect(result.exitCode).toBe(0);
      expect(calls(short)).toEqual(['POST /token', 'GET /federation/credentials']);
      expect(warningsOf(result)).toEqual([
        expect.stringMatching(
          /^The 'token-handoff' input holds an access token that expires at \S+Z, in less than 5 minutes\. The step refreshes the token instead\.$/,
        ),
      ]);
    } finally {
      await short.stop();
    }
  });

  test('not a handoff at all', async () => {
    const result = await consume('::stop-commands::x', steady.seedSession());
    expect(warningsOf(result)[0]).toBe(
      "The 'token-handoff' input is not a token handoff (expected the unchanged 'token-handoff' output of an earlier step of this action). The step refreshes the token instead.",
    );
  });
});

describe('a handoff with a source that cannot open it', () => {
  test('access-token: an input error naming both, before any request', async () => {
    const result = await runAgainst(steady, {
      'sso-region': 'us-east-1',
      'access-token': steady.issueAccessToken(),
      'token-handoff': 'v1.1.ZXhhbXBsZS9oYXJuZXNz.AAAA',
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    const message = expectFailedCleanly(result);
    expect(message).toMatch(
      /^Input 'token-handoff' cannot be used with 'access-token': a handoff opens only with the client secret/,
    );
    expect(steady.requests).toEqual([]);
  });

  test('an sso-session without a client secret: an input error naming both', async () => {
    const seeded = steady.seedSession();
    const { clientSecret: _, refreshToken: __, ...document } = steady.sessionDocument(seeded);
    const result = await runAgainst(steady, {
      'sso-session': JSON.stringify(document),
      'token-handoff': 'v1.1.ZXhhbXBsZS9oYXJuZXNz.AAAA',
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(expectFailedCleanly(result)).toMatch(
      /^Input 'token-handoff' needs the client secret to open, and the 'sso-session' document has no 'clientSecret'/,
    );
    expect(steady.requests).toEqual([]);
  });
});
