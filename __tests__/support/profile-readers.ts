/**
 * What the three real clients read for one profile: the AWS CLI v2, botocore (both found by
 * support/real-clients.ts) and the AWS SDK for JavaScript v3 (__tests__/fixtures/read-profile.mjs
 * under Node 24). A client that is not installed is left out outside CI and fails the suite in CI
 * (`availableReaders`). A reader that fails gives its error's first line as `accessKeyId`,
 * so that an assertion shows which credentials a client ended up with, or why none.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { node24Path, repoRoot } from './node24.js';
import { awsCli as awsCliPath, botocorePython, IMPORT_BOTOCORE, usable } from './real-clients.js';

const run = promisify(execFile);

export interface Reading {
  region: string | undefined;
  output: string | undefined;
  accessKeyId: string | undefined;
}

export type Reader = (env: Record<string, string>, profile?: string) => Promise<Reading>;

/** HOME, and both shared files directly in it. */
export const sharedFilesEnv = (home: string): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  AWS_CONFIG_FILE: join(home, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
});

const failure = (error: unknown): string =>
  `failed: ${String((error as { stderr?: string }).stderr || error)
    .trim()
    .split('\n')
    .pop()}`;

const awsCli: Reader = async (env, profile = 'default') => {
  const get = async (key: string) =>
    (
      await run(awsCliPath(), ['configure', 'get', key, '--profile', profile], { env }).catch(
        () => ({
          stdout: '',
        }),
      )
    ).stdout.trim() || undefined;
  // Three processes of a CLI slow to start: at the same time.
  const [region, output, accessKeyId] = await Promise.all([
    get('region'),
    get('output'),
    run(
      awsCliPath(),
      ['configure', 'export-credentials', '--profile', profile, '--format', 'process'],
      { env },
    ).then(({ stdout }) => (JSON.parse(stdout) as { AccessKeyId: string }).AccessKeyId, failure),
  ]);
  return { region, output, accessKeyId };
};

const botocore: Reader = async (env, profile = 'default') => {
  const script = [
    'import json, sys',
    IMPORT_BOTOCORE,
    's = botocore.session.Session(profile=sys.argv[1])',
    'try:',
    '    key = s.get_credentials().access_key',
    'except Exception as e:',
    "    key = 'failed: ' + str(e)",
    "print(json.dumps({'region': s.get_config_variable('region'), 'output': s.get_scoped_config().get('output'), 'accessKeyId': key}))",
  ].join('\n');
  const { stdout } = await run(botocorePython() ?? 'python3', ['-c', script, profile], { env });
  return JSON.parse(stdout) as Reading;
};

const jsSdk: Reader = async (env, profile = 'default') => {
  const script = join(repoRoot, '__tests__', 'fixtures', 'read-profile.mjs');
  try {
    const { stdout } = await run(node24Path(), [script, profile], { env, cwd: repoRoot });
    const read = JSON.parse(stdout) as {
      region: string;
      config: Record<string, string>;
      accessKeyId: string;
    };
    return { region: read.region, output: read.config.output, accessKeyId: read.accessKeyId };
  } catch (error) {
    return { region: undefined, output: undefined, accessKeyId: failure(error) };
  }
};

/** The installed clients by name (the JS SDK always is); in CI a missing one throws, naming it. */
export async function availableReaders(): Promise<Record<string, Reader>> {
  return {
    ...(usable('AWS CLI v2') ? { 'AWS CLI v2': awsCli } : {}),
    ...(usable('botocore') ? { botocore } : {}),
    'JS SDK v3': jsSdk,
  };
}
