import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { refreshInputs, runAgainst } from '../support/action.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { availableReaders } from '../support/profile-readers.js';
import { useTempDirs } from '../support/temp-dirs.js';

/**
 * Shared files that start with a UTF-8 byte-order mark (PowerShell 5's `Out-File -Encoding UTF8`
 * writes one). The JS SDK reads such a file as if the mark were not there; botocore and the AWS
 * CLI v2 refuse the whole file ("Unable to parse config file", aws/aws-cli#3419). The action
 * edits the sections the JS SDK sees, keeps the mark, and the post step gives the bytes back.
 */

const emulator = useEmulator();
const freshHome = useTempDirs('bom');

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CREDENTIALS =
  '[default]\naws_access_key_id = AKIAUSERDEFAULT\naws_secret_access_key = user-secret\n\n[keep]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = keep-secret\n';
/** A role_arn the AWS tools would use before the credentials file: the step sets it aside. */
const CONFIG =
  '[default]\nregion = us-west-2\noutput = json\nrole_arn = arn:aws:iam::123456789012:role/Other\nsource_profile = keep\n';

async function bomHome(
  configText = CONFIG,
): Promise<{ home: string; credentials: string; config: string }> {
  const home = await freshHome();
  await mkdir(join(home, '.aws'), { mode: 0o700 });
  const credentials = join(home, '.aws', 'credentials');
  const config = join(home, '.aws', 'config');
  await writeFile(credentials, Buffer.concat([BOM, Buffer.from(CREDENTIALS)]), { mode: 0o600 });
  await writeFile(config, Buffer.concat([BOM, Buffer.from(configText)]));
  return { home, credentials, config };
}

describe('a shared file that starts with a byte-order mark', () => {
  test('profile default replaces the section behind the mark, keeps the mark, and the post step restores the bytes', async () => {
    const { home, credentials, config } = await bomHome();
    const before = { credentials: await readFile(credentials), config: await readFile(config) };
    const result = await runAgainst(
      emulator,
      { ...refreshInputs(emulator.seedSession()), profile: 'default' },
      { home },
    );
    expect(result.exitCode).toBe(0);
    const keyId = result.env.AWS_ACCESS_KEY_ID;

    const written = { credentials: await readFile(credentials), config: await readFile(config) };
    for (const bytes of Object.values(written)) expect(bytes.subarray(0, 3)).toEqual(BOM);
    const credentialsText = written.credentials.subarray(3).toString('utf8');
    expect(credentialsText.match(/^\[default\]$/gm)).toHaveLength(1);
    expect(credentialsText).toMatch(/^\[default\]\n# written by aws-sso-credentials/);
    expect(credentialsText).not.toContain('AKIAUSERDEFAULT');
    expect(credentialsText).toContain('[keep]\naws_access_key_id = AKIAKEEP\n');
    const configText = written.config.subarray(3).toString('utf8');
    expect(configText.match(/^\[default\]$/gm)).toHaveLength(1);
    expect(configText).toMatch(/^\[default\]\nregion = us-west-2\noutput = json\n# written by/);
    expect(configText).not.toMatch(/role_arn|source_profile/);
    expect(result.warnings.map((w) => w.message).join('\n')).toContain(
      'sets role_arn, source_profile',
    );

    // The real clients, with the job's home: the JS SDK reads what was written, botocore and
    // the AWS CLI refuse the file as they refused it before this step.
    const readers = await availableReaders();
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
    const js = await readers['JS SDK v3']?.(env, 'default');
    expect(js).toEqual({ region: 'us-west-2', output: 'json', accessKeyId: keyId });
    for (const name of ['AWS CLI v2', 'botocore'] as const) {
      const reader = readers[name];
      if (!reader) continue;
      // The AWS CLI reader gives its error as the key id; botocore's fails outright.
      const outcome = await reader(env, 'default').then(
        (reading) => reading.accessKeyId,
        (error: { stderr?: string }) => String(error.stderr ?? error),
      );
      expect(outcome).toMatch(/Unable to parse config file/);
    }

    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(await readFile(credentials)).toEqual(before.credentials);
    expect(await readFile(config)).toEqual(before.config);
  });

  test('the JS SDK reads the user profile behind the mark as before, beside the new profile', async () => {
    const { home, credentials } = await bomHome('[default]\noutput = json\n');
    const result = await runAgainst(
      emulator,
      { ...refreshInputs(emulator.seedSession()), profile: 'ci' },
      { home },
    );
    expect(result.exitCode).toBe(0);
    const text = (await readFile(credentials)).subarray(3).toString('utf8');
    expect(text.match(/^\[default\]$/gm)).toHaveLength(1);
    expect(text).toContain('[ci]\n');
    const readers = await availableReaders();
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_REGION: 'eu-west-1' };
    const reader = readers['JS SDK v3'];
    expect(await reader?.(env, 'default')).toMatchObject({ accessKeyId: 'AKIAUSERDEFAULT' });
    expect(await reader?.(env, 'ci')).toMatchObject({ accessKeyId: result.env.AWS_ACCESS_KEY_ID });
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
  });
});
