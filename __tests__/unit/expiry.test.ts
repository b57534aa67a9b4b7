import { describe, expect, test } from '@jest/globals';
import type { RoleCredentials } from '../../src/sso/credentials.js';
import type { AccessToken } from '../../src/sso/token.js';
import { expiryWarnings } from '../../src/steps/expiry.js';
import { timeUntil } from '../../src/time/relative-time.js';

const NOW = new Date('2026-11-26T08:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function at(offsetMs: number): Date {
  return new Date(NOW.getTime() + offsetMs);
}

const CREDENTIALS: RoleCredentials = {
  accessKeyId: 'ASIAEXAMPLEKEYID1',
  secretAccessKey: 'secret',
  sessionToken: 'session',
  expiration: at(HOUR),
};

function token(fields: Partial<AccessToken> = {}): AccessToken {
  return { accessToken: 'aoaTOKEN', refreshed: true, renewable: true, ...fields };
}

describe('expiryWarnings: client registration', () => {
  test('warns when it expires within 14 days, saying when and what to do', () => {
    const registrationExpiresAt = at(13 * DAY);
    const warnings = expiryWarnings(token({ registrationExpiresAt }), CREDENTIALS, NOW);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(registrationExpiresAt.toISOString());
    expect(warnings[0]).toContain('in 13 days');
    expect(warnings[0]).toContain('aws-sso-credentials login');
  });

  test('warns when it has already expired', () => {
    const warnings = expiryWarnings(token({ registrationExpiresAt: at(-DAY) }), CREDENTIALS, NOW);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('already passed');
  });

  test.each([
    ['exactly 14 days', 14 * DAY],
    ['15 days', 15 * DAY],
    ['90 days', 90 * DAY],
  ])('does not warn when it expires in %s', (_label, offset) => {
    expect(expiryWarnings(token({ registrationExpiresAt: at(offset) }), CREDENTIALS, NOW)).toEqual(
      [],
    );
  });

  test('does not warn when the expiry is not known', () => {
    expect(expiryWarnings(token(), CREDENTIALS, NOW)).toEqual([]);
  });
});

describe('expiryWarnings: access token', () => {
  test('warns when a token used as given expires before the credentials', () => {
    const expiresAt = at(30 * MINUTE);
    const warnings = expiryWarnings(
      token({ refreshed: false, renewable: false, expiresAt }),
      CREDENTIALS,
      NOW,
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(expiresAt.toISOString());
    expect(warnings[0]).toContain('in 30 minutes');
    expect(warnings[0]).toContain('refresh token');
  });

  test('does not warn about a refreshed token, whatever its expiry', () => {
    expect(
      expiryWarnings(token({ refreshed: true, expiresAt: at(10 * MINUTE) }), CREDENTIALS, NOW),
    ).toEqual([]);
  });

  test('does not warn about a token used as given that could be refreshed (an sso-session with a refresh token)', () => {
    const given = token({ refreshed: false, renewable: true, expiresAt: at(10 * MINUTE) });
    expect(expiryWarnings(given, CREDENTIALS, NOW)).toEqual([]);
  });

  test.each([
    ['at the same moment as', HOUR],
    ['after', 8 * HOUR],
  ])('does not warn when the token expires %s the credentials', (_label, offset) => {
    expect(
      expiryWarnings(
        token({ refreshed: false, renewable: false, expiresAt: at(offset) }),
        CREDENTIALS,
        NOW,
      ),
    ).toEqual([]);
  });

  test('does not warn when the token expiry is not known (a bare access-token)', () => {
    expect(expiryWarnings(token({ refreshed: false, renewable: false }), CREDENTIALS, NOW)).toEqual(
      [],
    );
  });

  test('gives both warnings when both apply', () => {
    const warnings = expiryWarnings(
      token({
        refreshed: false,
        renewable: false,
        expiresAt: at(10 * MINUTE),
        registrationExpiresAt: at(DAY * 3),
      }),
      CREDENTIALS,
      NOW,
    );
    expect(warnings).toHaveLength(2);
  });
});

describe('timeUntil', () => {
  test.each([
    [-DAY, 'already passed'],
    [-MINUTE, 'already passed'],
    [MINUTE, 'in 1 minute'],
    [2 * MINUTE, 'in 2 minutes'],
    [59 * MINUTE + 59_000, 'in 59 minutes'],
    [119 * MINUTE, 'in 119 minutes'],
    [120 * MINUTE, 'in 2 hours'],
    [47 * HOUR + 59 * MINUTE, 'in 47 hours'],
    [48 * HOUR, 'in 2 days'],
    [13 * DAY + 23 * HOUR, 'in 13 days'],
    [90 * DAY, 'in 90 days'],
  ])('%p ms from now reads %p', (offset, wording) => {
    expect(timeUntil(at(offset), NOW)).toBe(wording);
  });
});
