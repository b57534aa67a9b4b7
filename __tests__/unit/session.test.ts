import { describe, expect, test } from '@jest/globals';
import { IdentityCenterError } from '../../src/sso/identity-center-error.js';
import type { SessionDefect } from '../../src/sso/problems.js';
import {
  canRefresh,
  parseSsoSession,
  parseTimestamp,
  type SsoSession,
  serializeSsoSession,
} from '../../src/sso/session.js';

const ACCESS_TOKEN = 'aoaCANARYACCESSTOKEN';
const REFRESH_TOKEN = 'aorCANARYREFRESHTOKEN';
const CLIENT_ID = 'cidCANARYCLIENTID';
const CLIENT_SECRET = 'csCANARYCLIENTSECRET';
const SECRETS = [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET, 'CANARY'];

/** A complete document as `aws sso login` leaves it in ~/.aws/sso/cache (botocore form). */
const FULL = {
  startUrl: 'https://d-1234567890.awsapps.com/start',
  region: 'us-east-1',
  accessToken: ACCESS_TOKEN,
  expiresAt: '2026-11-26T08:04:36Z',
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  registrationExpiresAt: '2027-02-14T07:04:36Z',
  refreshToken: REFRESH_TOKEN,
};

function parse(document: unknown): SsoSession {
  return parseSsoSession(JSON.stringify(document));
}

/**
 * What is wrong with the document, as the core reports it; fails the test if parsing accepted
 * it. Neither the data nor the neutral message may hold a secret.
 */
function parseError(text: string): SessionDefect {
  try {
    parseSsoSession(text);
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityCenterError);
    const { problem, message } = error as IdentityCenterError;
    expectNoSecrets(message);
    expectNoSecrets(JSON.stringify(problem));
    if (problem.kind !== 'session-malformed') throw new Error(`unexpected ${problem.kind}`);
    return problem.defect;
  }
  throw new Error('parseSsoSession accepted the document');
}

function expectNoSecrets(message: string): void {
  for (const secret of SECRETS) expect(message).not.toContain(secret);
}

describe('parseSsoSession: timestamps', () => {
  test('reads the botocore form without fraction (…36Z)', () => {
    const session = parse({ ...FULL, expiresAt: '2026-11-26T08:04:36Z' });
    expect(session.expiresAt?.toISOString()).toBe('2026-11-26T08:04:36.000Z');
  });

  test('reads the JS SDK form with milliseconds (…36.842Z)', () => {
    const session = parse({ ...FULL, expiresAt: '2026-11-26T08:04:36.842Z' });
    expect(session.expiresAt?.toISOString()).toBe('2026-11-26T08:04:36.842Z');
  });

  test('reads the old CLI v2 form with a UTC suffix as UTC', () => {
    const session = parse({ ...FULL, expiresAt: '2026-11-26T08:04:36UTC' });
    expect(session.expiresAt?.toISOString()).toBe('2026-11-26T08:04:36.000Z');
  });

  test('reads registrationExpiresAt the same way', () => {
    const session = parse({ ...FULL, registrationExpiresAt: '2027-02-14T07:04:36UTC' });
    expect(session.registrationExpiresAt?.toISOString()).toBe('2027-02-14T07:04:36.000Z');
  });

  test('converts an explicit offset to UTC', () => {
    expect(parseTimestamp('2026-11-26T10:04:36+02:00')?.toISOString()).toBe(
      '2026-11-26T08:04:36.000Z',
    );
  });

  test.each([
    ['no time zone (local time is ambiguous)', '2026-11-26T08:04:36'],
    ['a space instead of T', '2026-11-26 08:04:36Z'],
    ['a date only', '2026-11-26'],
    ['words', 'tomorrow'],
    ['an impossible month', '2026-13-01T00:00:00Z'],
  ])('rejects an expiresAt with %s, naming the member', (_label, value) => {
    expect(parseError(JSON.stringify({ ...FULL, expiresAt: value }))).toEqual({
      kind: 'not-a-timestamp',
      member: 'expiresAt',
    });
  });
});

describe('parseSsoSession: members', () => {
  test('reads every key of the AWS CLI token cache', () => {
    expect(parse(FULL)).toEqual({
      startUrl: FULL.startUrl,
      region: 'us-east-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: new Date('2026-11-26T08:04:36Z'),
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      registrationExpiresAt: new Date('2027-02-14T07:04:36Z'),
      refreshToken: REFRESH_TOKEN,
    });
  });

  test('ignores keys it does not know', () => {
    const session = parse({ ...FULL, scopes: ['sso:account:access'], tokenType: 'Bearer' });
    expect(session).not.toHaveProperty('scopes');
    expect(session).not.toHaveProperty('tokenType');
  });

  test('treats null and empty strings as absent', () => {
    const session = parse({ ...FULL, startUrl: null, region: '' });
    expect(session).not.toHaveProperty('startUrl');
    expect(session).not.toHaveProperty('region');
  });

  test.each([
    ['accessToken', 12345],
    ['refreshToken', { value: 'CANARY' }],
    ['clientSecret', ['CANARY']],
    ['region', ['us-east-1']],
    ['expiresAt', 1795680276],
    ['registrationExpiresAt', true],
  ])('rejects a %s that is not a string, naming the member', (key, value) => {
    expect(parseError(JSON.stringify({ ...FULL, [key]: value }))).toEqual({
      kind: 'not-a-string',
      member: key,
    });
  });
});

describe('parseSsoSession: documents that are not a JSON object', () => {
  /** What JSON.parse itself says: proves the case would leak if its message were passed on. */
  function jsonParseMessage(text: string): string {
    try {
      JSON.parse(text);
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  }

  test.each([
    ['a bare word', 'CANARY'],
    ['a truncated document', `{"accessToken": CANARY}`],
  ])('rejects non-JSON (%s) without echoing its text', (_label, text) => {
    expect(jsonParseMessage(text)).toContain('CANARY');
    expect(parseError(text)).toEqual({ kind: 'not-json' });
  });

  test('rejects YAML-style text without echoing it', () => {
    const text = `accessToken: ${ACCESS_TOKEN}\nexpiresAt: 2026-11-26T08:04:36Z`;
    expect(parseError(text)).toEqual({ kind: 'not-json' });
  });

  test.each([
    ['an array', JSON.stringify([FULL])],
    ['an array of strings', JSON.stringify([ACCESS_TOKEN])],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', JSON.stringify(ACCESS_TOKEN)],
    ['a boolean', 'true'],
  ])('rejects %s without echoing it', (_label, text) => {
    expect(parseError(text)).toEqual({ kind: 'not-an-object' });
  });

  test('rejects an empty text', () => {
    expect(parseError('')).toEqual({ kind: 'not-json' });
  });
});

describe('parseSsoSession: usability', () => {
  test('rejects an accessToken without expiresAt', () => {
    const { expiresAt: _omitted, ...document } = FULL;
    expect(parseError(JSON.stringify(document))).toEqual({ kind: 'access-token-without-expiry' });
  });

  test.each([
    [['clientSecret'], { refreshToken: REFRESH_TOKEN, clientId: CLIENT_ID }],
    [['clientId'], { refreshToken: REFRESH_TOKEN, clientSecret: CLIENT_SECRET }],
    [['refreshToken'], { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
    [['clientId', 'clientSecret'], { refreshToken: REFRESH_TOKEN }],
    [['refreshToken', 'clientSecret'], { clientId: CLIENT_ID }],
  ])('without an access token, names the missing refresh members %j', (missing, document) => {
    expect(parseError(JSON.stringify({ region: 'us-east-1', ...document }))).toEqual({
      kind: 'incomplete-refresh',
      missing,
    });
  });

  test('accepts partial refresh members next to a usable access token (no refresh then)', () => {
    const session = parse({
      accessToken: ACCESS_TOKEN,
      expiresAt: FULL.expiresAt,
      refreshToken: REFRESH_TOKEN,
    });
    expect(session.accessToken).toBe(ACCESS_TOKEN);
    expect(canRefresh(session)).toBe(false);
  });

  test('accepts a refreshable session without an access token', () => {
    const session = parse({
      region: 'us-east-1',
      refreshToken: REFRESH_TOKEN,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    expect(session.accessToken).toBeUndefined();
    expect(canRefresh(session)).toBe(true);
  });

  test.each([
    ['only startUrl and region', { startUrl: FULL.startUrl, region: 'us-east-1' }],
    ['an empty object', {}],
    ['an empty accessToken', { accessToken: '', expiresAt: FULL.expiresAt }],
  ])('rejects a document with neither token (%s)', (_label, document) => {
    expect(parseError(JSON.stringify(document))).toEqual({ kind: 'no-token' });
  });
});

describe('canRefresh', () => {
  const grant = { refreshToken: REFRESH_TOKEN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };

  test('is true with refreshToken, clientId and clientSecret', () => {
    expect(canRefresh(grant)).toBe(true);
  });

  test.each(['refreshToken', 'clientId', 'clientSecret'] as const)('is false without %s', (key) => {
    expect(canRefresh({ ...grant, [key]: undefined })).toBe(false);
    expect(canRefresh({ ...grant, [key]: '' })).toBe(false);
  });
});

describe('serializeSsoSession', () => {
  test('round-trips a parsed session', () => {
    const session = parse(FULL);
    expect(parseSsoSession(serializeSsoSession(session))).toEqual(session);
  });

  test('writes timestamps in the JS SDK ISO form and keeps every member', () => {
    const document = JSON.parse(serializeSsoSession(parse(FULL))) as Record<string, unknown>;
    expect(document).toEqual({
      ...FULL,
      expiresAt: '2026-11-26T08:04:36.000Z',
      registrationExpiresAt: '2027-02-14T07:04:36.000Z',
    });
  });
});
