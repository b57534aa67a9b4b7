import {
  GetRoleCredentialsCommand,
  ListAccountsCommand,
  LogoutCommand,
  paginateListAccountRoles,
  paginateListAccounts,
  type SSOClient,
  UnauthorizedException,
} from '@aws-sdk/client-sso';
import { InvalidGrantException } from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeEach, describe, expect, test } from '@jest/globals';
import { generateAccounts, IdentityCenterEmulator } from '../../emulator/index.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import {
  destroyClients,
  oidcClient,
  portalClient,
  raw,
  refresh,
  rejectionOf,
} from '../support/sdk.js';

/** SSO portal fidelity: GetRoleCredentials, ListAccounts, ListAccountRoles and Logout. */

const CREDENTIALS_TTL = 900;
const emu = useEmulator({ credentialsTtlSeconds: CREDENTIALS_TTL }, 'test');
let portal: SSOClient;

beforeEach(() => {
  portal = portalClient(emu);
});

afterAll(destroyClients);

function getCredentials(accessToken: string, accountId = '111111111111', roleName = 'ReadOnly') {
  return portal.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }));
}

describe('GetRoleCredentials', () => {
  test('returns fresh credentials expiring in epoch milliseconds', async () => {
    const token = emu.issueAccessToken();
    const before = Date.now();
    const first = await getCredentials(token);
    const second = await getCredentials(token);
    const creds = first.roleCredentials;
    expect(creds?.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds?.secretAccessKey).toHaveLength(40);
    expect(creds?.sessionToken?.length).toBeGreaterThan(100);
    expect(typeof creds?.expiration).toBe('number');
    expect(Number.isInteger(creds?.expiration)).toBe(true);
    const expected = before + CREDENTIALS_TTL * 1000;
    expect(creds?.expiration).toBeGreaterThanOrEqual(expected);
    expect(creds?.expiration).toBeLessThan(expected + 5000);
    expect(second.roleCredentials?.accessKeyId).not.toBe(creds?.accessKeyId);
    expect(second.roleCredentials?.secretAccessKey).not.toBe(creds?.secretAccessKey);
    const secrets = emu.issuedSecrets();
    for (const value of [creds?.accessKeyId, creds?.secretAccessKey, creds?.sessionToken, token]) {
      expect(secrets).toContain(value);
    }
    expect(first.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a revoked, expired or unknown token is 401 UnauthorizedException', async () => {
    const revoked = emu.issueAccessToken();
    const expired = emu.issueAccessToken();
    emu.revokeAccessToken(revoked);
    emu.expireAccessToken(expired);
    for (const token of [revoked, expired, 'aoa-unknown']) {
      const error = await rejectionOf(getCredentials(token));
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toBe('Session token not found or invalid');
      expect(error.$metadata?.httpStatusCode).toBe(401);
      expect(error.$metadata?.attempts).toBe(1);
    }
  });

  test('an unassigned account or role is 403 ForbiddenException "No access"', async () => {
    const token = emu.issueAccessToken();
    for (const [account, role] of [
      ['333333333333', 'ReadOnly'],
      ['222222222222', 'AdministratorAccess'],
    ] as const) {
      const error = await rejectionOf(getCredentials(token, account, role));
      expect(error.name).toBe('ForbiddenException');
      expect(error.message).toBe('No access');
      expect(error.$metadata?.httpStatusCode).toBe(403);
      expect(error.$fault).toBe('client');
    }
  });

  test('reads the query in any order and types errors in header and body', async () => {
    const token = emu.issueAccessToken();
    const headers = { 'x-amz-sso_bearer_token': token };
    const ok = await raw(
      emu,
      'GET',
      '/federation/credentials?role_name=ReadOnly&account_id=111111111111',
      headers,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/json');
    expect(ok.headers['x-amzn-requestid']).toBeDefined();
    expect(JSON.parse(ok.body).roleCredentials.expiration).toEqual(expect.any(Number));
    expect(emu.requests[0]?.query).toEqual({ role_name: 'ReadOnly', account_id: '111111111111' });

    const missing = await raw(emu, 'GET', '/federation/credentials?role_name=ReadOnly', headers);
    expect(missing.status).toBe(400);
    expect(missing.headers['x-amzn-errortype']).toBe('InvalidRequestException');
    expect(JSON.parse(missing.body)).toEqual({
      __type: 'InvalidRequestException',
      message: expect.any(String),
    });

    const anonymous = await raw(emu, 'GET', '/federation/credentials?role_name=a&account_id=1');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toEqual({
      __type: 'UnauthorizedException',
      message: 'Session token not found or invalid',
    });
  });

  test('an Authorization header is no substitute for the bearer header', async () => {
    const token = emu.issueAccessToken();
    const response = await raw(
      emu,
      'GET',
      '/federation/credentials?role_name=ReadOnly&account_id=111111111111',
      { authorization: `Bearer ${token}` },
    );
    expect(response.status).toBe(401);
  });

  test('an unknown path is a JSON 404', async () => {
    const response = await raw(emu, 'GET', '/nowhere');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body).__type).toBe('UnknownOperationException');
  });
});

describe('accountCount', () => {
  test('seeds that many generated accounts (1-3 roles in turn), then the accounts given', async () => {
    const big = await IdentityCenterEmulator.start({
      accountCount: 1000,
      accounts: [{ accountId: '999999999999', accountName: 'Extra', roles: ['Audit'] }],
    });
    const client = portalClient(big);
    try {
      const accessToken = big.issueAccessToken();
      const listed: { accountId?: string | undefined; accountName?: string | undefined }[] = [];
      for await (const page of paginateListAccounts({ client, pageSize: 100 }, { accessToken })) {
        listed.push(...(page.accountList ?? []));
      }
      expect(listed).toHaveLength(1001);
      expect(new Set(listed.map((a) => a.accountId)).size).toBe(1001);
      expect(listed[0]).toMatchObject({ accountId: '200000000999', accountName: 'Account 999' });
      expect(listed[999]).toMatchObject({ accountId: '200000000000', accountName: 'Account 000' });
      expect(listed[1000]).toMatchObject({ accountId: '999999999999', accountName: 'Extra' });
      const roles = async (accountId: string) => {
        const names: string[] = [];
        for await (const page of paginateListAccountRoles({ client }, { accessToken, accountId })) {
          for (const role of page.roleList ?? []) names.push(role.roleName ?? '');
        }
        return names;
      };
      expect(await roles('200000000000')).toEqual(['ReadOnly']);
      expect(await roles('200000000001')).toEqual(['ReadOnly', 'PowerUserAccess']);
      expect(await roles('200000000002')).toEqual([
        'ReadOnly',
        'PowerUserAccess',
        'AdministratorAccess',
      ]);
    } finally {
      await big.stop();
    }
  });

  test('names are as wide as the largest index (Account 0000 … Account 1233)', async () => {
    const accounts = generateAccounts(1234);
    expect(accounts.at(-1)?.accountName).toBe('Account 0000');
    expect(accounts[0]?.accountName).toBe('Account 1233');
    expect(generateAccounts(0)).toEqual([]);
  });
});

describe('pagination', () => {
  test('paginateListAccounts walks every account with pageSize', async () => {
    for (let i = 0; i < 45; i++) {
      const accountId = String(300000000000 + i);
      emu.addAccount({ accountId, accountName: `acct-${i}`, roles: ['ReadOnly'] });
    }
    const accessToken = emu.issueAccessToken();
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateListAccounts(
      { client: portal, pageSize: 10 },
      { accessToken },
    )) {
      pages += 1;
      for (const account of page.accountList ?? []) ids.push(account.accountId ?? '');
    }
    expect(pages).toBe(5);
    expect(ids).toHaveLength(47);
    expect(new Set(ids).size).toBe(47);
    expect(ids.slice(0, 2)).toEqual(['111111111111', '222222222222']);
    expect(emu.requests.map((r) => r.query.max_result)).toEqual(['10', '10', '10', '10', '10']);
    expect(emu.requests[0]?.query.next_token).toBeUndefined();
    expect(emu.requests[1]?.query.next_token).toEqual(expect.any(String));
  });

  test('paginateListAccountRoles walks every role of one account', async () => {
    const roles = Array.from({ length: 25 }, (_, i) => `Role${i}`);
    emu.addAccount({ accountId: '444444444444', accountName: 'Many roles', roles });
    const accessToken = emu.issueAccessToken();
    const seen: string[] = [];
    for await (const page of paginateListAccountRoles(
      { client: portal, pageSize: 7 },
      { accessToken, accountId: '444444444444' },
    )) {
      for (const role of page.roleList ?? []) {
        expect(role.accountId).toBe('444444444444');
        seen.push(role.roleName ?? '');
      }
    }
    expect(seen).toEqual(roles);
    expect(emu.requests).toHaveLength(4);
  });

  test('max_result outside 1..100 and foreign next tokens are 400', async () => {
    const accessToken = emu.issueAccessToken();
    const error = await rejectionOf(
      portal.send(new ListAccountsCommand({ accessToken, maxResults: 101 })),
    );
    expect(error.name).toBe('InvalidRequestException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    const headers = { 'x-amz-sso_bearer_token': accessToken };
    for (const query of ['max_result=0', 'max_result=abc', 'next_token=garbage']) {
      const response = await raw(emu, 'GET', `/assignment/accounts?${query}`, headers);
      expect(response.status).toBe(400);
    }
    const one = await portal.send(new ListAccountsCommand({ accessToken, maxResults: 1 }));
    const foreign = await raw(
      emu,
      'GET',
      `/assignment/roles?account_id=111111111111&next_token=${one.nextToken}`,
      headers,
    );
    expect(foreign.status).toBe(400);
  });
});

describe('Logout', () => {
  test('answers 200 with an empty body and ends the session', async () => {
    const session = emu.seedSession();
    await portal.send(new LogoutCommand({ accessToken: session.accessToken }));
    const entry = emu.requests.at(-1);
    expect(entry).toMatchObject({ method: 'POST', path: '/logout', status: 200 });
    expect(entry?.headers['content-length']).toBe('0');

    const after = await rejectionOf(getCredentials(session.accessToken));
    expect(after).toBeInstanceOf(UnauthorizedException);
    // The refresh token belonged to the same sign-in session.
    const refreshed = await rejectionOf(
      refresh(oidcClient(emu), session, session.refreshToken ?? ''),
    );
    expect(refreshed).toBeInstanceOf(InvalidGrantException);
  });

  test('the raw response has no body and no content type', async () => {
    const token = emu.issueAccessToken();
    const response = await raw(emu, 'POST', '/logout', { 'x-amz-sso_bearer_token': token });
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers['content-type']).toBeUndefined();
    expect(response.headers['x-amzn-requestid']).toBeDefined();
  });
});

describe('request log', () => {
  test('records query, headers and body; no Authorization is ever sent', async () => {
    const session = emu.seedSession();
    const token = await refresh(oidcClient(emu), session, session.refreshToken ?? '');
    await getCredentials(token.accessToken ?? '');
    const [tokenCall, credentialsCall] = emu.requests;
    expect(tokenCall).toMatchObject({
      method: 'POST',
      path: '/token',
      status: 200,
      faulted: false,
      throttled: false,
      body: {
        clientId: session.clientId,
        clientSecret: session.clientSecret,
        grantType: 'refresh_token',
        refreshToken: session.refreshToken,
      },
    });
    expect(tokenCall?.headers['content-type']).toBe('application/json');
    expect(credentialsCall).toMatchObject({
      method: 'GET',
      path: '/federation/credentials',
      query: { account_id: '111111111111', role_name: 'ReadOnly' },
      body: undefined,
      status: 200,
    });
    expect(credentialsCall?.headers['x-amz-sso_bearer_token']).toBe(token.accessToken);
    for (const entry of emu.requests) {
      expect(entry.headers.authorization).toBeUndefined();
      expect(entry.headers['x-amz-date']).toBeUndefined();
      expect(entry.headers['amz-sdk-request']).toBe('attempt=1; max=3');
    }
    emu.clearRequests();
    expect(emu.requests).toEqual([]);
  });

  test('error responses are logged with their type', async () => {
    await rejectionOf(getCredentials('aoa-unknown'));
    expect(emu.requests[0]).toMatchObject({ status: 401, errorType: 'UnauthorizedException' });
  });
});
