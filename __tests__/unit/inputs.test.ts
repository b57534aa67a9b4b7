import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { type ActionSettings, getSettings, type RoleSettings } from '../../src/action/inputs.js';
import { InputError, UserError } from '../../src/shared/errors.js';
import { SECRET_INPUTS } from '../../src/steps/token-inputs.js';

const ACCESS_TOKEN = 'aoaSECRETACCESSTOKEN1';
const REFRESH_TOKEN = 'aorSECRETREFRESHTOKEN2';
const CLIENT_ID = 'cidSECRETCLIENTID3';
const CLIENT_SECRET = 'csSECRETCLIENTSECRET4';
const SESSION_TOKEN = 'aoaSECRETSESSIONTOKEN5';
const SESSION_REFRESH = 'aorSECRETSESSIONREFRESH6';
const SECRETS = [
  ACCESS_TOKEN,
  REFRESH_TOKEN,
  CLIENT_ID,
  CLIENT_SECRET,
  SESSION_TOKEN,
  SESSION_REFRESH,
];

function sessionDocument(extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      startUrl: 'https://d-1234567890.awsapps.com/start',
      region: 'eu-west-1',
      accessToken: SESSION_TOKEN,
      expiresAt: '2026-11-26T08:04:36Z',
      refreshToken: SESSION_REFRESH,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      ...extra,
    },
    null,
    2,
  );
}

/** The runner passes `with:` values as INPUT_<NAME> (upper-cased, hyphens kept). */
function setInputs(inputs: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(inputs)) {
    const key = `INPUT_${name.toUpperCase()}`;
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

function clearInputs(): void {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_')) delete process.env[key];
  }
}

/** getSettings for account-id and role-name (no profiles); fails the test otherwise. */
function roleSettings(): RoleSettings {
  const settings = getSettings();
  if (settings.kind !== 'one-role')
    throw new Error('expected the settings of one role, got profiles');
  return settings;
}

/** The error getSettings throws; fails the test if it returns. Checks no secret is in it. */
function settingsError(): UserError {
  let settings: ActionSettings | undefined;
  try {
    settings = getSettings();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    for (const secret of SECRETS) expect(message).not.toContain(secret);
    return error as UserError;
  }
  throw new Error(`getSettings accepted the inputs: ${JSON.stringify(settings)}`);
}

function inputError(input: string): InputError {
  const error = settingsError();
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).input).toBe(input);
  expect(error.message).toContain(`'${input}'`);
  return error as InputError;
}

beforeEach(() => {
  clearInputs();
  // What a workflow gives, plus the defaults the runner fills in from action.yml.
  setInputs({
    'account-id': '111122223333',
    'role-name': 'ReadOnly',
    'sso-region': 'us-east-1',
    'export-env': 'true',
    'output-credentials': 'false',
    'mask-account-id': 'false',
  });
});

afterEach(clearInputs);

describe('token sources', () => {
  test('access-token', () => {
    setInputs({ 'access-token': ACCESS_TOKEN });
    expect(getSettings()).toEqual({
      kind: 'one-role',
      maxAttempts: 10,
      accountId: '111122223333',
      roleName: 'ReadOnly',
      ssoRegion: 'us-east-1',
      tokenSource: { kind: 'access-token', accessToken: ACCESS_TOKEN },
      exportEnv: true,
      outputCredentials: false,
      maskAccountId: false,
    });
  });

  test('access-token has surrounding whitespace (a pasted newline) removed', () => {
    setInputs({ 'access-token': `  ${ACCESS_TOKEN}\n` });
    expect(getSettings().tokenSource).toEqual({ kind: 'access-token', accessToken: ACCESS_TOKEN });
  });

  test('refresh-token with client-id and client-secret', () => {
    setInputs({
      'refresh-token': REFRESH_TOKEN,
      'client-id': CLIENT_ID,
      'client-secret': CLIENT_SECRET,
    });
    expect(getSettings().tokenSource).toEqual({
      kind: 'refresh-token',
      refreshToken: REFRESH_TOKEN,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
  });

  test('sso-session', () => {
    setInputs({ 'sso-region': '', 'sso-session': sessionDocument() });
    const settings = getSettings();
    expect(settings.tokenSource.kind).toBe('sso-session');
    if (settings.tokenSource.kind !== 'sso-session') return;
    expect(settings.tokenSource.session).toMatchObject({
      accessToken: SESSION_TOKEN,
      expiresAt: new Date('2026-11-26T08:04:36Z'),
      refreshToken: SESSION_REFRESH,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
  });

  test('a malformed sso-session is an error naming sso-session', () => {
    setInputs({ 'sso-session': `{"accessToken": "${SESSION_TOKEN}"` });
    inputError('sso-session');
  });

  test('none given: the error names every token input', () => {
    const error = settingsError();
    for (const name of ['access-token', 'refresh-token', 'sso-session']) {
      expect(error.message).toContain(`'${name}'`);
    }
  });

  test('a whitespace-only token counts as not given', () => {
    setInputs({ 'access-token': '  \n ' });
    expect(settingsError().message).toMatch(/^No token given/);
  });

  test.each([
    [['access-token', 'sso-session']],
    [['access-token', 'refresh-token']],
    [['refresh-token', 'sso-session']],
  ])('two given (%j): the error names both', (names) => {
    const values: Record<string, string> = {
      'access-token': ACCESS_TOKEN,
      'refresh-token': REFRESH_TOKEN,
      'sso-session': sessionDocument(),
    };
    for (const name of names) setInputs({ [name]: values[name] });
    setInputs({ 'client-id': CLIENT_ID, 'client-secret': CLIENT_SECRET });
    const error = settingsError();
    expect(error).not.toBeInstanceOf(InputError);
    for (const name of names) expect(error.message).toContain(`'${name}'`);
  });

  test('all three given: the error names all three', () => {
    setInputs({
      'access-token': ACCESS_TOKEN,
      'refresh-token': REFRESH_TOKEN,
      'sso-session': sessionDocument(),
    });
    const error = settingsError();
    for (const name of ['access-token', 'refresh-token', 'sso-session']) {
      expect(error.message).toContain(`'${name}'`);
    }
  });
});

describe('client-id and client-secret', () => {
  test.each(['client-id', 'client-secret'])(
    '%s with access-token is an error naming it',
    (name) => {
      setInputs({
        'access-token': ACCESS_TOKEN,
        [name]: name === 'client-id' ? CLIENT_ID : CLIENT_SECRET,
      });
      const error = inputError(name);
      expect(error.message).toContain("'refresh-token'");
    },
  );

  test('client-id with sso-session is an error naming client-id', () => {
    setInputs({ 'sso-session': sessionDocument(), 'sso-region': '', 'client-id': CLIENT_ID });
    inputError('client-id');
  });

  test('refresh-token without client-secret is an error naming client-secret', () => {
    setInputs({ 'refresh-token': REFRESH_TOKEN, 'client-id': CLIENT_ID });
    const error = inputError('client-secret');
    expect(error.message).toContain("'refresh-token'");
  });

  test('an empty refresh-token beside client-id and client-secret names refresh-token', () => {
    setInputs({ 'client-id': CLIENT_ID, 'client-secret': CLIENT_SECRET });
    const error = inputError('refresh-token');
    expect(error.message).toBe(
      "Input 'refresh-token' is empty, but 'client-id' and 'client-secret' are set (a secret that is not set, or whose name is misspelt, reads as empty in the workflow)",
    );
    setInputs({ 'client-secret': '' });
    expect(inputError('refresh-token').message).toContain("but 'client-id' is set (");
  });

  test('an empty client-secret beside refresh-token says an unset secret reads as empty', () => {
    setInputs({ 'refresh-token': REFRESH_TOKEN, 'client-id': CLIENT_ID, 'client-secret': '' });
    expect(inputError('client-secret').message).toMatch(
      /^Input 'client-secret' is empty; it is required with 'refresh-token' \(a secret that is not set, or whose name is misspelt, reads as empty/,
    );
  });

  test('refresh-token without client-id is an error naming client-id', () => {
    setInputs({ 'refresh-token': REFRESH_TOKEN, 'client-secret': CLIENT_SECRET });
    inputError('client-id');
  });
});

describe('sso-region', () => {
  test('is required with access-token', () => {
    setInputs({ 'access-token': ACCESS_TOKEN, 'sso-region': '' });
    expect(inputError('sso-region').message).toContain('required');
  });

  test('is required with refresh-token', () => {
    setInputs({
      'refresh-token': REFRESH_TOKEN,
      'client-id': CLIENT_ID,
      'client-secret': CLIENT_SECRET,
      'sso-region': '',
    });
    inputError('sso-region');
  });

  test('is required with an sso-session that has no region, and says so', () => {
    setInputs({ 'sso-session': sessionDocument({ region: undefined }), 'sso-region': '' });
    const error = inputError('sso-region');
    expect(error.message).toContain("'sso-session'");
    expect(error.message).toContain("'region'");
  });

  test("comes from the sso-session document's region", () => {
    setInputs({ 'sso-session': sessionDocument({ region: 'eu-west-1' }), 'sso-region': '' });
    expect(getSettings().ssoRegion).toBe('eu-west-1');
  });

  test('may repeat the document region', () => {
    setInputs({
      'sso-session': sessionDocument({ region: 'eu-west-1' }),
      'sso-region': 'eu-west-1',
    });
    expect(getSettings().ssoRegion).toBe('eu-west-1');
  });

  test('that disagrees with the document region is an error naming both regions', () => {
    setInputs({
      'sso-session': sessionDocument({ region: 'eu-west-1' }),
      'sso-region': 'us-east-1',
    });
    const error = inputError('sso-region');
    expect(error.message).toContain('us-east-1');
    expect(error.message).toContain('eu-west-1');
    expect(error.message).toContain("'sso-session'");
  });

  test('a document region that is not a region is an error naming sso-session', () => {
    setInputs({ 'sso-session': sessionDocument({ region: 'us-east' }), 'sso-region': '' });
    inputError('sso-session');
  });

  test.each(['us-east', 'useast1', 'US-EAST-1', 'mars-1'])('rejects %p', (region) => {
    setInputs({ 'access-token': ACCESS_TOKEN, 'sso-region': region });
    inputError('sso-region');
  });
});

describe('booleans', () => {
  const booleans = ['export-env', 'output-credentials', 'mask-account-id'];

  test.each(
    booleans.flatMap((name) => ['yes', '1', 'on', 'no', 'tru'].map((value) => [name, value])),
  )('%s: %p is an error naming the input', (name, value) => {
    setInputs({ 'access-token': ACCESS_TOKEN, [name]: value });
    inputError(name);
  });

  test.each([
    ['True', true],
    ['TRUE', true],
    ['False', false],
    ['FALSE', false],
  ] as const)('accepts %p', (value, expected) => {
    setInputs({
      'access-token': ACCESS_TOKEN,
      'export-env': value,
      'output-credentials': value,
      'mask-account-id': value,
    });
    const settings = roleSettings();
    expect([settings.exportEnv, settings.outputCredentials, settings.maskAccountId]).toEqual([
      expected,
      expected,
      expected,
    ]);
  });

  test('the defaults declared in action.yml are accepted', () => {
    const action = parseYaml(
      readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'),
    ) as {
      inputs: Record<string, { default?: string }>;
    };
    const defaults = Object.fromEntries(
      booleans.map((name) => [name, action.inputs[name]?.default]),
    );
    expect(defaults).toEqual({
      'export-env': 'true',
      'output-credentials': 'false',
      'mask-account-id': 'false',
    });
    setInputs({ 'access-token': ACCESS_TOKEN, ...defaults });
    const settings = roleSettings();
    expect(settings.exportEnv).toBe(true);
    expect(settings.outputCredentials).toBe(false);
    expect(settings.maskAccountId).toBe(false);
  });
});

describe('account-id, role-name, aws-region, profile', () => {
  beforeEach(() => setInputs({ 'access-token': ACCESS_TOKEN }));

  test.each(['11112222333', '1111222233334', '11112222333a', '111122223333;rm -rf /', '$(id)'])(
    'account-id %p is an error naming account-id, without the value',
    (value) => {
      setInputs({ 'account-id': value });
      const error = inputError('account-id');
      expect(error.message).not.toContain(value);
    },
  );

  test('account-id of fewer than 12 digits: the YAML number that lost its leading zeros', () => {
    setInputs({ 'account-id': '11111111111' });
    expect(inputError('account-id').message).toMatch(
      /has 11 digits: an account id written unquoted in the workflow's YAML is read as a number and loses its leading zeros; quote it/,
    );
    setInputs({ 'account-id': '1111222233334' });
    expect(inputError('account-id').message).not.toContain('YAML');
  });

  test('account-id is required', () => {
    setInputs({ 'account-id': '' });
    expect(inputError('account-id').message).toContain('required');
  });

  test.each(['Read Only', 'team/ReadOnly', 'R'.repeat(65)])('role-name %p is an error', (value) => {
    setInputs({ 'role-name': value });
    inputError('role-name');
  });

  test('role-name is required', () => {
    setInputs({ 'role-name': '' });
    expect(inputError('role-name').message).toContain('required');
  });

  test.each(['us-east', 'US-EAST-1', 'eu-west-1a'])('aws-region %p is an error', (value) => {
    setInputs({ 'aws-region': value });
    inputError('aws-region');
  });

  test('aws-region, when set, is in the settings', () => {
    setInputs({ 'aws-region': 'eu-central-1' });
    expect(getSettings().awsRegion).toBe('eu-central-1');
  });

  test('aws-region and profile, when not set, are undefined', () => {
    const settings = getSettings();
    expect(settings.awsRegion).toBeUndefined();
    expect(settings.kind === 'one-role' && settings.profile).toBeUndefined();
  });

  test.each(['my profile', '[ci]', 'ci]\n[default', 'a/b'])('profile %j is an error', (value) => {
    setInputs({ profile: value });
    inputError('profile');
  });

  test('profile, when set, is in the settings', () => {
    setInputs({ profile: 'ci-deploy' });
    expect(roleSettings().profile).toBe('ci-deploy');
  });
});

describe('profiles', () => {
  const PROFILES = 'prod = 111111111111/ReadOnly\ndev = 222222222222/AdministratorAccess';

  beforeEach(() => setInputs({ 'access-token': ACCESS_TOKEN, 'account-id': '', 'role-name': '' }));

  test('replace account-id and role-name; export-env and output-credentials do not apply', () => {
    setInputs({ profiles: PROFILES, 'aws-region': 'eu-west-1', 'mask-account-id': 'true' });
    expect(getSettings()).toEqual({
      kind: 'profiles',
      maxAttempts: 10,
      ssoRegion: 'us-east-1',
      tokenSource: { kind: 'access-token', accessToken: ACCESS_TOKEN },
      awsRegion: 'eu-west-1',
      maskAccountId: true,
      profiles: [
        { profile: 'prod', accountId: '111111111111', roleName: 'ReadOnly', line: 1 },
        { profile: 'dev', accountId: '222222222222', roleName: 'AdministratorAccess', line: 2 },
      ],
    });
    expect(getSettings().kind).toBe('profiles');
  });

  test('line numbers are those of the input as written, leading blank lines included', () => {
    setInputs({ profiles: `\n\n${PROFILES}\n` });
    const settings = getSettings();
    expect(settings.kind === 'profiles' && settings.profiles.map((p) => p.line)).toEqual([3, 4]);
  });

  test('whitespace only counts as not given: account-id is then required', () => {
    setInputs({ profiles: '  \n ' });
    expect(inputError('account-id').message).toBe(
      "Input 'account-id' is required (or give 'profiles')",
    );
  });

  test.each([
    ['account-id', '111122223333'],
    ['role-name', 'ReadOnly'],
    ['profile', 'ci'],
    ['output-credentials', 'true'],
  ])('with %s is an error naming it', (input, value) => {
    setInputs({ profiles: PROFILES, [input]: value });
    expect(inputError(input).message).toMatch(/cannot be/);
  });

  test('role-name without account-id names role-name as required when there are no profiles', () => {
    setInputs({ 'account-id': '111122223333' });
    expect(inputError('role-name').message).toMatch(/is required \(or give 'profiles'\)/);
  });

  test('a bad line is an error naming profiles, with the line number', () => {
    setInputs({ profiles: `${PROFILES}\nbroken` });
    expect(inputError('profiles').message).toMatch(/line 3: expected/);
  });

  test('the token inputs are still checked first', () => {
    setInputs({ profiles: PROFILES, 'access-token': '' });
    expect(settingsError().message).toMatch(/^No token given/);
  });

  test('profiles is declared in action.yml, and account-id and role-name are optional there', () => {
    const action = parseYaml(
      readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'),
    ) as { inputs: Record<string, { required?: boolean }> };
    expect(action.inputs).toHaveProperty(['profiles']);
    expect(action.inputs['account-id']?.required).toBe(false);
    expect(action.inputs['role-name']?.required).toBe(false);
  });
});

describe('the result', () => {
  test('is frozen', () => {
    setInputs({ 'access-token': ACCESS_TOKEN });
    const settings = roleSettings();
    expect(Object.isFrozen(settings)).toBe(true);
    expect(() => {
      (settings as { accountId: string }).accountId = '999999999999';
    }).toThrow(TypeError);
    expect(settings.accountId).toBe('111122223333');
  });
});

describe('SECRET_INPUTS', () => {
  test('lists every input that carries a secret, each declared in action.yml', () => {
    expect([...SECRET_INPUTS].sort()).toEqual(
      [
        'access-token',
        'client-id',
        'client-secret',
        'refresh-token',
        'sso-session',
        'github-token',
      ].sort(),
    );
    const action = parseYaml(
      readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'),
    ) as {
      inputs: Record<string, unknown>;
    };
    for (const name of SECRET_INPUTS) expect(action.inputs).toHaveProperty([name]);
  });
});
