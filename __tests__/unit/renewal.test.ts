import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { getSettings } from '../../src/action/inputs.js';
import {
  cacheDocument,
  renewingProfileSections,
  sessionExpiration,
  sessionName,
  ssoSessionSection,
} from '../../src/action/renewal.js';
import {
  inContainerJob,
  type ProfileRenewal as RenewalSettings,
} from '../../src/action/renewal-inputs.js';
import { InputError, type UserError } from '../../src/shared/errors.js';
import type { SsoSession } from '../../src/sso/session.js';
import type { AccessToken } from '../../src/sso/token.js';
import type { TokenSource } from '../../src/sso/token-source.js';

const START_URL = 'https://d-1234567890.awsapps.com/start';
const REFRESH = 'aorSECRETREFRESHTOKEN2';
const CLIENT_ID = 'cidSECRETCLIENTID3';
const CLIENT_SECRET = 'csSECRETCLIENTSECRET4';
const NOW = new Date('2026-12-03T08:00:00.000Z');

function setInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value;
  }
}

function clearInputs(): void {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_')) delete process.env[key];
  }
}

const session = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    startUrl: START_URL,
    region: 'eu-west-1',
    refreshToken: REFRESH,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...extra,
  });

function inputError(): InputError {
  try {
    getSettings();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    for (const secret of [REFRESH, CLIENT_SECRET]) {
      expect((error as UserError).message).not.toContain(secret);
    }
    return error as InputError;
  }
  throw new Error('getSettings accepted the inputs');
}

beforeEach(() => {
  clearInputs();
  setInputs({
    'account-id': '111122223333',
    'role-name': 'ReadOnly',
    'export-env': 'true',
    'output-credentials': 'false',
    'mask-account-id': 'false',
    'renew-credentials': 'profile',
  });
});
afterEach(clearInputs);

describe('renew-credentials: endpoint | profile | true | false', () => {
  const refreshToken = {
    'sso-region': 'us-east-1',
    'refresh-token': REFRESH,
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
  };

  test.each(['endpoint', 'true', 'True', 'TRUE'])(
    '%s is the endpoint, without sso-start-url',
    (value) => {
      setInputs({ ...refreshToken, 'renew-credentials': value });
      expect(getSettings().renewal).toEqual({ mode: 'endpoint', holdsRefreshToken: true });
    },
  );

  test('an sso-start-url from the days of true = profile does not fail the endpoint', () => {
    setInputs({ ...refreshToken, 'renew-credentials': 'true', 'sso-start-url': START_URL });
    expect(getSettings().renewal).toEqual({ mode: 'endpoint', holdsRefreshToken: true });
  });

  test.each(['false', 'FALSE', ''])('%p is off', (value) => {
    setInputs({ ...refreshToken, 'renew-credentials': value });
    expect(getSettings().renewal).toBeUndefined();
  });

  test.each(['yes', 'Endpoint', 'profiles', 'on'])('%p is refused, naming the input', (value) => {
    setInputs({ ...refreshToken, 'renew-credentials': value });
    const error = inputError();
    expect(error.input).toBe('renew-credentials');
    expect(error.message).toMatch(
      /must be endpoint, profile, true \(the same as endpoint\) or false/,
    );
  });

  test('endpoint with role-to-assume and session policies: the endpoint assumes with them', () => {
    setInputs({
      ...refreshToken,
      'renew-credentials': 'endpoint',
      'role-to-assume': 'arn:aws:iam::333333333333:role/Deployer',
      'managed-session-policies': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    expect(getSettings().renewal?.mode).toBe('endpoint');
  });
});

describe('a container job falls back to profile', () => {
  const refreshToken = {
    'sso-region': 'us-east-1',
    'refresh-token': REFRESH,
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
  };
  const runnerTemp = process.env.RUNNER_TEMP;
  afterEach(() => {
    if (runnerTemp === undefined) delete process.env.RUNNER_TEMP;
    else process.env.RUNNER_TEMP = runnerTemp;
  });

  test('endpoint in a container job: profile, with a warning that says why', () => {
    process.env.RUNNER_TEMP = '/__w/_temp';
    setInputs({ ...refreshToken, 'renew-credentials': 'endpoint', 'sso-start-url': START_URL });
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(getSettings().renewal).toEqual({
        mode: 'profile',
        startUrl: START_URL,
        holdsRefreshToken: true,
      });
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(
      /^::warning::'renew-credentials: endpoint' falls back to 'profile' in this container job: each step runs through `docker exec`/m,
    );
  });

  test('without a start URL there, sso-start-url is named', () => {
    process.env.RUNNER_TEMP = '/__w/_temp';
    setInputs({ ...refreshToken, 'renew-credentials': 'true' });
    const written = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const error = inputError();
      expect(error.input).toBe('sso-start-url');
      expect(error.message).toMatch(/is required in a container job/);
    } finally {
      written.mockRestore();
    }
  });

  test.each([
    [{ RUNNER_TEMP: '/__w/_temp' }, '/usr/bin/node', true],
    [{ GITHUB_WORKSPACE: '/__w/repo/repo' }, '/usr/bin/node', true],
    [{}, '/__e/node24/bin/node', true],
    [
      { RUNNER_TEMP: '/home/runner/_work/_temp', GITHUB_WORKSPACE: '/home/runner/_work/r/r' },
      '/home/runner/externals/node24/bin/node',
      false,
    ],
    [{ RUNNER_TEMP: 'D:\\a\\_temp' }, 'C:\\node.exe', false],
  ])('%p with node at %p: %p', (env, execPath, expected) => {
    expect(inContainerJob(env, execPath)).toBe(expected);
  });
});

describe('renew-credentials and sso-start-url', () => {
  const refreshToken = {
    'sso-region': 'us-east-1',
    'refresh-token': REFRESH,
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
  };

  test('refresh-token with sso-start-url: the job holds the refresh token', () => {
    setInputs({ ...refreshToken, 'sso-start-url': START_URL });
    expect(getSettings().renewal).toEqual({
      mode: 'profile',
      startUrl: START_URL,
      holdsRefreshToken: true,
    });
  });

  test.each([
    ['refresh-token', refreshToken],
    ['access-token', { 'sso-region': 'us-east-1', 'access-token': 'aoaSECRETACCESS1' }],
  ])('%s without sso-start-url fails naming sso-start-url', (_source, inputs) => {
    setInputs(inputs);
    const error = inputError();
    expect(error.input).toBe('sso-start-url');
    expect(error.message).toMatch(/is required with 'renew-credentials'/);
  });

  test('sso-session takes the start URL from its document', () => {
    setInputs({ 'sso-session': session() });
    expect(getSettings().renewal).toEqual({
      mode: 'profile',
      startUrl: START_URL,
      holdsRefreshToken: true,
    });
  });

  test('a start URL in both that differs is refused', () => {
    setInputs({ 'sso-session': session(), 'sso-start-url': 'https://other.awsapps.com/start' });
    expect(inputError().input).toBe('sso-start-url');
  });

  test('a session document without a refresh token fails naming sso-session', () => {
    setInputs({
      'sso-session': JSON.stringify({
        startUrl: START_URL,
        region: 'eu-west-1',
        accessToken: 'aoaSECRETACCESS1',
        expiresAt: '2099-01-01T00:00:00Z',
      }),
    });
    const error = inputError();
    expect(error.input).toBe('sso-session');
    expect(error.message).toMatch(/has no refresh token/);
  });

  test.each([
    'http://d-1234567890.awsapps.com/start',
    'https://d-1234567890.awsapps.com/start/#/',
    'https://d-1234567890.awsapps.com/start\nsso_region = evil',
    'https://d-1234567890.awsapps.com/start ; x',
    'not a url',
  ])('start URL %p is refused: INI and https only', (url) => {
    setInputs({ ...refreshToken, 'sso-start-url': url });
    expect(inputError().input).toBe('sso-start-url');
  });

  test('token-handoff: the job gets the access token only', () => {
    setInputs({ ...refreshToken, 'sso-start-url': START_URL, 'token-handoff': 'v1.x' });
    expect(getSettings().renewal).toEqual({
      mode: 'profile',
      startUrl: START_URL,
      holdsRefreshToken: false,
    });
  });

  test('sso-start-url without renewal is refused; renewal off by default', () => {
    setInputs({ ...refreshToken, 'renew-credentials': 'false', 'sso-start-url': START_URL });
    expect(inputError().input).toBe('sso-start-url');
    delete process.env['INPUT_SSO-START-URL'];
    delete process.env['INPUT_RENEW-CREDENTIALS'];
    expect(getSettings().renewal).toBeUndefined();
  });
});

describe('the cache document', () => {
  const renewal: RenewalSettings = {
    mode: 'profile',
    startUrl: START_URL,
    holdsRefreshToken: true,
  };
  const source: TokenSource = {
    kind: 'refresh-token',
    refreshToken: REFRESH,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  };
  const token: AccessToken = {
    accessToken: 'aoaNEW',
    expiresAt: new Date('2026-12-03T09:00:00.000Z'),
    refreshed: true,
    renewable: true,
  };

  test('with the refresh grant: the keys the SDKs read, in the order the issue lists', () => {
    const document = cacheDocument(renewal, 'us-east-1', source, token, NOW);
    expect(Object.keys(document)).toEqual([
      'accessToken',
      'expiresAt',
      'refreshToken',
      'clientId',
      'clientSecret',
      'registrationExpiresAt',
      'region',
      'startUrl',
    ]);
    expect(document.refreshToken).toBe(REFRESH);
    // botocore refreshes only before registrationExpiresAt: a stand-in when it is not known.
    expect(document.registrationExpiresAt?.getTime()).toBeGreaterThan(NOW.getTime());
  });

  test('a refresh token the step itself rotated is the one written', () => {
    const rotated = { ...token, rotatedRefreshToken: 'aorROTATED' };
    expect(cacheDocument(renewal, 'us-east-1', source, rotated, NOW).refreshToken).toBe(
      'aorROTATED',
    );
  });

  test('handoff: the access token only, no refresh token, client id or secret', () => {
    const document = cacheDocument(
      { ...renewal, holdsRefreshToken: false },
      'us-east-1',
      source,
      token,
      NOW,
    );
    expect(document).toEqual({
      accessToken: 'aoaNEW',
      expiresAt: token.expiresAt,
      region: 'us-east-1',
      startUrl: START_URL,
    });
    expect(sessionExpiration(document, source)).toEqual(token.expiresAt);
  });

  test('session-expiration: the registration of a session document; unknown for a refresh-token', () => {
    const registrationExpiresAt = new Date('2027-02-01T00:00:00.000Z');
    const sessionSource: TokenSource = {
      kind: 'sso-session',
      session: {
        refreshToken: REFRESH,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        registrationExpiresAt,
      } as SsoSession,
    };
    const document = cacheDocument(renewal, 'us-east-1', sessionSource, token, NOW);
    expect(sessionExpiration(document, sessionSource)).toEqual(registrationExpiresAt);
    expect(
      sessionExpiration(cacheDocument(renewal, 'us-east-1', source, token, NOW), source),
    ).toBeUndefined();
  });
});

describe('names and sections', () => {
  test('the session name: run, attempt, job and a random part, safe in a section header', () => {
    const env = { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'deploy [x]' };
    const a = sessionName(env);
    expect(a).toMatch(/^aws-sso-credentials-42-2-deployx-[0-9a-f]{12}$/);
    expect(sessionName(env)).not.toBe(a);
    const long = sessionName({ GITHUB_RUN_ID: '9'.repeat(40), GITHUB_JOB: 'j'.repeat(200) });
    expect(long.length).toBeLessThanOrEqual(100);
  });

  test('the sso-session section and a renewing profile (its region when given)', () => {
    expect(ssoSessionSection('s', 'us-east-1', START_URL, 'step1').lines).toEqual([
      '# written by aws-sso-credentials (step1); its post step removes it',
      'sso_region = us-east-1',
      `sso_start_url = ${START_URL}`,
      'sso_registration_scopes = sso:account:access',
    ]);
    const [profile] = renewingProfileSections(
      { profile: 'deploy', target: { accountId: '111122223333', roleName: 'Admin' } },
      's',
      'eu-west-1',
      'step1',
    );
    expect(profile?.name).toBe('profile deploy');
    expect(profile?.lines.slice(1)).toEqual([
      'sso_session = s',
      'sso_account_id = 111122223333',
      'sso_role_name = Admin',
      'region = eu-west-1',
    ]);
  });

  const chain = {
    roleArn: 'arn:aws:iam::333333333333:role/ci/Deployer',
    accountId: '333333333333',
    sessionName: 'deploy@main',
    durationSeconds: 900,
    externalId: 'ext:42',
    managedPolicyArns: [],
  };

  test('with a chain: the permission set under <session>-source, the profile chains from it', () => {
    const sections = renewingProfileSections(
      { profile: 'deploy', target: { accountId: '111122223333', roleName: 'Admin' }, chain },
      'aws-sso-credentials-1-1-job-abc',
      'eu-west-1',
      'step1',
    );
    const owner = '# written by aws-sso-credentials (step1); its post step removes it';
    expect(sections).toEqual([
      {
        name: 'profile aws-sso-credentials-1-1-job-abc-source',
        lines: [
          owner,
          'sso_session = aws-sso-credentials-1-1-job-abc',
          'sso_account_id = 111122223333',
          'sso_role_name = Admin',
          'region = eu-west-1',
        ],
        ownerLine: owner,
      },
      {
        name: 'profile deploy',
        lines: [
          owner,
          'role_arn = arn:aws:iam::333333333333:role/ci/Deployer',
          'source_profile = aws-sso-credentials-1-1-job-abc-source',
          'role_session_name = deploy@main',
          'duration_seconds = 900',
          'external_id = ext:42',
          // For AWS CLI v2 releases that look for the token's session in this profile (aws-cli#7686).
          'sso_session = aws-sso-credentials-1-1-job-abc',
          'region = eu-west-1',
        ],
        ownerLine: owner,
        // A section of that name already there keeps its other settings; these are replaced.
        mergeKeys: [
          'role_arn',
          'source_profile',
          'role_session_name',
          'duration_seconds',
          'external_id',
          'sso_session',
          'region',
        ],
      },
    ]);
  });

  test('with a chain and no aws-region: the chained profile asks STS where the step did', () => {
    const [source, chained] = renewingProfileSections(
      {
        profile: 'deploy',
        target: { accountId: '111122223333', roleName: 'Admin' },
        chain,
        stsRegion: 'ap-south-1',
      },
      's',
      undefined,
      'step1',
    );
    expect(source?.lines.some((line) => line.startsWith('region'))).toBe(false);
    expect(chained?.lines.at(-1)).toBe('region = ap-south-1');
    expect(chained?.mergeKeys).toContain('region');
    const [, withRegion] = renewingProfileSections(
      {
        profile: 'deploy',
        target: { accountId: '111122223333', roleName: 'Admin' },
        chain,
        stsRegion: 'ap-south-1',
      },
      's',
      'eu-west-1',
      'step1',
    );
    expect(withRegion?.lines.at(-1)).toBe('region = eu-west-1');
  });

  test('with a chain, no region and the default profile: no region line, [default] chains', () => {
    const { externalId: _, ...plain } = chain;
    const [source, chained] = renewingProfileSections(
      {
        profile: 'default',
        target: { accountId: '111122223333', roleName: 'Admin' },
        chain: plain,
      },
      's',
      undefined,
      'step1',
    );
    expect(source?.name).toBe('profile s-source');
    expect(source?.lines.some((line) => line.startsWith('region'))).toBe(false);
    expect(chained?.name).toBe('default');
    expect(chained?.lines.slice(1)).toEqual([
      'role_arn = arn:aws:iam::333333333333:role/ci/Deployer',
      'source_profile = s-source',
      'role_session_name = deploy@main',
      'duration_seconds = 900',
      'sso_session = s',
    ]);
    expect(chained?.mergeKeys).not.toContain('region');
  });
});
