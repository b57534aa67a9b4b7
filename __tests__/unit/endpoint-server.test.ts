import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { IdentityCenterEmulator } from '../../emulator/index.js';
import { RoleKeeper } from '../../src/endpoint/role-keeper.js';
import { createEndpointServer, errorDocument } from '../../src/endpoint/server.js';
import { SessionKeeper } from '../../src/endpoint/session-keeper.js';
import { CREDENTIALS_PATH, DEFAULT_ROLE_KEY } from '../../src/shared/endpoint-protocol.js';
import { createClients, type IdentityCenterClients } from '../../src/sso/clients.js';
import { get } from '../support/endpoints.js';

/**
 * The endpoint's serving and renewal in process, against the emulator: coalescing (a burst of
 * clients at an expiry makes one GetRoleCredentials), the still-valid credentials during a
 * renewal, the refusals, and the error document of a session that ended.
 */

const SECRETS = { authorization: 'a'.repeat(64), control: 'c'.repeat(64), seal: 's'.repeat(64) };
const GET_ROLE_CREDENTIALS = '/federation/credentials';

let emulator: IdentityCenterEmulator;
let clients: IdentityCenterClients;
const servers: Server[] = [];
const keepers: RoleKeeper[] = [];

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({ credentialsTtlSeconds: 900 });
  process.env.AWS_ENDPOINT_URL_SSO = emulator.url;
  process.env.AWS_ENDPOINT_URL_SSO_OIDC = emulator.url;
  clients = await createClients('us-east-1', { maxAttempts: 2 });
});
afterEach(async () => {
  for (const keeper of keepers.splice(0)) keeper.stop();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});
afterAll(async () => {
  clients.oidc.destroy();
  clients.portal.destroy();
  await emulator.stop();
});

/** A keeper whose credentials expire at `expiration`, served at CREDENTIALS_PATH. */
async function serve(accessToken: string, expiration: Date) {
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const session = new SessionKeeper({ accessToken }, clients.oidc, clients.refreshRetry);
  const keeper = new RoleKeeper(
    {
      key: DEFAULT_ROLE_KEY,
      accountId: '111111111111',
      roleName: 'ReadOnly',
      current: {
        AccessKeyId: 'ASIASTEPSOWN00000000',
        SecretAccessKey: 'step/own/secret/0000000000000000000000',
        Token: 'IQoJb3JpZ2luSTEPSOWN000000000000',
        Expiration: expiration.toISOString(),
        AccountId: '111111111111',
      },
    },
    {
      portal: clients.portal,
      retry: clients.retry,
      session,
      clientOptions: {},
      loadSts: () => Promise.reject(new Error('no chain')),
      onPermanentFailure: () => undefined,
    },
  );
  keepers.push(keeper);
  const server = createEndpointServer(SECRETS, {
    roles: new Map([[DEFAULT_ROLE_KEY, keeper]]),
    closeAnswer: () => '{}',
    onClosed: () => undefined,
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${CREDENTIALS_PATH}`, keeper };
}

const calls = () => emulator.requests.filter((r) => r.path === GET_ROLE_CREDENTIALS).length;

describe('the credential endpoint', () => {
  test('sixteen clients at an expiry: one GetRoleCredentials, the same new credentials for all', async () => {
    const { accessToken } = emulator.seedSession();
    const { url } = await serve(accessToken, new Date(Date.now() - 1_000));
    const before = calls();
    const answers = await Promise.all(
      Array.from({ length: 16 }, () => get(url, { authorization: SECRETS.authorization })),
    );
    expect(calls() - before).toBe(1);
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    const keys = new Set(answers.map((a) => JSON.parse(a.body).AccessKeyId));
    expect(keys.size).toBe(1);
    const [key] = [...keys];
    expect(emulator.credentialsExpiryMs(key)).toBeGreaterThan(Date.now());
  });

  test('during a renewal, clients get the still-valid credentials at once; no client causes a call', async () => {
    const { accessToken } = emulator.seedSession();
    const { url, keeper } = await serve(accessToken, new Date(Date.now() + 60_000));
    emulator.setLatency(1_500);
    try {
      const before = calls();
      const renewal = keeper.renew();
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 16 }, () => get(url, { authorization: SECRETS.authorization })),
      );
      // Not waiting for the 1.5 s call (a generous bound for a loaded machine).
      expect(Date.now() - started).toBeLessThan(1_400);
      expect(new Set(answers.map((a) => JSON.parse(a.body).AccessKeyId))).toEqual(
        new Set(['ASIASTEPSOWN00000000']),
      );
      await renewal;
      expect(calls() - before).toBe(1);
    } finally {
      emulator.setLatency(0);
    }
  });

  test.each([
    [{}, 401],
    [{ authorization: 'b'.repeat(64) }, 403],
    [{ authorization: SECRETS.authorization.slice(1) }, 403],
    [{ authorization: SECRETS.control }, 403],
  ])('authorization %p: %p and an empty body', async (headers, status) => {
    const { url } = await serve(emulator.seedSession().accessToken, new Date(Date.now() + 60_000));
    expect(await get(url, headers)).toEqual({ status, body: '' });
    expect(await get(`${url}/../control/close`, headers)).toEqual({ status, body: '' });
  });

  test('a revoked session: still-valid credentials until they expire, then the error in both spellings', async () => {
    const { accessToken } = emulator.seedSession();
    const { url, keeper } = await serve(accessToken, new Date(Date.now() + 1_500));
    emulator.revokeAccessToken(accessToken);
    await keeper.renew();
    expect(keeper.failure?.permanent).toBe(true);
    expect((await get(url, { authorization: SECRETS.authorization })).status).toBe(200);
    await new Promise((done) => setTimeout(done, 1_600));
    const answer = await get(url, { authorization: SECRETS.authorization });
    expect(answer.status).toBe(403);
    const document = JSON.parse(answer.body);
    expect(Object.keys(document)).toEqual(['code', 'message', 'Code', 'Message']);
    expect(document.Code).toBe('SessionEnded');
    expect(document.message).toBe(document.Message);
    expect(document.Message).toMatch(
      /^aws-sso-credentials: IAM Identity Center rejected the access token .* sign in again with `aws-sso-credentials login --gh-secret NAME`/,
    );
  });

  test('errorDocument: both spellings, one message', () => {
    expect(JSON.parse(errorDocument('X', 'y'))).toEqual({
      code: 'X',
      message: 'aws-sso-credentials: y',
      Code: 'X',
      Message: 'aws-sso-credentials: y',
    });
  });
});
