import { describe, expect, test } from '@jest/globals';
import { ACCOUNT_ID, isRegion, PROFILE_NAME, ROLE_NAME } from '../../src/shared/validation.js';

describe('ACCOUNT_ID', () => {
  test.each(['111122223333', '000000000000', '999999999999'])('accepts %p', (value) => {
    expect(ACCOUNT_ID.test(value)).toBe(true);
  });

  test.each([
    ['11 digits', '11112222333'],
    ['13 digits', '1111222233334'],
    ['letters', '11112222333a'],
    ['hex-looking', 'abcdefabcdef'],
    ['an inner space', '111122 223333'],
    ['a leading space', ' 111122223333'],
    ['a trailing newline', '111122223333\n'],
    ['dashes', '1111-2222-3333'],
    ['a shell command after it', '111122223333;rm -rf /'],
    ['only a shell command', ';rm -rf ~'],
    ['command substitution', '$(id)'],
    ['command substitution in 12 characters', '$(id)1234567'],
    ['full-width digits', '１１１１２２２２３３３３'],
    ['Arabic-Indic digits', '١١١١٢٢٢٢٣٣٣٣'],
    ['empty', ''],
  ])('rejects %s', (_label, value) => {
    expect(ACCOUNT_ID.test(value)).toBe(false);
  });
});

describe('ROLE_NAME', () => {
  test.each(['ReadOnly', 'AWSAdministratorAccess', 'Dev_Ops-2', 'a+b=c,d.e@f', 'x'])(
    'accepts %p',
    (value) => {
      expect(ROLE_NAME.test(value)).toBe(true);
    },
  );

  test('accepts 64 characters', () => {
    expect(ROLE_NAME.test('R'.repeat(64))).toBe(true);
  });

  test.each([
    ['a space', 'Read Only'],
    ['a trailing space', 'ReadOnly '],
    ['a slash (IAM path)', 'team/ReadOnly'],
    ['a leading slash', '/ReadOnly'],
    ['65 characters', 'R'.repeat(65)],
    ['empty', ''],
    ['a semicolon', 'ReadOnly;id'],
    ['command substitution', '$(id)'],
    ['a newline', 'ReadOnly\nAdmin'],
    ['a non-ASCII letter', 'Rôle'],
    ['a colon', 'role:ReadOnly'],
  ])('rejects %s', (_label, value) => {
    expect(ROLE_NAME.test(value)).toBe(false);
  });
});

describe('isRegion', () => {
  test.each([
    'us-east-1',
    'eu-west-1',
    'ap-southeast-2',
    'il-central-1',
    'mx-central-1',
    'ca-west-1',
    'cn-north-1',
    'cn-northwest-1',
    'us-gov-west-1',
    'eusc-de-east-1',
    'us-iso-east-1',
    'us-isob-east-1',
  ])('accepts %p', (value) => {
    expect(isRegion(value)).toBe(true);
  });

  test.each([
    ['a missing number', 'us-east'],
    ['missing dashes', 'useast1'],
    ['an unknown partition prefix', 'mars-1'],
    ['an unknown area', 'xx-east-1'],
    ['upper case', 'US-EAST-1'],
    ['an availability zone', 'us-east-1a'],
    ['a three-digit number', 'us-east-100'],
    ['a trailing space', 'us-east-1 '],
    ['a trailing newline', 'us-east-1\n'],
    ['a host name', 'sso.us-east-1.amazonaws.com'],
    ['empty', ''],
  ])('rejects %s', (_label, value) => {
    expect(isRegion(value)).toBe(false);
  });
});

describe('PROFILE_NAME', () => {
  test.each([
    ['ci', 'ci'],
    ['default', 'default'],
    ['a dash', 'my-profile'],
    ['a dot', 'team.prod'],
    ['@ + and _', 'a@b+c_d'],
    ['128 characters', 'P'.repeat(128)],
  ])('accepts %s', (_label, value) => {
    expect(PROFILE_NAME.test(value)).toBe(true);
  });

  test.each([
    ['a space', 'my profile'],
    ['brackets', '[ci]'],
    ['a section break', 'ci]\n[default'],
    ['a newline', 'ci\n'],
    ['a slash', 'team/ci'],
    ['an equals sign', 'ci=1'],
    ['a comment character #', '#ci'],
    ['a comment character ;', ';ci'],
    ['129 characters', 'P'.repeat(129)],
    ['empty', ''],
  ])('rejects %s', (_label, value) => {
    expect(PROFILE_NAME.test(value)).toBe(false);
  });
});
