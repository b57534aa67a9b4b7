import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator } from '../../emulator/index.js';
import { runAgainst, tokenInputs } from '../support/action.js';
import { node24Path, repoRoot } from '../support/node24.js';

/**
 * `profiles` with aws-region over a config file whose [default] the user keeps settings in: the
 * three real clients (the AWS CLI v2, botocore, the JS SDK v3) must read the action's region
 * and credentials for the default profile during the job, still see the user's other [default]
 * settings, and read the user's own again after the post step. A client that is not installed
 * is skipped (AWS_CLI names the CLI; python3 must import botocore).
 */

const run = promisify(execFile);
const AWS_CLI = process.env.AWS_CLI ?? '/usr/bin/aws';
const HAS_CLI = existsSync(AWS_CLI);
let hasBotocore = false;

interface Reading {
  region: string | undefined;
  output: string | undefined;
  accessKeyId: string | undefined;
}

type Reader = (env: Record<string, string>) => Promise<Reading>;

const baseEnv = (home: string): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  AWS_CONFIG_FILE: join(home, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
});

const readers: Record<string, Reader> = {
  'AWS CLI v2': async (env) => {
    const get = async (key: string) =>
      (
        await run(AWS_CLI, ['configure', 'get', key, '--profile', 'default'], { env }).catch(
          () => ({ stdout: '' }),
        )
      ).stdout.trim() || undefined;
    const exported = await run(
      AWS_CLI,
      ['configure', 'export-credentials', '--profile', 'default', '--format', 'process'],
      { env },
    );
    const { AccessKeyId } = JSON.parse(exported.stdout) as { AccessKeyId: string };
    return { region: await get('region'), output: await get('output'), accessKeyId: AccessKeyId };
  },
  botocore: async (env) => {
    const script = [
      'import json, botocore.session',
      "s = botocore.session.Session(profile='default')",
      "print(json.dumps({'region': s.get_config_variable('region'), 'output': s.get_scoped_config().get('output'), 'accessKeyId': s.get_credentials().access_key}))",
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script], { env });
    return JSON.parse(stdout) as Reading;
  },
  'JS SDK v3': async (env) => {
    const script = join(repoRoot, '__tests__', 'fixtures', 'read-profile.mjs');
    const { stdout } = await run(node24Path(), [script, 'default'], { env, cwd: repoRoot });
    const read = JSON.parse(stdout) as {
      region: string;
      config: Record<string, string>;
      accessKeyId: string;
    };
    return { region: read.region, output: read.config.output, accessKeyId: read.accessKeyId };
  },
};

let emulator: IdentityCenterEmulator;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start();
  hasBotocore = await run('python3', ['-c', 'import botocore']).then(
    () => true,
    () => false,
  );
});
afterAll(async () => {
  await emulator.stop();
});

const USER_CONFIG =
  '[default]\noutput = json\nregion = us-east-1\ncli_pager =\n\n[profile keep]\nregion = ap-south-1\n';
const USER_CREDENTIALS =
  '[default]\naws_access_key_id = AKIAUSERLONGLIVED000\naws_secret_access_key = user/secret+long/lived/key/0000000000\n';

function available(name: string): boolean {
  if (name === 'AWS CLI v2') return HAS_CLI;
  if (name === 'botocore') return hasBotocore;
  return true;
}

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
      if (!available(name)) continue;
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
      if (!available(name)) continue;
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
      if (!available(name)) continue;
      expect({ name, region: (await read(env)).region }).toEqual({ name, region: 'eu-west-1' });
    }
    await result.runPost({ env: fileEnv });
    expect(await readFile(join(home, 'config'), 'utf8')).toBe(config);
  }, 120_000);
});
