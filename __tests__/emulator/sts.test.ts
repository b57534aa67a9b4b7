import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GetRoleCredentialsCommand } from '@aws-sdk/client-sso';
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { afterEach, describe, expect, test } from '@jest/globals';
import { type IdentityCenterEmulator, STS_PATH } from '../../emulator/index.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { awsCli, testWith } from '../support/real-clients.js';
import { destroyClients, portalClient, REGION, rejectionOf } from '../support/sdk.js';

/**
 * The emulator's STS through the real SDK (query protocol, SigV4 signed by the SDK's signer) and
 * through botocore (the AWS CLI v2): only credentials it issued, signed right and unexpired, are
 * served; AssumeRole is role chaining (1 hour at most), trust policies and external ids hold.
 */

const run = promisify(execFile);
const emu = useEmulator();
const DEPLOYER = 'arn:aws:iam::333333333333:role/Deployer';

afterEach(() => destroyClients());

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Permission set credentials, as GetRoleCredentials hands them out. */
async function permissionSetKeys(
  emulator: IdentityCenterEmulator,
  role = 'ReadOnly',
): Promise<Keys> {
  const { roleCredentials } = await portalClient(emulator).send(
    new GetRoleCredentialsCommand({
      accessToken: emulator.issueAccessToken(),
      accountId: '111111111111',
      roleName: role,
    }),
  );
  return {
    accessKeyId: roleCredentials?.accessKeyId ?? '',
    secretAccessKey: roleCredentials?.secretAccessKey ?? '',
    sessionToken: roleCredentials?.sessionToken ?? '',
  };
}

const clients: STSClient[] = [];
function stsClient(emulator: IdentityCenterEmulator, credentials: Keys): STSClient {
  const client = new STSClient({
    region: 'eu-west-1',
    endpoint: emulator.url,
    credentials,
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

const assume = (input: Partial<AssumeRoleCommandInput> = {}) =>
  new AssumeRoleCommand({ RoleArn: DEPLOYER, RoleSessionName: 'fidelity', ...input });

describe('AssumeRole through the JS SDK', () => {
  test('a permission set assumes a role: chained credentials that STS knows as that session', async () => {
    const sts = stsClient(emu, await permissionSetKeys(emu));
    const answer = await sts.send(assume({ DurationSeconds: 900 }));
    expect(answer.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::333333333333:assumed-role/Deployer/fidelity',
    );
    const expires = answer.Credentials?.Expiration?.getTime() ?? 0;
    expect(Math.abs(expires - (Date.now() + 900_000))).toBeLessThan(60_000);
    const chained = stsClient(emu, {
      accessKeyId: answer.Credentials?.AccessKeyId ?? '',
      secretAccessKey: answer.Credentials?.SecretAccessKey ?? '',
      sessionToken: answer.Credentials?.SessionToken ?? '',
    });
    const identity = await chained.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('333333333333');
    expect(identity.Arn).toBe('arn:aws:sts::333333333333:assumed-role/Deployer/fidelity');
    const [record] = emu.assumeRoleRequests();
    expect(record).toMatchObject({
      roleArn: DEPLOYER,
      sessionName: 'fidelity',
      region: 'eu-west-1',
    });
    expect(record?.callerArn).toMatch(
      /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_ReadOnly_[0-9a-f]{16}\/emulator-user$/,
    );
    // The query protocol: a form-encoded POST to /.
    const request = emu.requests.find((r) => r.path === STS_PATH);
    expect(request?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIA/);
  });

  test('session policies and the external id reach STS', async () => {
    const role = 'arn:aws:iam::333333333333:role/WithExternalId';
    emu.addAssumableRole({ roleArn: role, externalId: 'ext-1' });
    const sts = stsClient(emu, await permissionSetKeys(emu));
    await sts.send(
      assume({
        RoleArn: role,
        ExternalId: 'ext-1',
        Policy: '{"Version":"2012-10-17","Statement":[]}',
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      }),
    );
    expect(emu.assumeRoleRequests().at(-1)).toMatchObject({
      externalId: 'ext-1',
      policy: '{"Version":"2012-10-17","Statement":[]}',
      policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    });
    const wrongId = await rejectionOf(sts.send(assume({ RoleArn: role, ExternalId: 'ext-2' })));
    expect(wrongId.name).toBe('AccessDenied');
  });

  test('a role whose trust policy does not trust the permission set: AccessDenied, 403', async () => {
    emu.addAssumableRole({
      roleArn: 'arn:aws:iam::333333333333:role/AdminsOnly',
      trustedPermissionSets: ['111111111111/AdministratorAccess'],
    });
    const refused = await rejectionOf(
      stsClient(emu, await permissionSetKeys(emu)).send(
        assume({ RoleArn: 'arn:aws:iam::333333333333:role/AdminsOnly' }),
      ),
    );
    expect(refused.name).toBe('AccessDenied');
    expect(refused.$metadata?.httpStatusCode).toBe(403);
    expect(refused.message).toMatch(/is not authorized to perform: sts:AssumeRole on resource/);
    const admin = stsClient(emu, await permissionSetKeys(emu, 'AdministratorAccess'));
    await expect(
      admin.send(assume({ RoleArn: 'arn:aws:iam::333333333333:role/AdminsOnly' })),
    ).resolves.toBeDefined();
  });

  test('more than an hour is refused as role chaining', async () => {
    const refused = await rejectionOf(
      stsClient(emu, await permissionSetKeys(emu)).send(assume({ DurationSeconds: 3601 })),
    );
    expect(refused.name).toBe('ValidationError');
    expect(refused.message).toMatch(/1 hour session limit for roles assumed by role chaining/);
  });

  test('signatures are checked: a wrong secret, an unknown key, expired credentials', async () => {
    const keys = await permissionSetKeys(emu);
    const granted = emu.assumeRoleRequests().length;
    const wrongSecret = await rejectionOf(
      stsClient(emu, { ...keys, secretAccessKey: `${keys.secretAccessKey.slice(1)}x` }).send(
        assume(),
      ),
    );
    expect(wrongSecret.name).toBe('SignatureDoesNotMatch');
    const unknown = await rejectionOf(
      stsClient(emu, { ...keys, accessKeyId: 'ASIAUNKNOWNUNKNOWN00' }).send(assume()),
    );
    expect(unknown.name).toBe('InvalidClientTokenId');
    const wrongToken = await rejectionOf(
      stsClient(emu, { ...keys, sessionToken: `${keys.sessionToken}x` }).send(assume()),
    );
    expect(wrongToken.name).toBe('InvalidClientTokenId');
    emu.expireAwsCredentials();
    const expired = await rejectionOf(stsClient(emu, keys).send(assume()));
    expect(expired.name).toBe('ExpiredToken');
    expect(emu.assumeRoleRequests()).toHaveLength(granted);
  });

  test('faults and throttling speak STS: Throttling, and AccessDenied for a 403', async () => {
    const sts = stsClient(emu, await permissionSetKeys(emu));
    emu.injectFault(STS_PATH, { kind: 'status', status: 429 });
    emu.injectFault(STS_PATH, { kind: 'status', status: 403 });
    const throttled = await rejectionOf(sts.send(assume()));
    expect(throttled.name).toBe('Throttling');
    const denied = await rejectionOf(sts.send(assume()));
    expect(denied.name).toBe('AccessDenied');
    emu.setRateLimit({ requestsPerSecond: 0.001, burst: 1 });
    await sts.send(assume());
    const limited = await rejectionOf(sts.send(assume()));
    expect(limited.name).toBe('Throttling');
    emu.setRateLimit(undefined);
  });
});

describe('through botocore (the AWS CLI v2)', () => {
  const cliTest = testWith(['AWS CLI v2']);

  cliTest(
    'the CLI signs, assumes a role and asks who it is with the chained credentials',
    async () => {
      const keys = await permissionSetKeys(emu);
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: '/nonexistent',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        AWS_SESSION_TOKEN: keys.sessionToken,
      };
      const base = ['--endpoint-url', emu.url, '--region', REGION, '--output', 'json'];
      const { stdout } = await run(
        awsCli(),
        ['sts', 'assume-role', '--role-arn', DEPLOYER, '--role-session-name', 'cli', ...base],
        { env },
      );
      const answer = JSON.parse(stdout) as {
        Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      };
      const who = await run(awsCli(), ['sts', 'get-caller-identity', ...base], {
        env: {
          ...env,
          AWS_ACCESS_KEY_ID: answer.Credentials.AccessKeyId,
          AWS_SECRET_ACCESS_KEY: answer.Credentials.SecretAccessKey,
          AWS_SESSION_TOKEN: answer.Credentials.SessionToken,
        },
      });
      expect(JSON.parse(who.stdout)).toMatchObject({
        Account: '333333333333',
        Arn: 'arn:aws:sts::333333333333:assumed-role/Deployer/cli',
      });
    },
    60_000,
  );
});
