import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { getListSettings } from '../../src/list-accounts/inputs.js';
import { InputError, UserError } from '../../src/shared/errors.js';
import { SECRET_INPUTS } from '../../src/steps/token-inputs.js';

const ACCESS_TOKEN = 'aoaSECRETACCESSTOKEN1';

function setInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value;
  }
}

function clearInputs(): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
}

async function listError(): Promise<UserError> {
  try {
    await getListSettings();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('getListSettings accepted the inputs');
}

const subAction = parseYaml(
  readFileSync(new URL('../../list-accounts/action.yml', import.meta.url), 'utf8'),
) as { inputs: Record<string, { default?: string }>; runs: Record<string, string> };

beforeEach(() => {
  clearInputs();
  setInputs({
    'sso-region': 'us-east-1',
    'access-token': ACCESS_TOKEN,
    'mask-account-id': 'false',
  });
});
afterEach(clearInputs);

describe('getListSettings', () => {
  test('the token settings of the main action, and no filters by default', async () => {
    expect(await getListSettings()).toEqual({
      ssoRegion: 'us-east-1',
      tokenSource: { kind: 'access-token', accessToken: ACCESS_TOKEN },
      maxAttempts: 10,
      maskAccountId: false,
    });
  });

  test('filters become regular expressions', async () => {
    setInputs({ 'account-filter': '^(Prod|Stage)', 'role-filter': 'ReadOnly$' });
    const settings = await getListSettings();
    expect(settings.accountFilter?.test('Production')).toBe(true);
    expect(settings.accountFilter?.test('Dev')).toBe(false);
    expect(settings.roleFilter?.test('ReadOnly')).toBe(true);
  });

  test.each([
    ['account-filter', '(', 'Unterminated group'],
    ['role-filter', '*ReadOnly', 'Nothing to repeat'],
    ['role-filter', '[b-a]', 'Range out of order in character class'],
  ])(
    'an invalid %s %p is an InputError naming it, with the reason',
    async (input, value, reason) => {
      setInputs({ [input]: value });
      const error = await listError();
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(`Input '${input}' is not a valid regular expression (${reason})`);
    },
  );

  test('a pattern that backtracks catastrophically is matched in linear time', async () => {
    // JavaScript's engine took 36 s on 33 characters, doubling with each one more: with 60 it
    // would hold the thread for years, past any timer. So the filters are not RegExps (checked
    // first, so that a JavaScript matcher fails here instead of hanging the suite), and the
    // bundled step is run on such a name in __tests__/integration/list-accounts-deadline.test.ts.
    setInputs({ 'account-filter': '^([a-z]+\\s?)*$', 'role-filter': '^(\\w+\\w?)+$' });
    const settings = await getListSettings();
    expect(settings.accountFilter).not.toBeInstanceOf(RegExp);
    expect(settings.roleFilter).not.toBeInstanceOf(RegExp);
    const hostile = `${'a'.repeat(60)}!`;
    expect(settings.accountFilter?.test(hostile)).toBe(false);
    expect(settings.accountFilter?.test('abc def')).toBe(true);
    expect(settings.roleFilter?.test(`${'R'.repeat(63)}-`)).toBe(false);
    expect(settings.roleFilter?.test('ReadOnly')).toBe(true);
    expect(settings.accountFilter?.source).toBe('^([a-z]+\\s?)*$');
  });

  test.each([
    ['a backreference', '(a)\\1'],
    ['a lookahead', 'Prod(?=uction)'],
    ['a negative lookbehind', '(?<!Pre)Prod'],
  ])('%s is refused by name, without the pattern', async (_label, value) => {
    setInputs({ 'role-filter': value });
    const error = await listError();
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^Input 'role-filter' uses a backreference or a lookaround, which the filters do not support: they are matched in linear time \(RE2 syntax\)/,
    );
    expect(error.message).not.toContain(value);
  });

  test("token input errors are the main action's", async () => {
    setInputs({ 'client-id': 'cid' });
    expect((await listError()).message).toBe(
      "Input 'client-id' is used only with 'refresh-token'; remove it or give a refresh token",
    );
  });

  test('group-size: a whole number from 1 to 100; empty keeps one pair per entry', async () => {
    expect((await getListSettings()).groupSize).toBeUndefined();
    for (const [value, size] of [
      ['1', 1],
      ['100', 100],
      [' 25 ', 25],
    ] as const) {
      setInputs({ 'group-size': value });
      expect((await getListSettings()).groupSize).toBe(size);
    }
  });

  test.each(['0', '101', '-5', '2.5', '1e2', 'ten', '0x10', '10 profiles'])(
    'group-size %p is refused by name',
    async (value) => {
      setInputs({ 'group-size': value });
      const error = await listError();
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe("Input 'group-size' must be a whole number from 1 to 100");
    },
  );

  test('mask-account-id must be a boolean', async () => {
    setInputs({ 'mask-account-id': 'yes' });
    expect(((await listError()) as InputError).input).toBe('mask-account-id');
  });
});

describe('list-accounts/action.yml', () => {
  test('declares every token input the main action masks, and its own filters', () => {
    for (const name of SECRET_INPUTS) expect(subAction.inputs).toHaveProperty([name]);
    for (const name of [
      'sso-region',
      'account-filter',
      'role-filter',
      'retry-max-attempts',
      'http-proxy',
      'group-size',
    ]) {
      expect(subAction.inputs).toHaveProperty([name]);
    }
    expect(subAction.inputs['mask-account-id']?.default).toBe('false');
  });

  test('runs the bundle of its own entry point under node24', () => {
    expect(subAction.runs).toEqual({ using: 'node24', main: '../dist/list-accounts/index.js' });
  });
});
