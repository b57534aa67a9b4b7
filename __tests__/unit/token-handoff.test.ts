import { describe, expect, jest, test } from '@jest/globals';
import {
  currentRun,
  type HandoffKey,
  handoffKey,
  openHandoff,
  type RunIdentity,
  sealHandoff,
} from '../../src/steps/token-handoff.js';

const NOW = new Date('2026-11-26T08:00:00.000Z');
const MINUTE = 60_000;
const KEY: HandoffKey = {
  clientId: 'cid-unit-CLIENTID',
  clientSecret: 'cs-unit-CLIENTSECRET-0123',
};
const RUN: RunIdentity = { repository: 'octo-org/infra.repo', runId: '9876543210' };
const ACCESS = 'aoa-unit-ACCESSTOKEN-0123456789';

function handoff(minutesLeft = 60, key = KEY, run = RUN): string {
  const expiresAt = new Date(NOW.getTime() + minutesLeft * MINUTE);
  return sealHandoff({ accessToken: ACCESS, expiresAt }, key, run);
}

function opened(text: string, key = KEY, run = RUN) {
  return openHandoff(text, key, run, jest.fn(), NOW);
}

describe('sealHandoff', () => {
  test('v1.<run id>.<base64url repository>.<box>, without the token in any readable form', () => {
    const text = handoff();
    const [format, runId, repository, box] = text.split('.');
    expect(format).toBe('v1');
    expect(runId).toBe(RUN.runId);
    expect(Buffer.from(repository ?? '', 'base64url').toString()).toBe(RUN.repository);
    expect(box).toMatch(/^[A-Za-z0-9_-]{60,}$/);
    for (const form of [ACCESS, Buffer.from(ACCESS).toString('base64url'), KEY.clientSecret]) {
      expect(text).not.toContain(form);
    }
  });
});

describe('openHandoff', () => {
  test('a handoff of this run with at least 5 minutes left is usable; the token is masked', () => {
    const mask = jest.fn();
    const result = openHandoff(handoff(5), KEY, RUN, mask, NOW);
    expect(result).toEqual({
      kind: 'usable',
      token: { accessToken: ACCESS, expiresAt: new Date(NOW.getTime() + 5 * MINUTE) },
    });
    expect(mask).toHaveBeenCalledWith(ACCESS);
  });

  test('less than 5 minutes left, or past: expired, with its expiry', () => {
    expect(opened(handoff(4.9))).toEqual({
      kind: 'expired',
      expiresAt: new Date(NOW.getTime() + 4.9 * MINUTE),
    });
    expect(opened(handoff(-10)).kind).toBe('expired');
  });

  test('another run or repository: other-run, naming where it was made', () => {
    expect(opened(handoff(), KEY, { ...RUN, runId: '1' })).toEqual({
      kind: 'other-run',
      madeIn: RUN,
    });
    expect(opened(handoff(), KEY, { ...RUN, repository: 'octo-org/other' }).kind).toBe('other-run');
  });

  test('another client secret or client id: unauthentic', () => {
    expect(opened(handoff(), { ...KEY, clientSecret: 'cs-unit-OTHER-SECRET' }).kind).toBe(
      'unauthentic',
    );
    expect(opened(handoff(), { ...KEY, clientId: 'cid-unit-OTHER' }).kind).toBe('unauthentic');
  });

  test('the run in clear changed to this run: the box says otherwise (unauthentic)', () => {
    const made = handoff(60, KEY, { ...RUN, runId: '1' });
    const forged = made.replace(/^v1\.1\./, `v1.${RUN.runId}.`);
    expect(opened(forged).kind).toBe('unauthentic');
  });

  test.each([
    ['empty', ''],
    ['another version', handoff().replace(/^v1\./, 'v2.')],
    ['a part missing', handoff().split('.').slice(0, 3).join('.')],
    ['a run id that is not a number', handoff().replace(`.${RUN.runId}.`, '.12a.')],
    [
      'a repository that is not owner/name',
      handoff().replace(/^(v1\.\d+\.)[^.]+/, `$1${Buffer.from('../x y').toString('base64url')}`),
    ],
    ['far too long', `${handoff()}${'A'.repeat(70_000)}`],
    ['a workflow command', '::stop-commands::abc'],
  ])('%s: malformed', (_label, text) => {
    expect(opened(text).kind).toBe('malformed');
  });
});

describe('handoffKey', () => {
  test('refresh-token: the client-id and client-secret inputs', () => {
    expect(
      handoffKey({ kind: 'refresh-token', refreshToken: 'r', clientId: 'i', clientSecret: 's' }),
    ).toEqual({ clientId: 'i', clientSecret: 's' });
  });

  test("sso-session: the document's clientId and clientSecret; none without a secret", () => {
    const session = { clientId: 'i', clientSecret: 's', refreshToken: 'r' };
    expect(handoffKey({ kind: 'sso-session', session })).toEqual({
      clientId: 'i',
      clientSecret: 's',
    });
    expect(handoffKey({ kind: 'sso-session', session: { accessToken: 'a' } })).toBeUndefined();
  });

  test('access-token: none', () => {
    expect(handoffKey({ kind: 'access-token', accessToken: 'a' })).toBeUndefined();
  });
});

describe('currentRun', () => {
  test('GITHUB_REPOSITORY and GITHUB_RUN_ID', () => {
    expect(currentRun({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '7' })).toEqual({
      repository: 'o/r',
      runId: '7',
    });
  });

  test.each([
    [{}],
    [{ GITHUB_REPOSITORY: 'o/r' }],
    [{ GITHUB_REPOSITORY: 'no-slash', GITHUB_RUN_ID: '7' }],
    [{ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: 'seven' }],
  ])('none when the runner does not name a run: %j', (env) => {
    expect(currentRun(env)).toBeUndefined();
  });
});
