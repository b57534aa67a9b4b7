import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator } from '../../emulator/index.js';
import { runAgainst, tokenInputs } from '../support/action.js';
import { availableReaders, type Reader, sharedFilesEnv } from '../support/profile-readers.js';

/**
 * `profiles` with aws-region over a config file whose [default] the user keeps settings in: the
 * three real clients (the AWS CLI v2, botocore, the JS SDK v3) must read the action's region
 * and credentials for the default profile during the job, still see the user's other [default]
 * settings, and read the user's own again after the post step. A client that is not installed
 * is skipped (support/profile-readers.ts).
 */

let readers: Record<string, Reader> = {};
const baseEnv = sharedFilesEnv;

let emulator: IdentityCenterEmulator;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start();
  readers = await availableReaders();
});
afterAll(async () => {
  await emulator.stop();
});

const USER_CONFIG =
  '[default]\noutput = json\nregion = us-east-1\ncli_pager =\n\n[profile keep]\nregion = ap-south-1\n';
const USER_CREDENTIALS =
  '[default]\naws_access_key_id = AKIAUSERLONGLIVED000\naws_secret_access_key = user/secret+long/lived/key/0000000000\n';

describe('profiles + aws-region over an existing [default]: the three clients agree', () => {
  test('during the job: our region and credentials, the user’s other settings; after: the user’s own', async () => {
    const home = await mkdtemp(join(tmpdir(), 'three-clients-'));
    await writeFile(join(home, 'config'), USER_CONFIG);
    await writeFile(join(home, 'credentials'), USER_CREDENTIALS, { mode: 0o644 });
    const env = baseEnv(home);
    const profiles = 'default = 111111111111/ReadOnly\nother = 222222222222/ReadOnly';
    const result = await runAgainst(
      emulator,
      { ...tokenInputs(emulator.seedSession()), profiles, 'aws-region': 'eu-west-1' },
      {
        home,
        env: {
          AWS_CONFIG_FILE: env.AWS_CONFIG_FILE ?? '',
          AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE ?? '',
        },
      },
    );
    expect(result.exitCode).toBe(0);
    const credentials = await readFile(join(home, 'credentials'), 'utf8');
    const ours = /\[default\]\n# written[^\n]*\naws_access_key_id = (ASIA\w+)/.exec(
      credentials,
    )?.[1];
    expect(ours).toMatch(/^ASIA/);

    const checked: string[] = [];
    for (const [name, read] of Object.entries(readers)) {
      expect({ name, ...(await read(env)) }).toEqual({
        name,
        region: 'eu-west-1',
        output: 'json',
        accessKeyId: ours,
      });
      checked.push(name);
    }
    expect(checked).toContain('JS SDK v3');

    const post = await result.runPost({
      env: {
        AWS_CONFIG_FILE: env.AWS_CONFIG_FILE ?? '',
        AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE ?? '',
      },
    });
    expect(post.exitCode).toBe(0);
    expect(await readFile(join(home, 'config'), 'utf8')).toBe(USER_CONFIG);
    expect(await readFile(join(home, 'credentials'), 'utf8')).toBe(USER_CREDENTIALS);
    for (const [name, read] of Object.entries(readers)) {
      expect({ name, ...(await read(env)) }).toEqual({
        name,
        region: 'us-east-1',
        output: 'json',
        accessKeyId: 'AKIAUSERLONGLIVED000',
      });
    }
    process.stdout.write(`THREE-CLIENTS checked: ${checked.join(', ')}\n`);
  }, 120_000);

  test('a file that has both [default] and [profile default]: all read the action’s region', async () => {
    const home = await mkdtemp(join(tmpdir(), 'three-clients-'));
    const config =
      '[default]\noutput = json\n[profile default]\nregion = us-east-1\noutput = text\n';
    await writeFile(join(home, 'config'), config);
    const env = baseEnv(home);
    const fileEnv = {
      AWS_CONFIG_FILE: env.AWS_CONFIG_FILE ?? '',
      AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE ?? '',
    };
    const result = await runAgainst(
      emulator,
      {
        ...tokenInputs(emulator.seedSession()),
        profiles: 'default = 111111111111/ReadOnly',
        'aws-region': 'eu-west-1',
      },
      { home, env: fileEnv },
    );
    expect(result.exitCode).toBe(0);
    for (const [name, read] of Object.entries(readers)) {
      expect({ name, region: (await read(env)).region }).toEqual({ name, region: 'eu-west-1' });
    }
    await result.runPost({ env: fileEnv });
    expect(await readFile(join(home, 'config'), 'utf8')).toBe(config);
  }, 120_000);
});
