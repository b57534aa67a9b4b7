import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { STS_PATH } from '../../emulator/index.js';
import {
  ACCOUNT,
  expectFailedCleanly,
  expectNothingExported,
  refreshInputs,
  retryLines,
  runAgainst,
  tokenInputs,
} from '../support/action.js';
import { requestsTo } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { node24Path, repoRoot } from '../support/node24.js';
import { awsCli, botocorePython, IMPORT_BOTOCORE, usable } from '../support/real-clients.js';
import { SilentServer } from '../support/silent-server.js';

/**
 * role-to-assume and its companions, allowed-account-ids and unset-current-credentials: the
 * bundled action run as the runner runs it, against the emulator's IAM Identity Center and STS
 * (SigV4 verified), every issued secret scanned for in all output (runAgainst).
 */

const run = promisify(execFile);
const emulator = useEmulator();
const DEPLOYER = 'arn:aws:iam::333333333333:role/Deployer';

/** The AssumeRole the emulator granted last, and the credentials it issued with it. */
function lastAssumed() {
  const record = emulator.assumeRoleRequests().at(-1);
  if (!record) throw new Error('STS granted no AssumeRole');
  return record;
}

describe('role-to-assume', () => {
  test('the job gets the assumed role’s credentials; outputs and summary show both hops', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': DEPLOYER,
      'aws-region': 'eu-west-1',
      'output-credentials': 'true',
    });
    expect(result.exitCode).toBe(0);
    const assumed = lastAssumed();
    expect(assumed).toMatchObject({
      roleArn: DEPLOYER,
      sessionName: 'GitHubActions-1-1',
      durationSeconds: 3600,
      region: 'eu-west-1',
      policyArns: [],
    });
    expect(assumed.callerArn).toMatch(
      /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_ReadOnly_/,
    );
    expect(result.env.AWS_ACCESS_KEY_ID).toBe(assumed.accessKeyId);
    expect(result.outputs['aws-access-key-id']).toBe(assumed.accessKeyId);
    expect(result.outputs['aws-account-id']).toBe('333333333333');
    const expires = Date.parse(result.outputs.expiration ?? '');
    expect(Math.abs(expires - (Date.now() + 3600_000))).toBeLessThan(10 * 60_000);
    // Masked before anything could print them: the three chained credentials are add-masked.
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      expect(result.masks).toContain(result.env[name]);
    }
    expect(result.summary).toContain('ReadOnly');
    expect(result.summary).toContain('Then assumed (role-to-assume)');
    expect(result.summary).toContain(DEPLOYER);
    expect(result.summary).toContain('GitHubActions-1-1');
    expect(result.log.some((line) => line.includes(`Assuming '${DEPLOYER}'`))).toBe(true);
  });

  test('every companion reaches STS; the profile holds the chained credentials', async () => {
    const role = 'arn:aws:iam::333333333333:role/ci/External';
    emulator.addAssumableRole({ roleArn: role, externalId: 'ext:42' });
    const policy =
      '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]\n}';
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': role,
      'role-session-name': 'deploy@main',
      'role-duration-seconds': '900',
      'role-external-id': 'ext:42',
      'inline-session-policy': policy,
      'managed-session-policies':
        'arn:aws:iam::aws:policy/ReadOnlyAccess\narn:aws:iam::333333333333:policy/Deploy',
      profile: 'chained',
      'export-env': 'false',
    });
    expect(result.exitCode).toBe(0);
    const assumed = lastAssumed();
    expect(assumed).toMatchObject({
      roleArn: role,
      sessionName: 'deploy@main',
      durationSeconds: 900,
      externalId: 'ext:42',
      policy: JSON.stringify(JSON.parse(policy)),
      policyArns: [
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        'arn:aws:iam::333333333333:policy/Deploy',
      ],
      // No aws-region: STS in IAM Identity Center's region.
      region: 'us-east-1',
    });
    expect(result.env).toEqual({});
    const file = await readFile(join(result.home, '.aws', 'credentials'), 'utf8');
    expect(file).toContain(`aws_access_key_id = ${assumed.accessKeyId}`);
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    const after = await readFile(join(result.home, '.aws', 'credentials'), 'utf8').catch(() => '');
    expect(after).not.toContain(assumed.accessKeyId);
  });

  test('a role name is a role in the account of account-id', async () => {
    emulator.addAssumableRole({ roleArn: `arn:aws:iam::${ACCOUNT}:role/Hub` });
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': 'Hub',
    });
    expect(result.exitCode).toBe(0);
    expect(lastAssumed().roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/Hub`);
    expect(result.outputs['aws-account-id']).toBe(ACCOUNT);
  });

  test('mask-account-id masks the assumed role’s account too', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': DEPLOYER,
      'mask-account-id': 'true',
    });
    expect(result.exitCode).toBe(0);
    expect(result.masks).toEqual(expect.arrayContaining([ACCOUNT, '333333333333']));
    expect(result.summary).toContain('arn:aws:iam::********3333:role/Deployer');
    expect(result.summary).not.toContain('333333333333');
  });
});

describe('when the chain fails: one sentence, nothing handed to the job', () => {
  test('AccessDenied names the role, the permission set and the trust policy to check', async () => {
    const role = 'arn:aws:iam::333333333333:role/AdminsOnly';
    emulator.addAssumableRole({
      roleArn: role,
      trustedPermissionSets: ['111111111111/AdministratorAccess'],
    });
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': role,
      profile: 'never',
    });
    const message = expectFailedCleanly(result);
    expectNothingExported(result);
    expect(message).toMatch(
      /^STS denied the permission set 'ReadOnly' of account 111111111111 to assume 'arn:aws:iam::333333333333:role\/AdminsOnly' \(HTTP 403 AccessDenied: .*\); check that the trust policy of that role trusts the permission set's role, arn:aws:iam::111111111111:role\/aws-reserved\/sso\.amazonaws\.com\/…\/AWSReservedSSO_ReadOnly_…, for sts:AssumeRole, and that the permission set allows sts:AssumeRole on it\.$/,
    );
    expect(existsSync(join(result.home, '.aws', 'credentials'))).toBe(false);
  });

  test('throttled until the retries run out: the attempts, then one sentence', async () => {
    emulator.injectFault(
      STS_PATH,
      { kind: 'status', status: 400, errorType: 'Throttling', message: 'Rate exceeded' },
      Infinity,
    );
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': DEPLOYER,
      'retry-max-attempts': '2',
    });
    const message = expectFailedCleanly(result);
    expectNothingExported(result);
    expect(requestsTo(emulator, STS_PATH)).toHaveLength(2);
    expect(retryLines(result)).toHaveLength(1);
    expect(message).toMatch(
      /^STS AssumeRole of 'arn:aws:iam::333333333333:role\/Deployer' with the credentials of the permission set 'ReadOnly' of account 111111111111 failed after 2 attempts over \d+\.\ds: HTTP 400 Throttling: Rate exceeded$/,
    );
  });

  test('an answer that is not STS XML, or lacks the credentials: retried, then one sentence', async () => {
    emulator.injectFault(STS_PATH, { kind: 'malformed', body: '<AssumeRoleResponse><Assu' });
    emulator.injectFault(STS_PATH, {
      kind: 'malformed',
      body: '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult></AssumeRoleResult></AssumeRoleResponse>',
    });
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': DEPLOYER,
      'retry-max-attempts': '2',
    });
    const message = expectFailedCleanly(result);
    expectNothingExported(result);
    expect(requestsTo(emulator, STS_PATH)).toHaveLength(2);
    expect(message).toMatch(
      /failed after 2 attempts over \d+\.\ds: malformed response: Credentials lacks/,
    );
  });

  test('an answer larger than the bound is cut off by the project’s handler', async () => {
    emulator.injectFault(STS_PATH, {
      kind: 'malformed',
      body: `<x>${'A'.repeat(2 * 1024 * 1024)}</x>`,
    });
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': DEPLOYER,
    });
    const message = expectFailedCleanly(result);
    expectNothingExported(result);
    expect(message).toMatch(/^STS AssumeRole of .* failed: .*1 MiB/);
    expect(message).not.toContain('AAAA');
  });

  test('expired credentials: the sentence says so', async () => {
    emulator.injectFault(STS_PATH, {
      kind: 'status',
      status: 400,
      errorType: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': DEPLOYER,
    });
    const message = expectFailedCleanly(result);
    expectNothingExported(result);
    expect(message).toMatch(
      /refused the credentials of the permission set 'ReadOnly' .* as expired/,
    );
  });

  test('an STS that never answers: the step fails when action-timeout-s passes, naming it', async () => {
    const silent = await SilentServer.start();
    try {
      const result = await runAgainst(
        emulator,
        {
          ...refreshInputs(emulator.seedSession()),
          'role-to-assume': DEPLOYER,
          'action-timeout-s': '4',
        },
        { env: { AWS_ENDPOINT_URL_STS: silent.url }, timeoutMs: 60_000 },
      );
      expect(result.timedOut).toBe(false);
      const message = expectFailedCleanly(result);
      expectNothingExported(result);
      expect(message).toBe(
        `The step's time limit 'action-timeout-s' (4 s) passed while STS AssumeRole of '${DEPLOYER}' was still waiting for an answer.`,
      );
      // IAM Identity Center answered; STS was asked, and held the step until the limit.
      expect(requestsTo(emulator, '/federation/credentials')).toHaveLength(1);
      expect(silent.connections).toBeGreaterThanOrEqual(1);
      expect(result.durationMs).toBeLessThan(40_000);
      expect(existsSync(join(result.home, '.aws'))).toBe(false);
    } finally {
      await silent.stop();
    }
  }, 90_000);

  test('a malformed ARN fails before any request, naming the input', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': 'arn:aws:iam::3333:role/Deployer',
    });
    const message = expectFailedCleanly(result);
    expectNothingExported(result);
    expect(message).toMatch(/^Input 'role-to-assume' must be a role ARN/);
    expect(emulator.requests).toHaveLength(0);
  });

  test('more than an hour fails before any request, saying why', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': DEPLOYER,
      'role-duration-seconds': '7200',
    });
    expect(expectFailedCleanly(result)).toMatch(
      /^Input 'role-duration-seconds' must be at most 3600: STS limits a role assumed with another role's credentials \(role chaining/,
    );
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('allowed-account-ids', () => {
  test('another account fails before anything is asked, exported or written', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': DEPLOYER,
      'allowed-account-ids': '111111111111,222222222222',
      profile: 'never',
    });
    expect(expectFailedCleanly(result)).toBe(
      "Input 'allowed-account-ids' does not list the account of 'role-to-assume': the credentials would be for an account this workflow does not allow",
    );
    expectNothingExported(result);
    expect(emulator.requests).toHaveLength(0);
  });

  test('a listed account passes; with profiles every line must be listed', async () => {
    const ok = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'allowed-account-ids': ' 222222222222 , 111111111111 ',
    });
    expect(ok.exitCode).toBe(0);
    const refused = await runAgainst(emulator, {
      ...tokenInputs(emulator.seedSession()),
      profiles: 'a = 111111111111/ReadOnly\nb = 222222222222/ReadOnly',
      'allowed-account-ids': '111111111111',
    });
    expect(expectFailedCleanly(refused)).toContain("the account of the 'profiles' lines 2");
    expectNothingExported(refused);
    expect(existsSync(join(refused.home, '.aws', 'credentials'))).toBe(false);
  });
});

describe('unset-current-credentials', () => {
  const EARLIER = {
    AWS_ACCESS_KEY_ID: 'AKIAEARLIERSTEPKEY00',
    AWS_SECRET_ACCESS_KEY: 'earlier/step/secret/key/000000000000000',
    AWS_SESSION_TOKEN: 'earlierSessionToken0000000000000000000',
    AWS_PROFILE: 'earlier',
    AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z',
  };

  test('clears what an earlier step exported, first, even when nothing is exported after', async () => {
    const result = await runAgainst(
      emulator,
      {
        ...refreshInputs(emulator.seedSession()),
        'unset-current-credentials': 'true',
        'export-env': 'false',
        profile: 'mine',
      },
      { env: EARLIER },
    );
    expect(result.exitCode).toBe(0);
    expect(result.env).toEqual(Object.fromEntries(Object.keys(EARLIER).map((name) => [name, ''])));
    const aboutProfile = result.warnings.filter((w) => w.message.includes('AWS_PROFILE'));
    expect(aboutProfile.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /^AWS_PROFILE is now empty .* the AWS CLI v2 refuses an empty AWS_PROFILE/,
      ),
    ]);
    for (const secret of [EARLIER.AWS_SECRET_ACCESS_KEY, EARLIER.AWS_SESSION_TOKEN]) {
      expect(result.stdout).not.toContain(secret);
    }
  });

  test('with export-env the new credentials follow the cleared ones', async () => {
    const result = await runAgainst(
      emulator,
      { ...refreshInputs(emulator.seedSession()), 'unset-current-credentials': 'true' },
      { env: EARLIER },
    );
    expect(result.exitCode).toBe(0);
    const keys = result.entries.env
      .filter((e) => e.name === 'AWS_ACCESS_KEY_ID')
      .map((e) => e.value);
    expect(keys[0]).toBe('');
    expect(keys.at(-1)).toMatch(/^ASIA/);
    expect(result.env.AWS_PROFILE).toBe('');
  });

  test('only what is set is cleared: no empty AWS_PROFILE is brought into the job', async () => {
    const { AWS_PROFILE: _profile, ...keysOnly } = EARLIER;
    const result = await runAgainst(
      emulator,
      {
        ...refreshInputs(emulator.seedSession()),
        'unset-current-credentials': 'true',
        'export-env': 'false',
      },
      { env: keysOnly },
    );
    expect(result.exitCode).toBe(0);
    expect(Object.keys(result.env).sort()).toEqual(Object.keys(keysOnly).sort());
    expect(result.warnings.filter((w) => w.message.includes('AWS_PROFILE'))).toEqual([]);
  });

  test('the variables are cleared even when the step then fails', async () => {
    const session = emulator.seedSession();
    emulator.revokeRefreshToken(session.refreshToken ?? '');
    const result = await runAgainst(
      emulator,
      { ...refreshInputs(session), 'unset-current-credentials': 'true' },
      { env: EARLIER },
    );
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.env).toEqual(Object.fromEntries(Object.keys(EARLIER).map((name) => [name, ''])));
  });

  test('off by default: an earlier step’s variables are left alone', async () => {
    const result = await runAgainst(
      emulator,
      { ...refreshInputs(emulator.seedSession()), 'export-env': 'false' },
      { env: EARLIER },
    );
    expect(result.exitCode).toBe(0);
    expect(result.env).toEqual({});
  });
});

describe('the chained profile in the three clients', () => {
  test('AWS CLI v2, botocore and the JS SDK read the assumed role’s credentials', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      'role-to-assume': DEPLOYER,
      profile: 'chained',
      'export-env': 'false',
    });
    expect(result.exitCode).toBe(0);
    const expected = lastAssumed().accessKeyId;
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: result.home,
      AWS_CONFIG_FILE: join(result.home, '.aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(result.home, '.aws', 'credentials'),
      AWS_PAGER: '',
      AWS_REGION: 'us-east-1',
    };
    const read: Record<string, string> = {};
    const fixture = join(repoRoot, '__tests__', 'fixtures', 'read-profile.mjs');
    const js = await run(node24Path(), [fixture, 'chained'], { env, cwd: repoRoot });
    read['JS SDK v3'] = (JSON.parse(js.stdout) as { accessKeyId: string }).accessKeyId;
    if (usable('botocore')) {
      const script = `${IMPORT_BOTOCORE}\nprint(botocore.session.Session(profile='chained').get_credentials().access_key)`;
      read.botocore = (
        await run(botocorePython() ?? 'python3', ['-c', script], { env })
      ).stdout.trim();
    }
    if (usable('AWS CLI v2')) {
      // Signed with the chained credentials, verified by the emulator's STS: the role's session.
      const who = await run(
        awsCli(),
        [
          'sts',
          'get-caller-identity',
          '--profile',
          'chained',
          '--endpoint-url',
          emulator.url,
          '--region',
          'us-east-1',
          '--output',
          'json',
        ],
        { env },
      );
      expect(JSON.parse(who.stdout)).toMatchObject({
        Account: '333333333333',
        Arn: 'arn:aws:sts::333333333333:assumed-role/Deployer/GitHubActions-1-1',
      });
      const exported = await run(
        awsCli(),
        ['configure', 'export-credentials', '--profile', 'chained', '--format', 'process'],
        { env },
      );
      read['AWS CLI v2'] = (JSON.parse(exported.stdout) as { AccessKeyId: string }).AccessKeyId;
    }
    expect(Object.values(read).every((key) => key === expected)).toBe(true);
    expect(Object.keys(read)).toContain('JS SDK v3');
    process.stdout.write(`ROLE-CHAINING three clients: ${Object.keys(read).join(', ')}\n`);
  }, 120_000);
});
