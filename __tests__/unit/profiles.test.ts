import { describe, expect, test } from '@jest/globals';
import { parseProfiles } from '../../src/action/profiles.js';
import { InputError } from '../../src/shared/errors.js';

function problem(text: string): string {
  try {
    parseProfiles(text, 'profiles');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('profiles');
    return (error as Error).message;
  }
  throw new Error('parseProfiles accepted the text');
}

describe('parseProfiles', () => {
  test('one profile per line, with line numbers, in order', () => {
    expect(
      parseProfiles('prod = 111111111111/ReadOnly\ndev = 222222222222/AdministratorAccess', 'p'),
    ).toEqual([
      { profile: 'prod', accountId: '111111111111', roleName: 'ReadOnly', line: 1 },
      { profile: 'dev', accountId: '222222222222', roleName: 'AdministratorAccess', line: 2 },
    ]);
  });

  test('blank lines, comments, inline comments, CRLF and extra spaces are allowed', () => {
    const text = [
      '# accounts of the audit',
      '',
      '   ',
      '  prod=111111111111/ReadOnly  ',
      'dev   =   222222222222 / Power.User@Team+1   # the team role',
      '\t# indented comment',
    ].join('\r\n');
    expect(parseProfiles(text, 'profiles')).toEqual([
      { profile: 'prod', accountId: '111111111111', roleName: 'ReadOnly', line: 4 },
      { profile: 'dev', accountId: '222222222222', roleName: 'Power.User@Team+1', line: 5 },
    ]);
  });

  test('profile names take the characters the profile input takes', () => {
    const [spec] = parseProfiles('team.prod_ro-1@x+y = 111111111111/ReadOnly', 'profiles');
    expect(spec?.profile).toBe('team.prod_ro-1@x+y');
  });

  test.each([
    ['no equals sign', 'prod 111111111111/ReadOnly', 'expected `name = account-id/role-name`'],
    ['no slash', 'prod = 111111111111', 'expected `name = account-id/role-name`'],
    ['no name', ' = 111111111111/ReadOnly', 'the profile name must be'],
    ['a space in the name', 'my prod = 111111111111/ReadOnly', 'the profile name must be'],
    ['a bracket in the name', '[prod] = 111111111111/ReadOnly', 'the profile name must be'],
    ['a short account id', 'prod = 11111111111/ReadOnly', 'the account id must be 12 digits'],
    [
      'letters in the account id',
      'prod = 11111111111a/ReadOnly',
      'the account id must be 12 digits',
    ],
    ['no role', 'prod = 111111111111/', 'the role name must be'],
    ['a slash in the role', 'prod = 111111111111/team/ReadOnly', 'the role name must be'],
    ['a space in the role', 'prod = 111111111111/Read Only', 'the role name must be'],
    ['a second equals sign', 'prod = 111111111111/Read=Only = x', 'the role name must be'],
  ])('%s is an error with the line number', (_label, line, expected) => {
    const message = problem(`# first\n${line}`);
    expect(message.startsWith(`Input 'profiles' has errors: line 2: ${expected}`)).toBe(true);
  });

  test('every bad line is reported, not only the first', () => {
    const message = problem('a = 1/x\nb = 111111111111/ReadOnly\nc\n');
    expect(message).toMatch(/line 1: the account id .*; line 3: expected/);
  });

  test('a profile name given twice names both lines', () => {
    expect(problem('prod = 111111111111/ReadOnly\n\nprod = 222222222222/ReadOnly')).toBe(
      "Input 'profiles' has errors: line 3: profile 'prod' is already on line 1",
    );
  });

  test('the same account and role under two names is fine', () => {
    expect(parseProfiles('a = 111111111111/ReadOnly\nb = 111111111111/ReadOnly', 'p')).toHaveLength(
      2,
    );
  });

  test('only comments and blank lines is an error', () => {
    expect(problem('# nothing yet\n\n')).toMatch(/^Input 'profiles' has no profiles/);
  });

  test('a bad line is never quoted (it may be a secret pasted into the wrong input)', () => {
    const secret = 'aor:SECRET/REFRESH:TOKEN:VALUE';
    expect(problem(`prod = 111111111111/ReadOnly\n${secret}`)).not.toContain(secret);
    expect(problem(`${secret} = 111111111111/ReadOnly`)).not.toContain(secret);
    expect(problem(`prod = ${secret}/x`)).not.toContain(secret);
  });
});
