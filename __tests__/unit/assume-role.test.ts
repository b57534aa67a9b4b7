import { describe, expect, test } from '@jest/globals';
import type { RoleSettings } from '../../src/action/inputs.js';
import { describeChainFailure } from '../../src/action/role-chain.js';
import { MalformedResponseError, RetriesExhaustedError } from '../../src/http/retry.js';
import { readAssumedRole, stsProblem } from '../../src/sts/assume-role.js';

/** AssumeRole's answer checked (masking first), its errors classified, and phrased for a workflow. */

const ROLE = 'arn:aws:iam::333333333333:role/ci/Deployer';
const NOW = Date.parse('2026-12-03T09:00:00Z');
const KEY = 'ASIAEXAMPLEEXAMPLE00';
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTQw';
const TOKEN = 'IQoJb3JpZ2luX2VjEMUexampleexampleexample';

function answer(
  overrides: Record<string, unknown> = {},
  arn = 'arn:aws:sts::333333333333:assumed-role/Deployer/run-1',
) {
  return {
    Credentials: {
      AccessKeyId: KEY,
      SecretAccessKey: SECRET,
      SessionToken: TOKEN,
      Expiration: new Date(NOW + 3600_000),
      ...overrides,
    },
    AssumedRoleUser: { Arn: arn, AssumedRoleId: 'AROAEXAMPLE:run-1' },
  } as never;
}

describe('readAssumedRole', () => {
  test('the credentials, masked first, and the account of the session', () => {
    const masked: string[] = [];
    const read = readAssumedRole(answer(), ROLE, (s) => masked.push(s), NOW);
    expect(masked).toEqual([KEY, SECRET, TOKEN]);
    expect(read.accountId).toBe('333333333333');
    expect(read.credentials).toEqual({
      accessKeyId: KEY,
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
      expiration: new Date(NOW + 3600_000),
    });
  });

  test('a missing member is malformed (retried); credentials that arrived are masked anyway', () => {
    const masked: string[] = [];
    expect(() =>
      readAssumedRole(answer({ SessionToken: undefined }), ROLE, (s) => masked.push(s), NOW),
    ).toThrow(MalformedResponseError);
    expect(masked).toEqual([KEY, SECRET]);
  });

  test.each([
    ['a key of the wrong shape', answer({ AccessKeyId: 'asia lower' }), /Credentials.AccessKeyId/],
    ['an expiry in the past', answer({ Expiration: new Date(NOW - 1) }), /Credentials.Expiration/],
    [
      'a session of another account',
      answer({}, 'arn:aws:sts::444444444444:assumed-role/Deployer/run-1'),
      /not a session of the role/,
    ],
    [
      'a session of another role',
      answer({}, 'arn:aws:sts::333333333333:assumed-role/Other/run-1'),
      /not a session of the role/,
    ],
  ])('%s is refused without quoting it', (_what, response, problem) => {
    expect(() => readAssumedRole(response, ROLE, () => {}, NOW)).toThrow(problem);
  });
});

describe('bounds on the credentials STS sends', () => {
  test.each([
    ['AccessKeyId', `ASIA${'A'.repeat(125)}`, 'more than the 128 allowed'],
    ['SecretAccessKey', 'A'.repeat(129), 'more than the 128 allowed'],
    ['SessionToken', 'A'.repeat(600_000), '600000 characters, more than the 16384 allowed'],
  ])('%s over its bound is refused, naming the member, and never masked', (name, value, says) => {
    const masked: string[] = [];
    const read = () => readAssumedRole(answer({ [name]: value }), ROLE, (s) => masked.push(s), NOW);
    expect(read).toThrow(`invalid response: Credentials.${name} has ${value.length} characters`);
    expect(read).toThrow(says);
    expect(masked).not.toContain(value);
  });

  test('a session token of 16384 characters, at the bound, is taken', () => {
    const token = 'A'.repeat(16_384);
    const read = readAssumedRole(answer({ SessionToken: token }), ROLE, () => {}, NOW);
    expect(read.credentials.sessionToken).toBe(token);
  });
});

describe('stsProblem and the sentence a workflow sees', () => {
  const settings = {
    roleName: 'ReadOnly',
    accountId: '111111111111',
    ssoRegion: 'eu-west-1',
  } as RoleSettings;
  const chain = {
    roleArn: ROLE,
    accountId: '333333333333',
    sessionName: 's',
    durationSeconds: 3600,
    managedPolicyArns: [],
  };
  const sdkError = (name: string, status: number, message: string) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  test('AccessDenied: the role, the permission set, the trust policy', () => {
    const problem = stsProblem(sdkError('AccessDenied', 403, 'User: x is not authorized'));
    expect(problem.kind).toBe('denied');
    const sentence = describeChainFailure(problem, settings, { ...chain, externalId: 'e' });
    expect(sentence).toContain(`assume '${ROLE}'`);
    expect(sentence).toContain("the permission set 'ReadOnly' of account 111111111111");
    expect(sentence).toContain(
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/…/AWSReservedSSO_ReadOnly_…',
    );
    expect(sentence).toContain("with the sts:ExternalId of 'role-external-id'");
    expect(sentence.split('. ')).toHaveLength(1);
  });

  test.each([
    [
      sdkError(
        'ValidationError',
        400,
        'exceeds the 1 hour session limit for roles assumed by role chaining',
      ),
      'session-too-long',
      /at most 1 hour.*role-duration-seconds/,
    ],
    [sdkError('ExpiredToken', 400, 'expired'), 'credentials-expired', /as expired/],
    [
      sdkError('RegionDisabledException', 403, 'disabled'),
      'region-disabled',
      /not activated in eu-west-1/,
    ],
    [
      new RetriesExhaustedError(sdkError('Throttling', 400, 'Rate exceeded'), 3, 2500),
      'call-failed',
      /failed after 3 attempts over 2\.5s: HTTP 400 Throttling: Rate exceeded$/,
    ],
  ])('STS error case %#', (error, kind, sentence) => {
    const problem = stsProblem(error);
    expect(problem.kind).toBe(kind);
    expect(describeChainFailure(problem, settings, chain)).toMatch(sentence);
  });
});
