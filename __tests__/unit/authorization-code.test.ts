import {
  AccessDeniedException,
  InvalidGrantException,
  SSOOIDCClient,
} from '@aws-sdk/client-sso-oidc';
import { afterEach, describe, expect, test } from '@jest/globals';
import type { RetryPolicy } from '../../src/http/retry.js';
import { UserError } from '../../src/shared/errors.js';
import {
  authorizationCodeLogin,
  authorizeUrl,
  type CallbackReceiver,
  challengeOf,
  createPkcePair,
  LOOPBACK_REDIRECT_URI,
  resolveOidcEndpoint,
} from '../../src/sso/authorization-code.js';
import { IdentityCenterError } from '../../src/sso/identity-center-error.js';

/** The PKCE pieces, and the sign-in against a scripted SSO OIDC client and callback receiver. */

const NO_RETRY: RetryPolicy = {
  maxAttempts: 1,
  baseDelayMs: 0,
  throttlingBaseDelayMs: 0,
  maxDelayMs: 0,
};
const REDIRECT = 'http://127.0.0.1:40000/oauth/callback';
const REQUEST = {
  startUrl: 'https://d-1234567890.awsapps.com/start',
  region: 'eu-west-1',
  clientName: 'aws-sso-credentials',
};
const REGISTRATION = {
  clientId: 'cid-1',
  clientSecret: 'cs-secret-1',
  clientSecretExpiresAt: 1_800_000_000,
};
const TOKEN = { accessToken: 'aoa-access', expiresIn: 3600, refreshToken: 'aor-refresh' };

describe('PKCE', () => {
  test('S256 of the RFC 7636 Appendix B verifier', () => {
    expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  test('verifiers are 64 unreserved characters, fresh every time, with their challenge', () => {
    const pairs = Array.from({ length: 50 }, () => createPkcePair());
    for (const { verifier, challenge } of pairs) {
      expect(verifier).toMatch(/^[A-Za-z0-9._~-]{64}$/);
      expect(challenge).toBe(challengeOf(verifier));
      expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(new Set(pairs.map((pair) => pair.verifier)).size).toBe(50);
    // Every character class turns up: the alphabet is used whole, not just base64url's part.
    const all = pairs.map((pair) => pair.verifier).join('');
    expect(all).toMatch(/[.]/);
    expect(all).toMatch(/[~]/);
  });
});

describe('authorizeUrl', () => {
  test('the AWS CLI query on the endpoint origin: key "scopes", %20 between scopes', () => {
    const url = authorizeUrl(new URL('https://oidc.eu-west-1.amazonaws.com/'), {
      clientId: 'cid-1',
      redirectUri: REDIRECT,
      state: 'b1946ac9-2a5e-4d4b-9e4c-f4b6c2a9d3f1',
      challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      scopes: ['sso:account:access', 'codewhisperer:completions'],
    });
    expect(url).toBe(
      'https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=cid-1' +
        '&redirect_uri=http%3A%2F%2F127.0.0.1%3A40000%2Foauth%2Fcallback' +
        '&state=b1946ac9-2a5e-4d4b-9e4c-f4b6c2a9d3f1&code_challenge_method=S256' +
        '&scopes=sso%3Aaccount%3Aaccess%20codewhisperer%3Acompletions' +
        '&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  test('an endpoint override with a path keeps only its origin', () => {
    const url = authorizeUrl(new URL('http://127.0.0.1:9000/some/prefix'), {
      clientId: 'c',
      redirectUri: REDIRECT,
      state: 's',
      challenge: 'x',
      scopes: [],
    });
    expect(url.startsWith('http://127.0.0.1:9000/authorize?response_type=code&')).toBe(true);
  });
});

describe('resolveOidcEndpoint', () => {
  const saved = process.env.AWS_ENDPOINT_URL_SSO_OIDC;
  const clients: SSOOIDCClient[] = [];
  const client = (region: string) => {
    const created = new SSOOIDCClient({ region });
    clients.push(created);
    return created;
  };
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SSO_OIDC;
    else process.env.AWS_ENDPOINT_URL_SSO_OIDC = saved;
    for (const created of clients.splice(0)) created.destroy();
  });

  test('the regional endpoint, per partition, as the SDK resolves it', async () => {
    delete process.env.AWS_ENDPOINT_URL_SSO_OIDC;
    expect((await resolveOidcEndpoint(client('eu-west-1'))).href).toBe(
      'https://oidc.eu-west-1.amazonaws.com/',
    );
    expect((await resolveOidcEndpoint(client('cn-north-1'))).href).toBe(
      'https://oidc.cn-north-1.amazonaws.com.cn/',
    );
  });

  test('AWS_ENDPOINT_URL_SSO_OIDC wins, as it does for the API calls', async () => {
    process.env.AWS_ENDPOINT_URL_SSO_OIDC = 'http://127.0.0.1:9000';
    expect((await resolveOidcEndpoint(client('us-east-1'))).href).toBe('http://127.0.0.1:9000/');
  });
});

type Answer = object | Error;

function fakeOidc(answers: Record<string, Answer[]>) {
  const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
  const send = async (command: { constructor: { name: string }; input: object }) => {
    const name = command.constructor.name;
    sent.push({ name, input: command.input as Record<string, unknown> });
    const answer = answers[name]?.shift();
    if (answer === undefined) throw new Error(`unexpected ${name}`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { client: { send } as unknown as SSOOIDCClient, sent };
}

/** A receiver that answers with `code` for the state it is asked about, and records it. */
function receiver(code: string | Error): CallbackReceiver & { states: string[] } {
  const states: string[] = [];
  return {
    redirectUri: REDIRECT,
    states,
    waitForCode: async (state) => {
      states.push(state);
      if (code instanceof Error) throw code;
      return code;
    },
  };
}

const ENDPOINT = new URL('https://oidc.eu-west-1.amazonaws.com');

describe('authorizationCodeLogin', () => {
  test('registers as the AWS CLI does, opens the URL, and redeems the code with the verifier', async () => {
    const oidc = fakeOidc({ RegisterClientCommand: [REGISTRATION], CreateTokenCommand: [TOKEN] });
    const back = receiver('ac-the-code');
    const presented: string[] = [];
    const masked: string[] = [];
    const before = Date.now();
    const session = await authorizationCodeLogin(
      oidc.client,
      REQUEST,
      back,
      (url) => void presented.push(url),
      { mask: (secret) => masked.push(secret), retry: NO_RETRY, oidcEndpoint: ENDPOINT },
    );
    expect(oidc.sent[0]).toEqual({
      name: 'RegisterClientCommand',
      input: {
        clientName: 'aws-sso-credentials',
        clientType: 'public',
        scopes: ['sso:account:access'],
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: [LOOPBACK_REDIRECT_URI],
        issuerUrl: REQUEST.startUrl,
      },
    });
    const url = new URL(presented[0] ?? '');
    expect(url.origin + url.pathname).toBe('https://oidc.eu-west-1.amazonaws.com/authorize');
    expect(url.searchParams.get('client_id')).toBe('cid-1');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(url.searchParams.get('state')).toBe(back.states[0]);
    expect(back.states[0]).toMatch(/^[0-9a-f-]{36}$/);
    const create = oidc.sent[1]?.input ?? {};
    expect(create).toMatchObject({
      clientId: 'cid-1',
      clientSecret: 'cs-secret-1',
      grantType: 'authorization_code',
      code: 'ac-the-code',
      redirectUri: REDIRECT,
    });
    expect(challengeOf(String(create.codeVerifier))).toBe(url.searchParams.get('code_challenge'));
    expect(masked).toEqual(
      expect.arrayContaining(['cs-secret-1', create.codeVerifier, 'ac-the-code', 'aoa-access']),
    );
    expect(session).toMatchObject({
      startUrl: REQUEST.startUrl,
      region: 'eu-west-1',
      accessToken: 'aoa-access',
      refreshToken: 'aor-refresh',
      clientId: 'cid-1',
      clientSecret: 'cs-secret-1',
      registrationExpiresAt: new Date(1_800_000_000_000),
    });
    expect(session.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 3600_000);
  });

  test('what the receiver rejects with ends the sign-in before any CreateToken', async () => {
    const oidc = fakeOidc({ RegisterClientCommand: [REGISTRATION] });
    const denied = new UserError('denied in the browser');
    const login = authorizationCodeLogin(oidc.client, REQUEST, receiver(denied), () => {}, {
      mask: () => {},
      retry: NO_RETRY,
      oidcEndpoint: ENDPOINT,
    });
    await expect(login).rejects.toBe(denied);
    expect(oidc.sent.map((s) => s.name)).toEqual(['RegisterClientCommand']);
  });

  test('invalid_grant and access_denied from CreateToken are problems about the code', async () => {
    const meta = { $metadata: { httpStatusCode: 400 } };
    const cases: [Error, 'invalid_grant' | 'denied', RegExp][] = [
      [
        new InvalidGrantException({ ...meta, message: 'x' }),
        'invalid_grant',
        /refused the authorization code/,
      ],
      [new AccessDeniedException({ ...meta, message: 'x' }), 'denied', /denied the token request/],
    ];
    for (const [answer, reason, sentence] of cases) {
      const oidc = fakeOidc({
        RegisterClientCommand: [REGISTRATION],
        CreateTokenCommand: [answer],
      });
      const login = authorizationCodeLogin(oidc.client, REQUEST, receiver('ac-x'), () => {}, {
        mask: () => {},
        retry: NO_RETRY,
        oidcEndpoint: ENDPOINT,
      });
      const error = await login.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(IdentityCenterError);
      expect((error as IdentityCenterError).problem).toEqual({
        kind: 'authorization-code-refused',
        reason,
      });
      expect((error as Error).message).toMatch(sentence);
    }
  });

  test('a failure to present the URL leaves no unhandled rejection behind', async () => {
    const oidc = fakeOidc({ RegisterClientCommand: [REGISTRATION] });
    const late = receiver(new UserError('timed out later'));
    const login = authorizationCodeLogin(
      oidc.client,
      REQUEST,
      late,
      () => {
        throw new Error('terminal gone');
      },
      { mask: () => {}, retry: NO_RETRY, oidcEndpoint: ENDPOINT },
    );
    await expect(login).rejects.toThrow('terminal gone');
  });
});
