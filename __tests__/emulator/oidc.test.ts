import { GetRoleCredentialsCommand, SSOClient } from '@aws-sdk/client-sso';
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InvalidClientException,
  InvalidClientMetadataException,
  InvalidGrantException,
  RegisterClientCommand,
  SlowDownException,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  UnsupportedGrantTypeException,
} from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeEach, describe, expect, test } from '@jest/globals';
import { emulatorPerTest } from '../support/emulator-fixtures.js';
import {
  destroyClients,
  oidcClient,
  pollToken,
  portalClient,
  raw,
  refresh,
  rejectionOf,
  startDeviceFlow,
} from '../support/sdk.js';
import { sleep } from '../support/wait.js';

/** SSO OIDC fidelity: RegisterClient, StartDeviceAuthorization and CreateToken via the real SDK. */

const SCOPE = ['sso:account:access'];
const { emulator: emu, start: startEmulator } = emulatorPerTest({ deviceInterval: 0.2 });

afterAll(destroyClients);

function getCredentials(accessToken: string, client?: SSOClient) {
  const command = new GetRoleCredentialsCommand({
    accessToken,
    accountId: '111111111111',
    roleName: 'ReadOnly',
  });
  return (client ?? portalClient(emu)).send(command);
}

describe('RegisterClient', () => {
  beforeEach(() => startEmulator());

  test('returns a client with issue and expiry times in epoch seconds', async () => {
    const before = Math.floor(Date.now() / 1000);
    const out = await oidcClient(emu).send(
      new RegisterClientCommand({ clientName: 'c', clientType: 'public', scopes: SCOPE }),
    );
    expect(out.clientId).toMatch(/^cid-/);
    expect(out.clientSecret).toMatch(/^cs-.{60,}/);
    expect(out.clientIdIssuedAt).toBeGreaterThanOrEqual(before);
    expect(out.clientIdIssuedAt).toBeLessThan(before + 5);
    const lifetime = (out.clientSecretExpiresAt ?? 0) - (out.clientIdIssuedAt ?? 0);
    expect(lifetime).toBeGreaterThanOrEqual(90 * 24 * 3600 - 1);
    expect(lifetime).toBeLessThanOrEqual(90 * 24 * 3600 + 1);
    expect(emu.issuedSecrets()).toContain(out.clientSecret);
  });

  test('refuses a client type other than public', async () => {
    const error = await rejectionOf(
      oidcClient(emu).send(new RegisterClientCommand({ clientName: 'c', clientType: 'private' })),
    );
    expect(error).toBeInstanceOf(InvalidClientMetadataException);
    expect(error.error).toBe('invalid_client_metadata');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });
});

describe('device authorization flow', () => {
  beforeEach(() => startEmulator({ slowDownIncrementSeconds: 0.2 }));

  test('pending, slow_down, approval, then a refreshable token', async () => {
    const oidc = oidcClient(emu);
    const device = await startDeviceFlow(oidc, SCOPE);
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.interval).toBe(1);
    expect(device.expiresIn).toBe(600);
    expect(device.verificationUri).toBe(`${emu.url}/device`);
    expect(device.verificationUriComplete).toBe(`${emu.url}/device?user_code=${device.userCode}`);

    const pending = await rejectionOf(pollToken(oidc, device));
    expect(pending).toBeInstanceOf(AuthorizationPendingException);
    expect(pending.name).toBe('AuthorizationPendingException');
    expect(pending.error).toBe('authorization_pending');
    expect(pending.error_description).toBeTruthy();
    expect(pending.$metadata?.httpStatusCode).toBe(400);

    // Polled again at once: sooner than `interval`.
    const tooFast = await rejectionOf(pollToken(oidc, device));
    expect(tooFast).toBeInstanceOf(SlowDownException);
    expect(tooFast.error).toBe('slow_down');
    expect(tooFast.$metadata?.attempts).toBe(1);

    emu.approveDevice(device.userCode);
    // interval 0.2 s, plus the 0.2 s slow_down increment.
    await sleep(450);
    const token = await pollToken(oidc, device);
    expect(token.accessToken).toMatch(/^aoa-/);
    expect(token.tokenType).toBe('Bearer');
    expect(token.expiresIn).toBe(3600);
    expect(token.refreshToken).toMatch(/^aor-/);
    expect(emu.lastRefreshToken).toBe(token.refreshToken);

    const reused = await rejectionOf(pollToken(oidc, device));
    expect(reused).toBeInstanceOf(InvalidGrantException);
    expect(reused.error).toBe('invalid_grant');

    const credentials = await getCredentials(token.accessToken ?? '');
    expect(credentials.roleCredentials?.accessKeyId).toMatch(/^ASIA/);
  });

  test('a slowed-down client must also wait the increment', async () => {
    const oidc = oidcClient(emu);
    const device = await startDeviceFlow(oidc, SCOPE);
    await rejectionOf(pollToken(oidc, device));
    expect(await rejectionOf(pollToken(oidc, device))).toBeInstanceOf(SlowDownException);
    await sleep(250); // past the old interval, but not the grown one (0.4 s)
    expect(await rejectionOf(pollToken(oidc, device))).toBeInstanceOf(SlowDownException);
  });

  test('without sso:account:access the token is the legacy 8-hour one, no refresh token', async () => {
    emu.autoApproveDevices(0);
    const oidc = oidcClient(emu);
    const device = await startDeviceFlow(oidc);
    const token = await pollToken(oidc, device);
    expect(token.expiresIn).toBe(28800);
    expect(token.refreshToken).toBeUndefined();
    expect(emu.requests.at(-1)?.status).toBe(200);
  });

  test('autoApproveDevices approves after that many pending polls', async () => {
    emu.autoApproveDevices(2);
    const oidc = oidcClient(emu);
    const device = await startDeviceFlow(oidc, SCOPE);
    for (let i = 0; i < 2; i++) {
      expect(await rejectionOf(pollToken(oidc, device))).toBeInstanceOf(
        AuthorizationPendingException,
      );
      await sleep(220);
    }
    expect((await pollToken(oidc, device)).refreshToken).toBeDefined();
  });

  test('a denied authorization is access_denied', async () => {
    const oidc = oidcClient(emu);
    const device = await startDeviceFlow(oidc, SCOPE);
    emu.denyDevice(device.userCode);
    const error = await rejectionOf(pollToken(oidc, device));
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.error).toBe('access_denied');
  });

  test('control endpoints approve and deny over HTTP and stay out of the log', async () => {
    const oidc = oidcClient(emu);
    const approved = await startDeviceFlow(oidc, SCOPE);
    const denied = await startDeviceFlow(oidc, SCOPE);
    emu.clearRequests();
    const approve = await raw(emu, 'POST', `/__emulator/approve?user_code=${approved.userCode}`);
    const deny = await raw(emu, 'POST', `/__emulator/deny?user_code=${denied.userCode}`);
    const unknown = await raw(emu, 'POST', '/__emulator/approve?user_code=NOPE-NOPE');
    expect([approve.status, deny.status, unknown.status]).toEqual([204, 204, 404]);
    expect(emu.requests).toEqual([]);
    expect((await pollToken(oidc, approved)).accessToken).toBeDefined();
    expect(await rejectionOf(pollToken(oidc, denied))).toBeInstanceOf(AccessDeniedException);
    expect(emu.pendingUserCodes()).toEqual([]);
  });

  test('an unknown device code is invalid_grant', async () => {
    const oidc = oidcClient(emu);
    const device = await startDeviceFlow(oidc, SCOPE);
    const error = await rejectionOf(pollToken(oidc, { ...device, deviceCode: 'dc-unknown' }));
    expect(error).toBeInstanceOf(InvalidGrantException);
  });

  test('StartDeviceAuthorization with a wrong secret is a 401 invalid_client', async () => {
    const oidc = oidcClient(emu);
    const device = await startDeviceFlow(oidc, SCOPE);
    const error = await rejectionOf(
      oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: device.clientId,
          clientSecret: 'cs-wrong',
          startUrl: 'https://d-1234567890.awsapps.com/start',
        }),
      ),
    );
    expect(error).toBeInstanceOf(InvalidClientException);
    expect(error.$metadata?.httpStatusCode).toBe(401);
  });
});

describe('device code expiry', () => {
  beforeEach(() => startEmulator({ deviceCodeTtlSeconds: 0.3 }));

  test('polling after expiresIn is expired_token', async () => {
    const oidc = oidcClient(emu);
    const device = await startDeviceFlow(oidc, SCOPE);
    emu.approveDevice(device.userCode);
    await sleep(400);
    const error = await rejectionOf(pollToken(oidc, device));
    expect(error).toBeInstanceOf(ExpiredTokenException);
    expect(error.error).toBe('expired_token');
  });
});

describe('refresh_token grant', () => {
  test('rotates the refresh token and revokes the old one', async () => {
    await startEmulator();
    const session = emu.seedSession();
    const oidc = oidcClient(emu);
    const first = await refresh(oidc, session, session.refreshToken ?? '');
    expect(first.accessToken).not.toBe(session.accessToken);
    expect(first.expiresIn).toBe(3600);
    expect(first.refreshToken).toMatch(/^aor-/);
    expect(first.refreshToken).not.toBe(session.refreshToken);
    expect(emu.isRefreshTokenValid(session.refreshToken ?? '')).toBe(false);

    const stale = await rejectionOf(refresh(oidc, session, session.refreshToken ?? ''));
    expect(stale).toBeInstanceOf(InvalidGrantException);
    expect(stale.error).toBe('invalid_grant');
    expect(stale.$metadata?.httpStatusCode).toBe(400);

    const second = await refresh(oidc, session, first.refreshToken ?? '');
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expect(getCredentials(second.accessToken ?? '')).resolves.toBeDefined();
  });

  test('without rotation the same refresh token comes back and keeps working', async () => {
    await startEmulator({ rotateRefreshTokens: false, accessTokenTtlSeconds: 900 });
    const session = emu.seedSession();
    const oidc = oidcClient(emu);
    const first = await refresh(oidc, session, session.refreshToken ?? '');
    const second = await refresh(oidc, session, session.refreshToken ?? '');
    expect(first.refreshToken).toBe(session.refreshToken);
    expect(second.refreshToken).toBe(session.refreshToken);
    expect(second.expiresIn).toBe(900);
    expect(second.accessToken).not.toBe(first.accessToken);
  });

  test('a wrong secret or an expired registration is a 401 invalid_client', async () => {
    await startEmulator();
    const session = emu.seedSession();
    const oidc = oidcClient(emu);
    const wrong = await rejectionOf(
      refresh(oidc, { ...session, clientSecret: 'cs-wrong' }, session.refreshToken ?? ''),
    );
    expect(wrong).toBeInstanceOf(InvalidClientException);
    expect(wrong.name).toBe('InvalidClientException');
    expect(wrong.error).toBe('invalid_client');
    expect(wrong.$metadata?.httpStatusCode).toBe(401);
    expect(wrong.$metadata?.attempts).toBe(1);

    emu.expireRegistration(session.clientId);
    const expired = await rejectionOf(refresh(oidc, session, session.refreshToken ?? ''));
    expect(expired).toBeInstanceOf(InvalidClientException);
    expect(expired.error_description).toMatch(/expired/);
  });

  test('a revoked, unknown or other-client refresh token is invalid_grant', async () => {
    await startEmulator();
    const mine = emu.seedSession();
    const theirs = emu.seedSession();
    const oidc = oidcClient(emu);
    const foreign = await rejectionOf(refresh(oidc, mine, theirs.refreshToken ?? ''));
    expect(foreign).toBeInstanceOf(InvalidGrantException);
    expect(await rejectionOf(refresh(oidc, mine, 'aor-unknown'))).toBeInstanceOf(
      InvalidGrantException,
    );
    emu.revokeRefreshToken(mine.refreshToken ?? '');
    expect(await rejectionOf(refresh(oidc, mine, mine.refreshToken ?? ''))).toBeInstanceOf(
      InvalidGrantException,
    );
  });

  test('a legacy (no-scope) seeded session has no refresh token and an 8-hour token', async () => {
    await startEmulator();
    const session = emu.seedSession({ scopes: [] });
    expect(session.refreshToken).toBeUndefined();
    const hours = (session.accessTokenExpiresAt.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeCloseTo(8, 1);
    expect(emu.sessionDocument(session)).not.toHaveProperty('refreshToken');
  });

  test('any other grant type is unsupported_grant_type', async () => {
    await startEmulator();
    const session = emu.seedSession();
    const error = await rejectionOf(
      oidcClient(emu).send(
        new CreateTokenCommand({
          clientId: session.clientId,
          clientSecret: session.clientSecret,
          grantType: 'client_credentials',
        }),
      ),
    );
    expect(error).toBeInstanceOf(UnsupportedGrantTypeException);
    expect(error.error).toBe('unsupported_grant_type');
  });
});

describe('endpoint from the environment', () => {
  const names = ['AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC'] as const;

  test('AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC reach the emulator', async () => {
    await startEmulator();
    const saved = names.map((name) => process.env[name]);
    process.env.AWS_ENDPOINT_URL_SSO = emu.url;
    process.env.AWS_ENDPOINT_URL_SSO_OIDC = emu.url;
    const oidc = new SSOOIDCClient({ region: 'eu-west-1' });
    const portal = new SSOClient({ region: 'eu-west-1' });
    try {
      const session = emu.seedSession({ region: 'eu-west-1' });
      const token = await refresh(oidc, session, session.refreshToken ?? '');
      const credentials = await getCredentials(token.accessToken ?? '', portal);
      expect(credentials.roleCredentials?.sessionToken).toBeDefined();
      expect(emu.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /token',
        'GET /federation/credentials',
      ]);
    } finally {
      oidc.destroy();
      portal.destroy();
      names.forEach((name, i) => {
        const value = saved[i];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      });
    }
  });
});
