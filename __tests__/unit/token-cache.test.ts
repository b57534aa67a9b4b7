import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import {
  type AssumedRoleArguments,
  cliAssumedRoleCachePath,
  cliCredentialsCachePath,
  readTokenCache,
  removeCacheFile,
  tokenCachePath,
  writeTokenCache,
} from '../../src/disk/token-cache.js';
import { botocorePython, IMPORT_BOTOCORE, testWith } from '../support/real-clients.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'token-cache-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const session = {
  accessToken: 'aoaTOKEN',
  expiresAt: new Date('2026-12-03T09:00:00.000Z'),
  region: 'us-east-1',
  startUrl: 'https://d-1234567890.awsapps.com/start',
};

describe('the SDKs’ token cache', () => {
  test('is named by the SHA-1 of the session name, as botocore and the JS SDK look it up', () => {
    const sha1 = createHash('sha1').update('s').digest('hex');
    expect(sha1).toBe('a0f1490a20d0211c997b44bc357e1972deab8ae3');
    expect(tokenCachePath('s', { HOME: home })).toBe(
      join(home, '.aws', 'sso', 'cache', `${sha1}.json`),
    );
  });

  test('the AWS CLI’s credential cache key is botocore’s (compact JSON, sorted keys)', () => {
    const target = { accountId: '111122223333', roleName: 'Deploy' };
    const python = [
      'import hashlib, json',
      "args = {'roleName': 'Deploy', 'accountId': '111122223333', 'sessionName': 's'}",
      "print(hashlib.sha1(json.dumps(args, sort_keys=True, separators=(',', ':')).encode()).hexdigest())",
    ].join('\n');
    const expected = execFileSync('python3', ['-c', python], { encoding: 'utf8' }).trim();
    expect(cliCredentialsCachePath('s', target, { HOME: home })).toBe(
      join(home, '.aws', 'cli', 'cache', `${expected}.json`),
    );
  });

  testWith(['botocore']).each<[string, AssumedRoleArguments]>([
    [
      'the default session name and duration',
      {
        roleArn: 'arn:aws:iam::333333333333:role/Deployer',
        sessionName: 'GitHubActions-1-1',
        durationSeconds: 3600,
      },
    ],
    [
      'a path, an external id with : and /, every session-name character',
      {
        roleArn: 'arn:aws-cn:iam::333333333333:role/ci/x/Deploy+=,.@_-',
        sessionName: 'a+=,.@_-z',
        durationSeconds: 900,
        externalId: 'ext:42/x+=,.@_-',
      },
    ],
  ])('an assumed role’s AWS CLI cache key is botocore’s own (%s)', (_, args) => {
    const python = botocorePython() ?? 'python3';
    // botocore's AssumeRoleCredentialFetcher, given what AssumeRoleProvider reads from the profile.
    const script = [
      'import json, sys',
      IMPORT_BOTOCORE,
      'import botocore.credentials as c',
      'a = json.loads(sys.argv[1])',
      "extra = {'RoleSessionName': a['sessionName'], 'DurationSeconds': int(a['durationSeconds'])}",
      "if 'externalId' in a: extra['ExternalId'] = a['externalId']",
      "print(c.AssumeRoleCredentialFetcher(None, None, a['roleArn'], extra_args=extra)._create_cache_key())",
    ].join('\n');
    const key = execFileSync(python, ['-c', script, JSON.stringify(args)], { encoding: 'utf8' });
    expect(cliAssumedRoleCachePath(args, { HOME: home })).toBe(
      join(home, '.aws', 'cli', 'cache', `${key.trim()}.json`),
    );
  });

  test('is written 0600 in 0700 directories, and read back', async () => {
    const file = tokenCachePath('s', { HOME: home });
    await writeTokenCache(file, JSON.stringify(session));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, '.aws'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(home, '.aws', 'sso', 'cache'))).mode & 0o777).toBe(0o700);
    expect(await readTokenCache(file)).toEqual({
      kind: 'read',
      text: `${JSON.stringify(session)}\n`,
    });
    expect(await removeCacheFile(file)).toBe(true);
    expect(await removeCacheFile(file)).toBe(false);
    expect(await readTokenCache(file)).toEqual({ kind: 'missing' });
  });

  test.each([
    [
      'a symbolic link',
      async (file: string) => {
        await writeFile(join(home, 'elsewhere'), JSON.stringify(session));
        await symlink(join(home, 'elsewhere'), file);
      },
      /symbolic link/,
    ],
    [
      'too large',
      async (file: string) => writeFile(file, ' '.repeat(300 * 1024), { mode: 0o600 }),
      /larger than 256 KiB/,
    ],
    [
      'readable by others',
      async (file: string) => writeFile(file, JSON.stringify(session), { mode: 0o644 }),
      /mode is 0644/,
    ],
    ['a FIFO', async (file: string) => execFileSync('mkfifo', [file]), /not a regular file/],
    ['a directory', async (file: string) => mkdir(file), /not a regular file/],
  ])(
    'a cache that is %s is unusable, and says why without quoting it',
    async (_what, make, why) => {
      const file = tokenCachePath('s', { HOME: home });
      await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
      await make(file);
      const read = await readTokenCache(file);
      expect(read.kind).toBe('unusable');
      expect(read.kind === 'unusable' && read.reason).toMatch(why);
    },
  );
});
