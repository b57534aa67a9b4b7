import { describe, expect, test } from '@jest/globals';
import {
  ACCOUNT,
  CREDENTIAL_ENV,
  expectFailedCleanly,
  ROLE,
  refreshInputs,
  runAgainst,
} from '../support/action.js';
import { calls, withEmulator } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { maskedBeforeUse } from '../support/secrets.js';

const emulator = useEmulator();

describe('refresh-token source', () => {
  test('refreshes, exports masked credentials and sets the expiry outputs', async () => {
    const session = emulator.seedSession();
    const started = Date.now();
    const result = await runAgainst(emulator, refreshInputs(session));

    expect(result.exitCode).toBe(0);
    expect(result.errors).toEqual([]);
    expect(calls(emulator)).toEqual(['POST /token', 'GET /federation/credentials']);
    const [token, credentials] = emulator.requests;
    expect(token?.body).toEqual({
      grantType: 'refresh_token',
      clientId: session.clientId,
      clientSecret: session.clientSecret,
      refreshToken: session.refreshToken,
    });
    expect(credentials?.query).toEqual({ account_id: ACCOUNT, role_name: ROLE });
    const bearer = credentials?.headers['x-amz-sso_bearer_token'] ?? '';
    expect(bearer).not.toBe(session.accessToken);
    expect(emulator.issuedSecrets()).toContain(bearer);

    expect(Object.keys(result.env)).toEqual([...CREDENTIAL_ENV]);
    for (const name of CREDENTIAL_ENV.slice(0, 3)) {
      expect(emulator.issuedSecrets()).toContain(result.env[name]);
    }
    const expiration = result.outputs.expiration ?? '';
    expect(expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(result.env.AWS_CREDENTIAL_EXPIRATION).toBe(expiration);
    expect(result.outputs['expiration-epoch']).toBe(
      String(Math.floor(Date.parse(expiration) / 1000)),
    );
    expect(Date.parse(expiration)).toBeGreaterThan(started + 3500_000);
    const tokenExpiry = Date.parse(result.outputs['access-token-expiration'] ?? '');
    expect(tokenExpiry).toBeGreaterThanOrEqual(started + 3600_000 - 1000);
    expect(tokenExpiry).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(result.outputs['aws-account-id']).toBe(ACCOUNT);
    expect(result.outputs).not.toHaveProperty('aws-access-key-id');
  });

  test('masks inputs first, then every issued secret before it is used', async () => {
    const session = emulator.seedSession();
    const inputs = refreshInputs(session);
    const result = await runAgainst(emulator, inputs);

    expect(result.masks.slice(0, 3)).toEqual([
      inputs['refresh-token'],
      inputs['client-id'],
      inputs['client-secret'],
    ]);
    const issued = [
      result.outputs['refresh-token'],
      result.env.AWS_ACCESS_KEY_ID,
      result.env.AWS_SECRET_ACCESS_KEY,
      result.env.AWS_SESSION_TOKEN,
    ];
    for (const secret of issued) {
      expect(result.masks).toContain(secret);
      expect(maskedBeforeUse(result, secret ?? '')).toBe(true);
    }
    const bearer = emulator.requests[1]?.headers['x-amz-sso_bearer_token'];
    expect(result.masks.indexOf(bearer ?? '')).toBeGreaterThan(2);
  });

  test('a rotated refresh token becomes the masked refresh-token output with a warning', async () => {
    const session = emulator.seedSession();
    const result = await runAgainst(emulator, refreshInputs(session));

    const rotated = result.outputs['refresh-token'] ?? '';
    expect(rotated).not.toBe('');
    expect(rotated).not.toBe(session.refreshToken);
    expect(result.masks).toContain(rotated);
    expect(result.warnings.map((w) => w.message).join('\n')).toMatch(
      /rotated the refresh token.*refresh-token/,
    );
  });

  test('no refresh-token output when the service returns the same refresh token', async () => {
    await withEmulator(
      async (steady) => {
        const result = await runAgainst(steady, refreshInputs(steady.seedSession()));
        expect(result.exitCode).toBe(0);
        expect(result.outputs).not.toHaveProperty('refresh-token');
        expect(result.warnings).toEqual([]);
      },
      { rotateRefreshTokens: false },
    );
  });
});

describe('other token sources', () => {
  test('access-token is used as given: no CreateToken, no token expiry output', async () => {
    const accessToken = emulator.issueAccessToken();
    const result = await runAgainst(emulator, {
      'sso-region': 'us-east-1',
      'access-token': accessToken,
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(result.exitCode).toBe(0);
    expect(calls(emulator)).toEqual(['GET /federation/credentials']);
    expect(emulator.requests[0]?.headers['x-amz-sso_bearer_token']).toBe(accessToken);
    expect(result.masks[0]).toBe(accessToken);
    expect(result.outputs).not.toHaveProperty('access-token-expiration');
    expect(result.env.AWS_ACCESS_KEY_ID).toBeTruthy();
  });

  test('sso-session with a current access token uses it without refreshing', async () => {
    const session = emulator.seedSession({ accessTokenTtlSeconds: 3600 });
    const document = emulator.sessionDocument(session);
    const result = await runAgainst(emulator, {
      'sso-session': JSON.stringify(document),
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(result.exitCode).toBe(0);
    expect(calls(emulator)).toEqual(['GET /federation/credentials']);
    expect(result.outputs['access-token-expiration']).toBe(
      new Date(document.expiresAt ?? '').toISOString(),
    );
    // each secret member is masked on its own, not only the document as a whole
    for (const member of [
      document.accessToken,
      document.refreshToken,
      document.clientId,
      document.clientSecret,
    ]) {
      expect(result.masks).toContain(member);
    }
    expect(result.masks).not.toContain(document.startUrl);
  });

  test('sso-session whose token has under 5 minutes left is refreshed', async () => {
    const session = emulator.seedSession({ accessTokenTtlSeconds: 240 });
    const result = await runAgainst(emulator, {
      'sso-session': JSON.stringify(emulator.sessionDocument(session), null, 2),
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(result.exitCode).toBe(0);
    expect(calls(emulator)).toEqual(['POST /token', 'GET /federation/credentials']);
    expect(Date.parse(result.outputs['access-token-expiration'] ?? '')).toBeGreaterThan(
      Date.now() + 3000_000,
    );
    // the renewed document, ready to store back: the new tokens, everything else as it was
    const document = emulator.sessionDocument(session);
    const renewed = JSON.parse(result.outputs['sso-session'] ?? '{}');
    expect(renewed).toEqual({
      ...document,
      accessToken: emulator.requests[1]?.headers['x-amz-sso_bearer_token'],
      expiresAt: result.outputs['access-token-expiration'],
      refreshToken: result.outputs['refresh-token'],
      registrationExpiresAt: new Date(document.registrationExpiresAt ?? '').toISOString(),
    });
    expect(result.masks).toContain(result.outputs['sso-session']);
    expect(result.warnings[0]?.message).toMatch(
      /'sso-session' with this step's 'sso-session' output/,
    );
  });

  test('sso-session and sso-region that disagree fail before any request', async () => {
    const session = emulator.seedSession({ region: 'eu-west-1' });
    const result = await runAgainst(emulator, {
      'sso-region': 'us-east-1',
      'sso-session': JSON.stringify(emulator.sessionDocument(session)),
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(expectFailedCleanly(result)).toMatch(/'sso-region'.*'us-east-1'.*'eu-west-1'/);
    expect(emulator.requests).toEqual([]);
  });
});

describe('what reaches the job', () => {
  test('export-env false with output-credentials true: outputs only', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'export-env': 'false',
      'output-credentials': 'true',
    });
    expect(result.exitCode).toBe(0);
    expect(result.env).toEqual({});
    for (const name of ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token']) {
      expect(emulator.issuedSecrets()).toContain(result.outputs[name]);
      expect(result.masks).toContain(result.outputs[name]);
    }
  });

  test('aws-region is exported as AWS_REGION and AWS_DEFAULT_REGION', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'aws-region': 'eu-central-1',
    });
    expect(result.env.AWS_REGION).toBe('eu-central-1');
    expect(result.env.AWS_DEFAULT_REGION).toBe('eu-central-1');
  });

  test('mask-account-id masks the account and the summary shows only its last digits', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'mask-account-id': 'true',
    });
    expect(result.exitCode).toBe(0);
    expect(result.masks).toContain(ACCOUNT);
    expect(result.summary).toContain('********1111');
    expect(result.summary).not.toContain(ACCOUNT);
  });

  test('the step summary names account, role, region and expiries, and no secret', async () => {
    const session = emulator.seedSession();
    const result = await runAgainst(emulator, {
      'sso-session': JSON.stringify(emulator.sessionDocument(session)),
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(result.summary).toContain(ACCOUNT);
    expect(result.summary).toContain(ROLE);
    expect(result.summary).toContain('us-east-1');
    expect(result.summary).toContain(result.outputs.expiration);
    expect(result.summary).toMatch(/Client registration expires/);
  });
});

describe('expiry warnings', () => {
  test('a client registration that expires within 14 days is announced', async () => {
    const session = emulator.seedSession({ registrationTtlSeconds: 5 * 24 * 3600 });
    const result = await runAgainst(emulator, {
      'sso-session': JSON.stringify(emulator.sessionDocument(session)),
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(result.exitCode).toBe(0);
    expect(result.warnings.map((w) => w.message).join('\n')).toMatch(
      new RegExp(
        `registration expires at ${session.registrationExpiresAt.toISOString().slice(0, 16)}.*in 4 days`,
      ),
    );
  });

  test('an access token that cannot be refreshed and ends before the credentials is announced', async () => {
    const session = emulator.seedSession({ accessTokenTtlSeconds: 1800 });
    const { refreshToken: _r, clientSecret: _s, ...document } = emulator.sessionDocument(session);
    const result = await runAgainst(emulator, {
      'sso-session': JSON.stringify(document),
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(result.exitCode).toBe(0);
    expect(result.warnings.map((w) => w.message).join('\n')).toMatch(
      /access token expires at .*before these credentials/,
    );
  });
});

describe('service errors become sentences, are not retried, and leave nothing behind', () => {
  test('401: a revoked access token', async () => {
    const accessToken = emulator.issueAccessToken();
    emulator.revokeAccessToken(accessToken);
    const result = await runAgainst(emulator, {
      'sso-region': 'us-east-1',
      'access-token': accessToken,
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(expectFailedCleanly(result)).toMatch(
      /rejected the access token \(401 UnauthorizedException\).*expired or was revoked/,
    );
    expect(calls(emulator)).toEqual(['GET /federation/credentials']);
  });

  test('403: a role the user is not assigned, named with its account', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-name': 'BillingAdmin',
    });
    const message = expectFailedCleanly(result);
    expect(message).toMatch(
      /No access.*'BillingAdmin'.*account 111111111111.*403 ForbiddenException/,
    );
    expect(calls(emulator)).toEqual(['POST /token', 'GET /federation/credentials']);
  });

  test('invalid_grant: a revoked refresh token, with how to mint a new one', async () => {
    const session = emulator.seedSession();
    emulator.revokeRefreshToken(session.refreshToken ?? '');
    const result = await runAgainst(emulator, refreshInputs(session));
    expect(expectFailedCleanly(result)).toMatch(
      /refused the refresh token \(invalid_grant\).*aws-sso-credentials login/,
    );
    expect(calls(emulator)).toEqual(['POST /token']);
  });

  test('invalid_client: an expired registration, with its expiry', async () => {
    const session = emulator.seedSession();
    emulator.expireRegistration(session.clientId);
    const document = emulator.sessionDocument(session);
    const result = await runAgainst(emulator, {
      'sso-session': JSON.stringify({
        ...document,
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      }),
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(expectFailedCleanly(result)).toMatch(
      /refused the client registration \(invalid_client\).*registration (expired|expires) at \d{4}-/,
    );
    expect(calls(emulator)).toEqual(['POST /token']);
  });

  test('a malformed credentials body is retried, and fails clearly when it persists', async () => {
    const truncated =
      '{"roleCredentials":{"accessKeyId":"ASIALEAKEDKEY1234567890","secretAccessKey":"leaked-secret-value-0123456789"';
    emulator.injectFault(
      '/federation/credentials',
      { kind: 'malformed', body: truncated },
      Infinity,
    );
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'retry-max-attempts': '2',
    });
    const message = expectFailedCleanly(result);
    expect(message).toMatch(/GetRoleCredentials failed after 2 attempts.*malformed response/);
    expect(result.stdout + result.stderr).not.toContain('leaked-secret-value-0123456789');
    expect(calls(emulator)).toEqual([
      'POST /token',
      'GET /federation/credentials',
      'GET /federation/credentials',
    ]);
  });

  test('a profile is not written when the step fails', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-name': 'NotAssigned',
      profile: 'ci',
    });
    expectFailedCleanly(result);
    expect(result.state).toEqual({});
  });
});

describe('input validation happens before any request', () => {
  test.each([
    [{ 'account-id': '12345' }, /'account-id' must be a 12-digit/],
    [{ 'role-name': 'Read Only' }, /'role-name' must be a permission set name/],
    [{ 'sso-region': 'us-east' }, /'sso-region' must be an AWS region/],
    [{ 'export-env': 'yes' }, /'export-env' must be true or false/],
    [{ profile: 'bad profile' }, /'profile' must be a profile name/],
    [
      { 'client-secret': '' },
      /'client-secret' is empty; it is required with 'refresh-token' \(a secret that is not set, or whose name is misspelt, reads as empty/,
    ],
    [
      { 'refresh-token': '' },
      /^Input 'refresh-token' is empty, but 'client-id' and 'client-secret' are set \(a secret that is not set/,
    ],
    [
      { 'account-id': '11111111111' },
      /'account-id' must be a 12-digit AWS account id, and has 11 digits: an account id written unquoted in the workflow's YAML is read as a number and loses its leading zeros/,
    ],
    [
      { 'access-token': 'aoaQ7vT9fK2mWx4bR8nLp3' },
      /only one token source.*'access-token' and 'refresh-token'/,
    ],
  ])('%j', async (override, expected) => {
    const inputs = { ...refreshInputs(emulator.seedSession()), ...override };
    const result = await runAgainst(emulator, inputs);
    expect(expectFailedCleanly(result)).toMatch(expected);
    expect(emulator.requests).toEqual([]);
  });

  test('an sso-session that is not JSON is refused without quoting it', async () => {
    const result = await runAgainst(emulator, {
      'sso-session': 'not-json-but-a-secret-value-123',
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(expectFailedCleanly(result)).toMatch(/'sso-session' is not valid JSON/);
    expect(emulator.requests).toEqual([]);
  });

  test('no token source at all names the three', async () => {
    const result = await runAgainst(emulator, {
      'sso-region': 'us-east-1',
      'account-id': ACCOUNT,
      'role-name': ROLE,
    });
    expect(expectFailedCleanly(result)).toMatch(/'access-token'.*'refresh-token'.*'sso-session'/);
  });
});
