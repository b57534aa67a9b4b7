import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { AccountSpec } from '../../emulator/index.js';
import { RetriesExhaustedError } from '../../src/http/retry.js';
import { problemOf } from '../../src/sso/identity-center-error.js';
import { obtainRoleCredentials } from '../../src/sso/token-session.js';
import {
  ACCOUNT,
  expectFailedCleanly,
  expectNothingExported,
  ROLE,
  refreshInputs,
  runAgainst,
  tokenInputs,
} from '../support/action.js';
import { manyAccounts, withEmulator } from '../support/emulator.js';
import { type ActionResult, type RunOptions, runAction } from '../support/runner.js';
import { expectNoLeaks, scannable, secretInputs } from '../support/secrets.js';
import { SilentServer } from '../support/silent-server.js';

/**
 * A step that cannot hang (issue 17 §1). An endpoint that accepts the connection and never
 * answers once held the main step for 334 s at default settings (10 attempts × the 30 s
 * CreateToken deadline, plus backoff). Here:
 *
 * - the bundled actions with `action-timeout-s` against a silent server on loopback: the step
 *   fails when the limit passes, with one sentence naming the call still waiting and the input;
 * - list-accounts' listing under the limit, and an account-filter that backtracks
 *   catastrophically in JavaScript's engine against a hostile account name;
 * - the real core (SDK, bounded handler, retry loop) against the silent server at budgets scaled
 *   down tenfold, so that the default bound (≤ 90 s, proven in virtual time by
 *   __tests__/unit/deadline-budget.test.ts) is seen to hold on real sockets without waiting it out.
 *
 * Every bound asserted is generous (the machine is shared and loaded): the harness kills a step
 * after HARNESS_TIMEOUT_MS, and the code before this change ran each of these for minutes.
 */

const HARNESS_TIMEOUT_MS = 40_000;
const TEST_TIMEOUT_MS = 60_000;
const LIST_ACCOUNTS: Partial<RunOptions> = { actionYml: 'list-accounts/action.yml' };

let silent: SilentServer;
beforeEach(async () => {
  silent = await SilentServer.start();
});
afterEach(async () => {
  await silent.stop();
});

/** The bundled action against the silent server, scanned for every secret it was given. */
async function againstSilence(
  inputs: Record<string, string>,
  options: Partial<RunOptions> = {},
): Promise<ActionResult> {
  const result = await runAction({
    debug: true,
    ...options,
    inputs,
    env: silent.env,
    timeoutMs: HARNESS_TIMEOUT_MS,
  });
  expectNoLeaks(result, scannable(secretInputs(inputs)));
  return result;
}

const SECRETS = {
  'refresh-token': 'aor-deadline-refresh-Zq7vT9fK2mWx4bR8',
  'client-id': 'cid-deadline-client-Zq7vT9fK2mWx4bR8',
  'client-secret': 'cs-deadline-secret-Zq7vT9fK2mWx4bR8',
};

describe('action-timeout-s: the whole step, every call and retry together', () => {
  test(
    'a silent endpoint during the refresh: the step fails when the limit passes, naming CreateToken',
    async () => {
      const inputs = {
        'sso-region': 'us-east-1',
        ...SECRETS,
        'account-id': ACCOUNT,
        'role-name': ROLE,
        'action-timeout-s': '3',
      };
      const result = await againstSilence(inputs);
      expect(result.timedOut).toBe(false);
      expect(expectFailedCleanly(result)).toBe(
        "The step's time limit 'action-timeout-s' (3 s) passed while CreateToken was still waiting for an answer.",
      );
      expectNothingExported(result);
      // One attempt, ended by the limit.
      expect(silent.connections).toBe(1);
      expect(result.durationMs).toBeGreaterThanOrEqual(2900);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'a silent endpoint for credentials: the sentence names the call, the account and the role',
    async () => {
      const inputs = {
        'sso-region': 'us-east-1',
        'access-token': 'aoa-deadline-access-Zq7vT9fK2mWx4bR8',
        'account-id': ACCOUNT,
        'role-name': ROLE,
        'action-timeout-s': '2',
      };
      const result = await againstSilence(inputs);
      expect(result.timedOut).toBe(false);
      expect(expectFailedCleanly(result)).toBe(
        `The step's time limit 'action-timeout-s' (2 s) passed while GetRoleCredentials for account ${ACCOUNT} and role '${ROLE}' was still waiting for an answer.`,
      );
      expectNothingExported(result);
    },
    TEST_TIMEOUT_MS,
  );

  test.each(['0', '21601', '2.5', 'soon', '-1'])(
    'action-timeout-s %p is refused by name before any request',
    async (value) => {
      const inputs = {
        'sso-region': 'us-east-1',
        ...SECRETS,
        'account-id': ACCOUNT,
        'role-name': ROLE,
        'action-timeout-s': value,
      };
      const result = await againstSilence(inputs);
      expect(expectFailedCleanly(result)).toBe(
        "Input 'action-timeout-s' must be a whole number from 1 to 21600",
      );
      expect(silent.connections).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});

describe("the post step's limit", () => {
  test(
    'a FIFO at the token cache path: the post step ends within action-timeout-s, the sections removed first',
    async () => {
      await withEmulator(async (emulator) => {
        const inputs = {
          ...refreshInputs(emulator.seedSession()),
          'renew-credentials': 'profile',
          'sso-start-url': 'https://d-1234567890.awsapps.com/start',
          'action-timeout-s': '5',
        };
        const result = await runAgainst(emulator, inputs, { timeoutMs: HARNESS_TIMEOUT_MS });
        expect(result.exitCode).toBe(0);
        const config = join(result.home, '.aws', 'config');
        const name = /^\[sso-session (\S+)\]$/m.exec(await readFile(config, 'utf8'))?.[1] ?? '';
        const sha1 = createHash('sha1').update(name).digest('hex');
        const cache = join(result.home, '.aws', 'sso', 'cache', `${sha1}.json`);
        await rm(cache);
        execFileSync('mkfifo', [cache]);
        const post = await result.runPost({ timeoutMs: HARNESS_TIMEOUT_MS });
        expect(post.timedOut).toBe(false);
        expect(post.exitCode).toBe(0);
        // 5 s from the process start, and Node's start-up and the harness on a loaded machine
        expect(post.durationMs).toBeLessThan(5_000 + 15_000);
        expect(post.warnings.map((w) => w.message)).toEqual([
          expect.stringMatching(
            /^The token cache of this step's session \(.*\) (cannot be read back|was changed by something else in the job) \(/,
          ),
        ]);
        expect(existsSync(config)).toBe(false);
        expect(existsSync(cache)).toBe(false);
      });
    },
    TEST_TIMEOUT_MS,
  );
});

describe('list-accounts under the limit', () => {
  test(
    'a listing slower than action-timeout-s fails, naming the ListAccountRoles still waiting',
    async () => {
      await withEmulator(
        async (emulator) => {
          // 48 accounts, 16 in flight, 1.5 s each: three rounds, 4.5 s, past a limit of 3 s.
          emulator.injectFault('/assignment/roles', { kind: 'latency', ms: 1500 }, Infinity);
          const inputs = { ...tokenInputs(emulator.seedSession()), 'action-timeout-s': '3' };
          const result = await runAgainst(emulator, inputs, {
            ...LIST_ACCOUNTS,
            timeoutMs: HARNESS_TIMEOUT_MS,
          });
          expect(result.timedOut).toBe(false);
          expect(expectFailedCleanly(result)).toMatch(
            /^The step's time limit 'action-timeout-s' \(3 s\) passed while ListAccountRoles for account \d{12} was still waiting for an answer\.$/,
          );
          expect(result.outputs).not.toHaveProperty('matrix');
          // it stopped there: no new ListAccountRoles after the limit
          const roles = emulator.requests.filter((r) => r.path === '/assignment/roles');
          expect(roles.length).toBeLessThan(48);
        },
        { accounts: manyAccounts(48) },
      );
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'an account-filter that backtracks catastrophically is matched in linear time',
    async () => {
      // JavaScript's engine: 36 s for 33 characters, twice that for each more; 40 would be hours.
      const hostile: AccountSpec = {
        accountId: '333333333333',
        accountName: `${'a'.repeat(40)}!`,
        roles: ['ReadOnly'],
      };
      const plain: AccountSpec = {
        accountId: '444444444444',
        accountName: 'abc def',
        roles: ['ReadOnly'],
      };
      await withEmulator(
        async (emulator) => {
          const inputs = {
            ...tokenInputs(emulator.seedSession()),
            'account-filter': '^([a-z]+\\s?)*$',
          };
          const result = await runAgainst(emulator, inputs, {
            ...LIST_ACCOUNTS,
            timeoutMs: HARNESS_TIMEOUT_MS,
          });
          expect(result.timedOut).toBe(false);
          expect(result.exitCode).toBe(0);
          expect(JSON.parse(result.outputs.matrix ?? '')).toEqual({
            include: [
              { 'account-id': '444444444444', 'account-name': 'abc def', 'role-name': 'ReadOnly' },
            ],
          });
        },
        { accounts: [hostile, plain] },
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the core at budgets scaled down tenfold, on real sockets', () => {
  const SCALED = {
    requestTimeoutMs: 1000,
    callBudgetMs: 2500,
    refreshBudget: { attemptTimeoutMs: 3000, totalMs: 6200, wholeAttempts: true },
  } as const;
  /** Timers fire late on a loaded machine; the bound holds with this much to spare. */
  const SLACK_MS = 3000;
  const saved = { ...process.env };

  beforeEach(() => {
    Object.assign(process.env, silent.env);
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  async function failure(tokenSource: Parameters<typeof obtainRoleCredentials>[0]['tokenSource']) {
    const started = Date.now();
    const thrown = await obtainRoleCredentials(
      {
        ssoRegion: 'us-east-1',
        tokenSource,
        clientOptions: SCALED,
        accountId: ACCOUNT,
        roleName: ROLE,
      },
      () => {},
    ).catch((error: unknown) => error);
    return { problem: problemOf(thrown), elapsedMs: Date.now() - started };
  }

  test(
    'a silent refresh: whole attempts only, never one cut short, ended by its budget',
    async () => {
      const { problem, elapsedMs } = await failure({
        kind: 'refresh-token',
        refreshToken: SECRETS['refresh-token'],
        clientId: SECRETS['client-id'],
        clientSecret: SECRETS['client-secret'],
      });
      expect(problem).toMatchObject({
        kind: 'call-failed',
        operation: 'CreateToken',
        retriesExhausted: { budgetSpent: true },
      });
      expect(elapsedMs).toBeLessThanOrEqual(SCALED.refreshBudget.totalMs + SLACK_MS);
      // each attempt was given its whole 3 s (the server saw each connection last that long)
      expect(silent.durationsMs.length).toBeGreaterThanOrEqual(1);
      expect(silent.durationsMs.length).toBeLessThanOrEqual(2);
      for (const ms of silent.durationsMs) expect(ms).toBeGreaterThanOrEqual(2900);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'silent credentials: the last attempt is shortened to end within the call budget',
    async () => {
      const { problem, elapsedMs } = await failure({
        kind: 'access-token',
        accessToken: 'aoa-deadline-access-Zq7vT9fK2mWx4bR8',
      });
      expect(problem).toMatchObject({
        kind: 'call-failed',
        operation: 'GetRoleCredentials',
        retriesExhausted: { budgetSpent: true },
      });
      expect(elapsedMs).toBeLessThanOrEqual(SCALED.callBudgetMs + SLACK_MS);
      expect(silent.durationsMs.length).toBeLessThan(10);
    },
    TEST_TIMEOUT_MS,
  );

  test('RetriesExhaustedError says when the budget, not the attempts, ended a call', () => {
    expect(new RetriesExhaustedError(new Error('x'), 2, 6100, true).budgetSpent).toBe(true);
    expect(new RetriesExhaustedError(new Error('x'), 10, 6100).budgetSpent).toBe(false);
  });
});
