import { GetRoleCredentialsCommand, type SSOClient } from '@aws-sdk/client-sso';
import { describe, expect, jest, test } from '@jest/globals';
import { getRoleCredentials, type RoleRequest } from '../../src/sso/credentials.js';
import { IdentityCenterError } from '../../src/sso/identity-center-error.js';
import { expectRejection } from '../support/errors.js';
import { stubbedPortal } from '../support/sdk.js';

/** One attempt: these tests are about reading responses, not about retrying them. */
const NO_RETRY = { maxAttempts: 1, baseDelayMs: 0, throttlingBaseDelayMs: 0, maxDelayMs: 0 };

const ACCESS_TOKEN = 'aoaPORTALBEARERTOKEN';
const KEY_ID = 'ASIAEXAMPLEKEYID1';
const SECRET_KEY = 'wJalrXUtnFEMIEXAMPLESECRETKEY';
const SESSION_TOKEN = 'IQoJb3JpZ2luEXAMPLESESSIONTOKEN';
/** An hour ahead, in whole seconds as the portal sends it (a fixed date would pass into the past). */
const EXPIRATION_MS = Math.floor(Date.now() / 1000) * 1000 + 3_600_000;
const SECRETS = [ACCESS_TOKEN, KEY_ID, SECRET_KEY, SESSION_TOKEN];

const REQUEST: RoleRequest = {
  accessToken: ACCESS_TOKEN,
  accountId: '111122223333',
  roleName: 'ReadOnly',
  tokenJustRefreshed: true,
};

const COMPLETE = {
  accessKeyId: KEY_ID,
  secretAccessKey: SECRET_KEY,
  sessionToken: SESSION_TOKEN,
  expiration: EXPIRATION_MS,
};

function fakePortal(respond: () => unknown) {
  const send = jest.fn(async (_command: GetRoleCredentialsCommand) => respond());
  return { client: { send } as unknown as SSOClient, send };
}

function sink() {
  return jest.fn<(secret: string) => void>();
}

/** The core's error: what went wrong as data, with no secret in it or in its neutral message. */
async function rejection(promise: Promise<unknown>): Promise<IdentityCenterError> {
  const error = await expectRejection(promise, IdentityCenterError, SECRETS);
  for (const secret of SECRETS) expect(JSON.stringify(error.problem)).not.toContain(secret);
  return error;
}

describe('getRoleCredentials', () => {
  test('asks for the role in the account with the access token', async () => {
    const portal = fakePortal(() => ({ roleCredentials: COMPLETE }));
    await getRoleCredentials(portal.client, REQUEST, sink(), NO_RETRY);
    expect(portal.send).toHaveBeenCalledTimes(1);
    const command = portal.send.mock.calls[0]?.[0];
    expect(command).toBeInstanceOf(GetRoleCredentialsCommand);
    expect(command?.input).toEqual({
      accessToken: ACCESS_TOKEN,
      accountId: '111122223333',
      roleName: 'ReadOnly',
    });
  });

  test('returns the credentials with expiration (epoch milliseconds) as a Date', async () => {
    const portal = fakePortal(() => ({ roleCredentials: COMPLETE }));
    const credentials = await getRoleCredentials(portal.client, REQUEST, sink(), NO_RETRY);
    expect(credentials).toEqual({
      accessKeyId: KEY_ID,
      secretAccessKey: SECRET_KEY,
      sessionToken: SESSION_TOKEN,
      expiration: new Date(EXPIRATION_MS),
    });
  });

  test('masks all three credentials', async () => {
    const portal = fakePortal(() => ({ roleCredentials: COMPLETE }));
    const mask = sink();
    await getRoleCredentials(portal.client, REQUEST, mask, NO_RETRY);
    expect(mask.mock.calls.flat().sort()).toEqual([KEY_ID, SECRET_KEY, SESSION_TOKEN].sort());
  });

  test.each(['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration'] as const)(
    'a response without %s is a malformed response, and the credentials that did arrive are masked',
    async (missing) => {
      const portal = fakePortal(() => ({ roleCredentials: { ...COMPLETE, [missing]: undefined } }));
      const mask = sink();
      const error = await rejection(getRoleCredentials(portal.client, REQUEST, mask, NO_RETRY));
      expect(error.message).toContain('GetRoleCredentials');
      expect(error.message).toContain('malformed');
      const arrived = [KEY_ID, SECRET_KEY, SESSION_TOKEN].filter(
        (value) => value !== (COMPLETE as Record<string, unknown>)[missing],
      );
      for (const value of arrived) expect(mask).toHaveBeenCalledWith(value);
    },
  );

  test.each([
    ['a numeric string', String(EXPIRATION_MS)],
    ['an ISO string', '2026-11-26T08:03:43Z'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['zero', 0],
  ])(
    'an expiration that is %s is a malformed response; the credentials are masked',
    async (_label, expiration) => {
      const portal = fakePortal(() => ({ roleCredentials: { ...COMPLETE, expiration } }));
      const mask = sink();
      await rejection(getRoleCredentials(portal.client, REQUEST, mask, NO_RETRY));
      expect(mask.mock.calls.flat().sort()).toEqual([KEY_ID, SECRET_KEY, SESSION_TOKEN].sort());
    },
  );

  test.each([
    ['accessKeyId', `ASIA${'A'.repeat(125)}`, 128],
    ['secretAccessKey', 'A'.repeat(129), 128],
    ['sessionToken', 'A'.repeat(600_000), 16_384],
  ] as const)(
    '%s over its bound is refused at once, naming the member and the bound, never masked',
    async (member, value, bound) => {
      const portal = fakePortal(() => ({ roleCredentials: { ...COMPLETE, [member]: value } }));
      const mask = sink();
      const error = await rejection(getRoleCredentials(portal.client, REQUEST, mask, NO_RETRY));
      expect(error.message).toContain(
        `roleCredentials.${member} has ${value.length} characters, more than the ${bound} allowed`,
      );
      expect(mask).not.toHaveBeenCalledWith(value);
      expect(portal.send).toHaveBeenCalledTimes(1);
    },
  );

  test.each([
    ['no roleCredentials', {}],
    ['roleCredentials null', { roleCredentials: null }],
  ])('a response with %s is a malformed response', async (_label, response) => {
    const portal = fakePortal(() => response);
    await rejection(getRoleCredentials(portal.client, REQUEST, sink(), NO_RETRY));
  });

  test('an UnauthorizedException says whether the token had just been refreshed', async () => {
    const portal = fakePortal(() => {
      throw Object.assign(new Error('Session token not found or invalid'), {
        name: 'UnauthorizedException',
        $metadata: { httpStatusCode: 401, attempts: 1 },
      });
    });
    const error = await rejection(getRoleCredentials(portal.client, REQUEST, sink(), NO_RETRY));
    expect(error.problem).toEqual({
      kind: 'access-token-rejected',
      operation: 'GetRoleCredentials',
      justRefreshed: true,
    });
    expect(error.message).toContain('UnauthorizedException');
  });

  test('a ForbiddenException names the role and the account', async () => {
    const portal = fakePortal(() => {
      throw Object.assign(new Error('No access'), {
        name: 'ForbiddenException',
        $metadata: { httpStatusCode: 403, attempts: 1 },
      });
    });
    const error = await rejection(getRoleCredentials(portal.client, REQUEST, sink(), NO_RETRY));
    expect(error.problem).toEqual({
      kind: 'no-access',
      operation: 'GetRoleCredentials',
      status: 403,
      accountId: '111122223333',
      roleName: 'ReadOnly',
    });
    expect(error.message).toContain("'ReadOnly'");
  });
});

describe('getRoleCredentials on the real SDK client', () => {
  const JSON_TYPE = { 'content-type': 'application/json' };

  test('GETs /federation/credentials with the bearer header and converts the expiration', async () => {
    const { client, requests } = stubbedPortal(
      200,
      JSON.stringify({ roleCredentials: COMPLETE }),
      JSON_TYPE,
    );
    const mask = sink();
    const credentials = await getRoleCredentials(client, REQUEST, mask, NO_RETRY);
    client.destroy();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.path).toBe('/federation/credentials');
    expect(requests[0]?.query).toEqual({ account_id: '111122223333', role_name: 'ReadOnly' });
    expect(requests[0]?.headers['x-amz-sso_bearer_token']).toBe(ACCESS_TOKEN);
    expect(credentials.expiration).toEqual(new Date(EXPIRATION_MS));
    expect(mask).toHaveBeenCalledWith(SECRET_KEY);
  });

  test('a truncated body is reported without echoing any of it', async () => {
    const body = `${SECRET_KEY}"},"sessionToken":"${SESSION_TOKEN}`;
    // JSON.parse quotes the start of the body in its message: the case is a real leak risk.
    expect(() => JSON.parse(body)).toThrow(SECRET_KEY.slice(0, 10));
    const { client } = stubbedPortal(200, body, JSON_TYPE);
    const error = await rejection(getRoleCredentials(client, REQUEST, sink(), NO_RETRY));
    client.destroy();
    expect(error.problem).toMatchObject({
      kind: 'call-failed',
      cause: { kind: 'malformed-response', status: 200 },
    });
    expect(error.message).not.toContain(SECRET_KEY.slice(0, 10));
    expect(error.message).toContain('malformed response body (HTTP 200)');
  });

  test('a 403 ForbiddenException on the wire names the role and the account', async () => {
    const { client } = stubbedPortal(403, JSON.stringify({ message: 'No access' }), {
      ...JSON_TYPE,
      'x-amzn-errortype': 'ForbiddenException',
    });
    const error = await rejection(getRoleCredentials(client, REQUEST, sink(), NO_RETRY));
    client.destroy();
    expect(error.message).toMatch(
      /^No access: .*'ReadOnly' in account 111122223333 \(403 ForbiddenException\)/,
    );
  });
});
