import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { getHomeDir, loadSharedConfigFiles } from '@smithy/core/config';
import {
  awsHomeDirectory,
  checkSharedConfigFiles,
  sharedFilePaths,
} from '../../src/disk/config-files.js';
import { configFilePath, credentialsFilePath } from '../../src/disk/credentials-file.js';

/**
 * One rule for the home directory of every path under ~/.aws, the JS SDK's (getHomeDir):
 * HOME, USERPROFILE, HOMEDRIVE + HOMEPATH, then the OS. GitHub's Windows runners set no HOME,
 * so there the action must find USERPROFILE as the SDK does; path.win32 runs the Windows rules
 * here.
 */

const HOME_VARIABLES = ['HOME', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH'] as const;
const FILE_VARIABLES = ['AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE'] as const;

describe('the home directory', () => {
  test('a Windows runner (USERPROFILE, no HOME): the action writes where the SDK reads', () => {
    const env = { USERPROFILE: 'C:\\Users\\runneradmin' };
    expect(sharedFilePaths(env, path.win32)).toEqual({
      credentials: 'C:\\Users\\runneradmin\\.aws\\credentials',
      config: 'C:\\Users\\runneradmin\\.aws\\config',
    });
    expect(credentialsFilePath({ USERPROFILE: '/profiles/runner' })).toBe(
      '/profiles/runner/.aws/credentials',
    );
    expect(configFilePath({ USERPROFILE: '/profiles/runner' })).toBe(
      '/profiles/runner/.aws/config',
    );
  });

  test('HOMEDRIVE + HOMEPATH when neither HOME nor USERPROFILE is set', () => {
    const env = { HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\build' };
    expect(awsHomeDirectory(env, path.win32)).toBe('D:\\Users\\build');
    expect(sharedFilePaths(env, path.win32).credentials).toBe(
      'D:\\Users\\build\\.aws\\credentials',
    );
    expect(credentialsFilePath({ HOMEDRIVE: '/drive', HOMEPATH: '/home/build' })).toBe(
      '/drive/home/build/.aws/credentials',
    );
  });

  test('HOMEPATH alone is on drive C:, as the SDK assumes', () => {
    expect(sharedFilePaths({ HOMEPATH: '\\Users\\build' }, path.win32).config).toBe(
      'C:\\Users\\build\\.aws\\config',
    );
  });

  test('HOME first, then USERPROFILE; empty ones do not count', () => {
    const all = { HOME: '/h', USERPROFILE: '/u', HOMEDRIVE: '/d', HOMEPATH: '/p' };
    expect(awsHomeDirectory(all)).toBe('/h');
    expect(awsHomeDirectory({ ...all, HOME: '' })).toBe('/u');
    expect(awsHomeDirectory({ ...all, HOME: '', USERPROFILE: '' })).toBe('/d/p');
  });

  test('the OS home directory when none is set (a self-hosted runner started without HOME)', () => {
    expect(awsHomeDirectory({})).toBe(homedir());
    expect(credentialsFilePath({})).toBe(join(homedir(), '.aws', 'credentials'));
  });

  test('a leading ~/ in the variables is expanded with the same home, on Windows too', () => {
    const env = {
      USERPROFILE: 'C:\\Users\\runneradmin',
      AWS_SHARED_CREDENTIALS_FILE: '~/ci/credentials',
      AWS_CONFIG_FILE: 'D:\\aws\\config',
    };
    expect(sharedFilePaths(env, path.win32)).toEqual({
      credentials: 'C:\\Users\\runneradmin\\ci\\credentials',
      config: 'D:\\aws\\config',
    });
    expect(credentialsFilePath({ USERPROFILE: '/u', AWS_SHARED_CREDENTIALS_FILE: '~/c' })).toBe(
      '/u/c',
    );
  });

  test('only ~/ is expanded, as the JS SDK does (not ~user, not ~\\)', () => {
    const env = { HOME: '/h', AWS_SHARED_CREDENTIALS_FILE: '~other/c', AWS_CONFIG_FILE: '~\\c' };
    expect(sharedFilePaths(env)).toEqual({ credentials: '~other/c', config: '~\\c' });
  });
});

describe('the same files as the AWS SDK for JavaScript, asked in the same environment', () => {
  let dir: string;
  let saved: Record<string, string | undefined>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-files-test-'));
    saved = Object.fromEntries(
      [...HOME_VARIABLES, ...FILE_VARIABLES].map((key) => [key, process.env[key]]),
    );
    for (const key of [...HOME_VARIABLES, ...FILE_VARIABLES]) delete process.env[key];
  });

  afterEach(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(dir, { recursive: true, force: true });
  });

  const environments: [string, (dir: string) => NodeJS.ProcessEnv][] = [
    ['HOME', (d) => ({ HOME: join(d, 'home'), USERPROFILE: join(d, 'profile') })],
    ['USERPROFILE only', (d) => ({ USERPROFILE: join(d, 'profile') })],
    ['HOMEDRIVE + HOMEPATH', (d) => ({ HOMEDRIVE: d, HOMEPATH: '/drive-home' })],
    [
      'the variables, with ~/',
      (d) => ({
        USERPROFILE: join(d, 'profile'),
        AWS_SHARED_CREDENTIALS_FILE: '~/elsewhere/credentials',
        AWS_CONFIG_FILE: join(d, 'config'),
      }),
    ],
  ];

  test.each(environments)('%s', async (_label, environment) => {
    const env = environment(dir);
    Object.assign(process.env, env);
    expect(getHomeDir()).toBe(awsHomeDirectory(env));
    const { credentials, config } = sharedFilePaths(env);
    for (const file of [credentials, config]) await mkdir(path.dirname(file), { recursive: true });
    await writeFile(credentials, '[found]\naws_access_key_id = AKIAFOUND\n');
    await writeFile(config, '[profile found]\nregion = eu-north-1\n');
    const read = await loadSharedConfigFiles({ ignoreCache: true });
    expect(read.credentialsFile.found?.aws_access_key_id).toBe('AKIAFOUND');
    expect(read.configFile.found?.region).toBe('eu-north-1');
  });

  test('the check before any client is made looks at the same files (HOMEDRIVE + HOMEPATH)', async () => {
    const env = { HOMEDRIVE: dir, HOMEPATH: '/drive-home' };
    await mkdir(join(dir, 'drive-home', '.aws', 'config'), { recursive: true });
    expect(() => checkSharedConfigFiles(env)).toThrow(/is not a regular file/);
  });
});
