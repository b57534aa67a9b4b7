import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { getSettings, type RoleSettings } from '../../src/action/inputs.js';
import { defaultSessionName } from '../../src/action/role-chain-inputs.js';
import { InputError } from '../../src/shared/errors.js';

/**
 * role-to-assume and its companions, allowed-account-ids and unset-current-credentials as
 * getSettings reads them: what reaches STS, and the error (naming the input) for what must not.
 */

const BASE = {
  'sso-region': 'eu-west-1',
  'access-token': 'aoaSECRETACCESSTOKEN1',
  'account-id': '111111111111',
  'role-name': 'ReadOnly',
};

/** The defaults the runner passes for inputs the workflow leaves out, as action.yml declares them. */
const DEFAULTS = Object.fromEntries(
  Object.entries(
    (
      parseYaml(readFileSync('action.yml', 'utf8')) as {
        inputs: Record<string, { default?: string }>;
      }
    ).inputs,
  ).flatMap(([name, input]) => (input.default === undefined ? [] : [[name, input.default]])),
);

function setInputs(inputs: Record<string, string>): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  for (const [name, value] of Object.entries({ ...DEFAULTS, ...inputs })) {
    process.env[`INPUT_${name.toUpperCase()}`] = value;
  }
}

function role(inputs: Record<string, string>): RoleSettings {
  setInputs({ ...BASE, ...inputs });
  const settings = getSettings();
  if (settings.kind !== 'one-role') throw new Error('expected one role');
  return settings;
}

function inputError(
  inputs: Record<string, string>,
  base: Record<string, string> = BASE,
): InputError {
  setInputs({ ...base, ...inputs });
  try {
    getSettings();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('getSettings accepted the inputs');
}

const saved = { ...process.env };
beforeEach(() => {
  delete process.env.GITHUB_RUN_ID;
  delete process.env.GITHUB_RUN_ATTEMPT;
});
afterEach(() => {
  process.env = { ...saved };
});

describe('role-to-assume', () => {
  test('absent: no chain, and the companions must be absent too', () => {
    expect(role({}).chain).toBeUndefined();
    for (const input of [
      'role-session-name',
      'role-duration-seconds',
      'role-external-id',
      'inline-session-policy',
      'managed-session-policies',
    ]) {
      const error = inputError({ [input]: 'x' });
      expect(error.input).toBe(input);
      expect(error.message).toContain("needs 'role-to-assume'");
    }
  });

  test('an ARN with its defaults: a session name of the run, one hour', () => {
    process.env.GITHUB_RUN_ID = '16000000001';
    process.env.GITHUB_RUN_ATTEMPT = '2';
    const { chain } = role({ 'role-to-assume': 'arn:aws:iam::333333333333:role/ci/Deployer' });
    expect(chain).toEqual({
      roleArn: 'arn:aws:iam::333333333333:role/ci/Deployer',
      accountId: '333333333333',
      sessionName: 'GitHubActions-16000000001-2',
      durationSeconds: 3600,
      managedPolicyArns: [],
    });
  });

  test('a role name is a role in the account of account-id, in the partition of the region', () => {
    expect(role({ 'role-to-assume': 'Deployer' }).chain?.roleArn).toBe(
      'arn:aws:iam::111111111111:role/Deployer',
    );
    expect(
      role({ 'role-to-assume': 'ci/Deployer', 'sso-region': 'cn-north-1' }).chain?.roleArn,
    ).toBe('arn:aws-cn:iam::111111111111:role/ci/Deployer');
  });

  test.each([
    'arn:aws:iam::33333333333:role/Deployer',
    'arn:aws:iam::333333333333:user/Deployer',
    'arn:aws:sts::333333333333:role/Deployer',
    'arn:aws:iam::333333333333:role/',
    'arn:nope:iam::333333333333:role/Deployer',
    'Deploy er',
  ])('a malformed ARN fails naming role-to-assume: %s', (value) => {
    const error = inputError({ 'role-to-assume': value });
    expect(error.input).toBe('role-to-assume');
    expect(error.message).toMatch(/must be a role ARN/);
    expect(error.message).not.toContain(value);
  });

  test('every companion reaches the settings as STS takes it', () => {
    const { chain } = role({
      'role-to-assume': 'arn:aws:iam::333333333333:role/Deployer',
      'role-session-name': 'deploy@main',
      'role-duration-seconds': '900',
      'role-external-id': 'ext-id:1/2',
      'inline-session-policy': '{\n  "Version": "2012-10-17",\n  "Statement": []\n}',
      'managed-session-policies':
        'arn:aws:iam::aws:policy/ReadOnlyAccess\n\n  arn:aws:iam::333333333333:policy/path/Mine  \n',
    });
    expect(chain).toMatchObject({
      sessionName: 'deploy@main',
      durationSeconds: 900,
      externalId: 'ext-id:1/2',
      inlinePolicy: '{"Version":"2012-10-17","Statement":[]}',
      managedPolicyArns: [
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        'arn:aws:iam::333333333333:policy/path/Mine',
      ],
    });
  });

  test.each([
    ['role-session-name', 'a', /2-64 letters/],
    ['role-session-name', 'x'.repeat(65), /2-64 letters/],
    ['role-session-name', 'has space', /2-64 letters/],
    ['role-duration-seconds', '899', /from 900 to 3600/],
    ['role-duration-seconds', '1h', /from 900 to 3600/],
    ['role-duration-seconds', '3601', /role chaining.*1-hour session/],
    ['role-duration-seconds', '43200', /role chaining.*1-hour session/],
    ['role-external-id', 'x', /2-1224/],
    ['inline-session-policy', '{"Version":', /not valid JSON/],
    ['inline-session-policy', '["a"]', /must be a JSON object/],
    ['inline-session-policy', JSON.stringify({ Sid: 'x'.repeat(2100) }), /at most 2048/],
    [
      'managed-session-policies',
      'arn:aws:iam::aws:policy/A\nReadOnlyAccess',
      /line 2 is not a policy ARN/,
    ],
    [
      'managed-session-policies',
      Array.from({ length: 11 }, (_, n) => `arn:aws:iam::aws:policy/P${n}`).join('\n'),
      /at most 10/,
    ],
  ])('%s (case %#) fails naming the input', (input, value, problem) => {
    const error = inputError({
      'role-to-assume': 'arn:aws:iam::333333333333:role/Deployer',
      [input]: value,
    });
    expect(error.input).toBe(input);
    expect(error.message).toMatch(problem);
  });

  test('not with profiles', () => {
    const error = inputError(
      {
        'role-to-assume': 'arn:aws:iam::333333333333:role/Deployer',
        profiles: 'p = 111111111111/ReadOnly',
      },
      { 'sso-region': 'eu-west-1', 'access-token': 'aoaSECRETACCESSTOKEN1' },
    );
    expect(error.input).toBe('role-to-assume');
    expect(error.message).toContain("cannot be combined with 'profiles'");
  });

  test('the default session name identifies the run within 2-64 characters', () => {
    expect(defaultSessionName({})).toBe('GitHubActions');
    expect(defaultSessionName({ GITHUB_RUN_ID: '1', GITHUB_RUN_ATTEMPT: '1' })).toBe(
      'GitHubActions-1-1',
    );
    expect(defaultSessionName({ GITHUB_RUN_ID: '1; rm' })).toBe('GitHubActions');
    const longest = defaultSessionName({
      GITHUB_RUN_ID: '9'.repeat(20),
      GITHUB_RUN_ATTEMPT: '9'.repeat(10),
    });
    expect(longest).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});

describe('allowed-account-ids', () => {
  test('the account of the credentials handed over must be listed', () => {
    expect(role({ 'allowed-account-ids': '222222222222, 111111111111' }).accountId).toBe(
      '111111111111',
    );
    const error = inputError({ 'allowed-account-ids': '222222222222' });
    expect(error.input).toBe('allowed-account-ids');
    expect(error.message).toContain("the account of 'account-id'");
    expect(error.message).not.toContain('111111111111');
  });

  test('with role-to-assume it is the role’s account that counts', () => {
    const chained = { 'role-to-assume': 'arn:aws:iam::333333333333:role/Deployer' };
    expect(role({ ...chained, 'allowed-account-ids': '333333333333' }).chain?.accountId).toBe(
      '333333333333',
    );
    const error = inputError({ ...chained, 'allowed-account-ids': '111111111111' });
    expect(error.message).toContain("the account of 'role-to-assume'");
  });

  test('with profiles every line is checked, and the error names each line outside', () => {
    const base = { 'sso-region': 'eu-west-1', 'access-token': 'aoaSECRETACCESSTOKEN1' };
    const profiles =
      'a = 111111111111/ReadOnly\nb = 222222222222/ReadOnly\nc = 333333333333/ReadOnly';
    const error = inputError({ profiles, 'allowed-account-ids': '222222222222' }, base);
    expect(error.input).toBe('allowed-account-ids');
    expect(error.message).toContain("'profiles' lines 1, 3");
  });

  test('with renew-credentials: a warning naming both inputs and what the token cache reaches', () => {
    const renewing = {
      'renew-credentials': 'profile',
      'sso-start-url': 'https://d-1234567890.awsapps.com/start',
      'refresh-token': 'aorSECRETREFRESHTOKEN2',
      'client-id': 'cidSECRETCLIENTID3',
      'client-secret': 'csSECRETCLIENTSECRET4',
      'access-token': '',
    };
    const warned = role({ ...renewing, 'allowed-account-ids': '111111111111' });
    expect(warned.inputWarnings).toEqual([
      "'allowed-account-ids' limits the credentials this step gets, not what 'renew-credentials' gives the job: the job's tools get the IAM Identity Center session's token cache, with which they can get credentials for every account and permission set the session reaches, not only the allowed account, until the post step removes it. 'renew-credentials: endpoint' serves only this step's role.",
    ]);
    expect(role(renewing).inputWarnings).toBeUndefined();
    expect(role({ 'allowed-account-ids': '111111111111' }).inputWarnings).toBeUndefined();
  });

  test.each(['11111111111', '111111111111;222222222222', ',', 'abc'])(
    'a list that is not of account ids fails: %j',
    (value) => {
      const error = inputError({ 'allowed-account-ids': value });
      expect(error.input).toBe('allowed-account-ids');
      expect(error.message).toMatch(/12-digit AWS account ids separated by commas/);
    },
  );
});

test('unset-current-credentials is a boolean, false by default', () => {
  expect(role({}).unsetCurrentCredentials).toBeUndefined();
  expect(role({ 'unset-current-credentials': 'False' }).unsetCurrentCredentials).toBeUndefined();
  expect(role({ 'unset-current-credentials': 'true' }).unsetCurrentCredentials).toBe(true);
  expect(inputError({ 'unset-current-credentials': 'yes' }).input).toBe(
    'unset-current-credentials',
  );
});
