import { createHash } from 'node:crypto';
import {
  CreateTokenCommand,
  InvalidGrantException,
  InvalidRedirectUriException,
  RegisterClientCommand,
  type SSOOIDCClient,
} from '@aws-sdk/client-sso-oidc';
import { afterAll, afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator } from '../../emulator/index.js';
import {
  destroyClients,
  oidcClient,
  pollToken,
  rejectionOf,
  startDeviceFlow,
} from '../support/sdk.js';
import {
  decideAuthorization,
  decideDevice,
  getPage,
  hiddenField,
  postForm,
} from '../support/sign-in-pages.js';

/**
 * The pages a person sees (GET /authorize, the device-verification page) and the
 * authorization_code grant behind them, over real HTTP: forms posted as a browser posts them,
 * tokens redeemed through the real SDK.
 */

const SCOPE = 'sso:account:access';
const REGISTERED_REDIRECT = 'http://127.0.0.1/oauth/callback';
const REDIRECT = 'http://127.0.0.1:54321/oauth/callback';
/** RFC 7636 Appendix B. */
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

let emu: IdentityCenterEmulator;
let oidc: SSOOIDCClient;

beforeEach(async () => {
  emu = await IdentityCenterEmulator.start({ deviceInterval: 0.2 });
  oidc = oidcClient(emu);
});

afterEach(async () => emu.stop());
afterAll(destroyClients);

interface Registered {
  readonly clientId: string;
  readonly clientSecret: string;
}

async function registerPkceClient(clientName = 'aws-sso-credentials'): Promise<Registered> {
  const response = await oidc.send(
    new RegisterClientCommand({
      clientName,
      clientType: 'public',
      grantTypes: [AUTHORIZATION_CODE, 'refresh_token'],
      redirectUris: [REGISTERED_REDIRECT],
      issuerUrl: 'https://d-1234567890.awsapps.com/start',
      scopes: [SCOPE],
    }),
  );
  return { clientId: response.clientId ?? '', clientSecret: response.clientSecret ?? '' };
}

const AUTHORIZATION_CODE = 'authorization_code';

function authorizeUrl(client: Registered, overrides: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT,
    state: 'state-1',
    code_challenge_method: 'S256',
    scopes: SCOPE,
    code_challenge: CHALLENGE,
    ...overrides,
  });
  return `${emu.url}/authorize?${query}`;
}

function redeem(client: Registered, code: string, overrides: Record<string, string> = {}) {
  return oidc.send(
    new CreateTokenCommand({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      grantType: AUTHORIZATION_CODE,
      code,
      redirectUri: REDIRECT,
      codeVerifier: VERIFIER,
      ...overrides,
    }),
  );
}

/** The code of an approved authorization, from the redirect the decision sends. */
async function approvedCode(client: Registered): Promise<string> {
  const decision = await decideAuthorization(authorizeUrl(client));
  expect(decision.status).toBe(303);
  const location = new URL(decision.location ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  expect(location.searchParams.get('state')).toBe('state-1');
  return location.searchParams.get('code') ?? '';
}

test('the RFC 7636 test vector is the S256 the emulator computes', () => {
  expect(createHash('sha256').update(VERIFIER).digest('base64url')).toBe(CHALLENGE);
});

describe('authorization code with PKCE', () => {
  test('sign in, Allow, then CreateToken with the verifier gives a refreshable token', async () => {
    const client = await registerPkceClient();
    const code = await approvedCode(client);
    expect(code).toMatch(/^ac-/);
    expect(emu.issuedSecrets()).toContain(code);
    const token = await redeem(client, code);
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(emu.isAccessTokenValid(token.accessToken ?? '')).toBe(true);
    expect(token.refreshToken).toBe(emu.lastRefreshToken);
    const [request] = emu.authorizationRequests();
    expect(request).toMatchObject({ redirectUri: REDIRECT, state: 'state-1', scopes: [SCOPE] });
  });

  test('autoAuthorize: /authorize answers at once with the code; bad requests as before', async () => {
    const client = await registerPkceClient();
    emu.autoAuthorize();
    const page = await getPage(authorizeUrl(client));
    expect(page.status).toBe(303);
    const location = new URL(page.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('state-1');
    const code = location.searchParams.get('code') ?? '';
    expect(code).toMatch(/^ac-/);
    expect(await redeem(client, code)).toMatchObject({ tokenType: 'Bearer' });
    // Decided once: the request is closed, as after Allow.
    expect(emu.authorizationRequests()).toHaveLength(1);
    const refused = await getPage(authorizeUrl(client, { code_challenge_method: 'plain' }));
    expect(new URL(refused.location ?? '').searchParams.get('error')).toBe('invalid_request');
    const unknown = await getPage(authorizeUrl({ clientId: 'nobody', clientSecret: 'x' }));
    expect(unknown.status).toBe(400);
    emu.autoAuthorize(false);
    expect((await getPage(authorizeUrl(client))).status).toBe(200);
  });

  test('the pages are plain forms with safe headers, and escape what they show', async () => {
    const client = await registerPkceClient('<img src=x onerror=alert(1)>');
    const page = await getPage(authorizeUrl(client));
    expect(page.status).toBe(200);
    expect(page.title).toBe('Sign in');
    expect(page.html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(page.html).not.toContain('<img');
    expect(page.html).not.toContain('<script');
    const response = await fetch(authorizeUrl(client));
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('Deny sends the browser back with error=access_denied and the state', async () => {
    const client = await registerPkceClient();
    const decision = await decideAuthorization(authorizeUrl(client), { decision: 'deny' });
    expect(decision.status).toBe(303);
    const location = new URL(decision.location ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-1');
    expect(location.searchParams.get('code')).toBeNull();
  });

  test('a wrong password shows the form again; a decided request cannot be decided twice', async () => {
    const client = await registerPkceClient();
    const signIn = await getPage(authorizeUrl(client));
    const request = hiddenField(signIn, 'request');
    const wrong = await postForm(`${emu.url}/authorize/sign-in`, {
      request,
      username: 'emulator-user',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('Incorrect username or password.');
    const consent = await postForm(`${emu.url}/authorize/sign-in`, {
      request,
      username: 'emulator-user',
      password: 'emulator-password',
    });
    const ticket = hiddenField(consent, 'ticket');
    const first = await postForm(`${emu.url}/authorize/decision`, { ticket, decision: 'allow' });
    expect(first.status).toBe(303);
    const again = await postForm(`${emu.url}/authorize/decision`, { ticket, decision: 'allow' });
    expect(again.status).toBe(400);
    expect(again.title).toBe('Request expired');
  });

  test('an unknown client or an unregistered redirect gets an error page, never a redirect', async () => {
    const client = await registerPkceClient();
    const unknown = await getPage(authorizeUrl(client, { client_id: 'cid-nobody' }));
    expect(unknown.status).toBe(400);
    expect(unknown.location).toBeUndefined();
    for (const redirect of [
      'http://127.0.0.1:54321/elsewhere',
      'http://evil.example/oauth/callback',
      'https://127.0.0.1:54321/oauth/callback',
    ]) {
      const page = await getPage(authorizeUrl(client, { redirect_uri: redirect }));
      expect(page.status).toBe(400);
      expect(page.title).toBe('Invalid redirect');
      expect(page.location).toBeUndefined();
    }
  });

  test('bad PKCE parameters and unregistered scopes go back as OAuth errors', async () => {
    const client = await registerPkceClient();
    const cases: [Record<string, string>, string][] = [
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'short' }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scopes: 'sso:account:access codewhisperer:completions' }, 'invalid_scope'],
    ];
    for (const [overrides, error] of cases) {
      const page = await getPage(authorizeUrl(client, overrides));
      expect(page.status).toBe(303);
      const location = new URL(page.location ?? '');
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('state-1');
    }
  });

  test('a device-code client may not use /authorize (unauthorized_client)', async () => {
    const response = await oidc.send(
      new RegisterClientCommand({
        clientName: 'device-only',
        clientType: 'public',
        grantTypes: ['urn:ietf:params:oauth:grant-type:device_code'],
        redirectUris: [REGISTERED_REDIRECT],
        scopes: [SCOPE],
      }),
    );
    const client = { clientId: response.clientId ?? '', clientSecret: '' };
    const page = await getPage(authorizeUrl(client));
    expect(new URL(page.location ?? '').searchParams.get('error')).toBe('unauthorized_client');
  });

  test('a wrong verifier is invalid_grant, and it uses the code up', async () => {
    const client = await registerPkceClient();
    const code = await approvedCode(client);
    const wrong = await rejectionOf(redeem(client, code, { codeVerifier: 'x'.repeat(64) }));
    expect(wrong).toBeInstanceOf(InvalidGrantException);
    expect(wrong.error_description).toMatch(/codeVerifier/);
    const right = await rejectionOf(redeem(client, code));
    expect(right).toBeInstanceOf(InvalidGrantException);
  });

  test('the redirect URI must be the one /authorize was given, port included', async () => {
    const client = await registerPkceClient();
    const code = await approvedCode(client);
    const other = 'http://127.0.0.1:54322/oauth/callback';
    const error = await rejectionOf(redeem(client, code, { redirectUri: other }));
    expect(error).toBeInstanceOf(InvalidGrantException);
    expect(error.error_description).toMatch(/redirectUri/);
  });

  test('a code is single-use, bound to its client, and short-lived', async () => {
    const client = await registerPkceClient();
    const code = await approvedCode(client);
    await redeem(client, code);
    expect(await rejectionOf(redeem(client, code))).toBeInstanceOf(InvalidGrantException);

    const other = await registerPkceClient();
    const stolen = await approvedCode(client);
    expect(await rejectionOf(redeem(other, stolen))).toBeInstanceOf(InvalidGrantException);

    await emu.stop();
    emu = await IdentityCenterEmulator.start({ authorizationCodeTtlSeconds: 0 });
    oidc = oidcClient(emu);
    const quick = await registerPkceClient();
    const expired = await approvedCode(quick);
    expect(await rejectionOf(redeem(quick, expired))).toBeInstanceOf(InvalidGrantException);
  });

  test('RegisterClient for authorization_code needs a redirect URI', async () => {
    const error = await rejectionOf(
      oidc.send(
        new RegisterClientCommand({
          clientName: 'no-redirect',
          clientType: 'public',
          grantTypes: [AUTHORIZATION_CODE],
          scopes: [SCOPE],
        }),
      ),
    );
    expect(error).toBeInstanceOf(InvalidRedirectUriException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  test('the pages are not API traffic: not logged, faulted or throttled', async () => {
    const client = await registerPkceClient();
    emu.clearRequests();
    emu.injectFault('/authorize', { kind: 'status', status: 500 }, Number.POSITIVE_INFINITY);
    emu.setRateLimit({ requestsPerSecond: 0.001, burst: 1 });
    await approvedCode(client);
    expect(emu.requests).toEqual([]);
  });
});

describe('device verification page', () => {
  test('the code from verificationUriComplete, a sign-in and Allow approve the device', async () => {
    const device = await startDeviceFlow(oidc, [SCOPE]);
    const page = await getPage(device.verificationUriComplete);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`value="${device.userCode}"`);
    const decided = await decideDevice(device.verificationUriComplete);
    expect(decided.title).toBe('Request approved');
    const token = await pollToken(oidc, device);
    expect(emu.isAccessTokenValid(token.accessToken ?? '')).toBe(true);
  });

  test('Deny makes the next poll access_denied', async () => {
    const device = await startDeviceFlow(oidc, [SCOPE]);
    const decided = await decideDevice(device.verificationUriComplete, { decision: 'deny' });
    expect(decided.title).toBe('Request denied');
    const error = await rejectionOf(pollToken(oidc, device));
    expect(error.name).toBe('AccessDeniedException');
  });

  test('a mistyped code or a wrong password shows the form again with the reason', async () => {
    const device = await startDeviceFlow(oidc, [SCOPE]);
    const mistyped = await decideDevice(`${emu.url}/device?user_code=BCDF-GHJK`);
    expect(mistyped.status).toBe(400);
    expect(mistyped.html).toContain('That code is not valid');
    const wrong = await decideDevice(device.verificationUriComplete, { password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(emu.pendingUserCodes()).toEqual([device.userCode]);
  });
});
