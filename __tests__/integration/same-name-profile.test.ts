import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator } from '../../emulator/index.js';
import { refreshInputs, runAgainst, tokenInputs } from '../support/action.js';
import { availableReaders, type Reader, sharedFilesEnv } from '../support/profile-readers.js';
import type { ActionResult } from '../support/runner.js';

/**
 * A profile of the name the action writes that already says, in the config file, where its
 * credentials come from (IAM Identity Center, an assumed role, a web identity, a process): the
 * AWS CLI v2 and botocore read that before the credentials file, so they would not use the
 * action's credentials while the log said they were written. The action sets those keys aside
 * for the job, with a warning naming them, and the post step puts them back byte for byte.
 * Likewise a config file whose only default section is [profile default] keeps its settings.
 */

let emulator: IdentityCenterEmulator;
let readers: Record<string, Reader> = {};

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start();
  readers = await availableReaders();
});
afterAll(async () => {
  await emulator.stop();
});

const fileEnv = (home: string) => {
  const { AWS_CONFIG_FILE = '', AWS_SHARED_CREDENTIALS_FILE = '' } = sharedFilesEnv(home);
  return { AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE };
};

/** The key id the action wrote as [NAME] in the credentials file. */
async function writtenKeyId(home: string, name: string): Promise<string | undefined> {
  const text = await readFile(join(home, 'credentials'), 'utf8');
  return new RegExp(`\\[${name}\\]\\n# written[^\\n]*\\naws_access_key_id = (ASIA\\w+)`).exec(
    text,
  )?.[1];
}

/** The warnings about sections (the rotated refresh token has its own). */
const sectionWarnings = (result: ActionResult): string[] =>
  result.warnings.map(({ message }) => message).filter((message) => message.startsWith('['));

const SSO_SESSION =
  '[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = us-east-1\n';

const CONFLICTS: [string, string, string[]][] = [
  [
    'sso_session',
    `[profile prod]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = us-east-1\noutput = text\n\n${SSO_SESSION}`,
    ['sso_session', 'sso_account_id', 'sso_role_name'],
  ],
  [
    'sso_start_url (legacy)',
    '[profile prod]\nregion = us-east-1\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = Admin\noutput = text\n',
    ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'],
  ],
  [
    'role_arn + source_profile',
    '[profile base]\nregion = us-east-1\n\n[profile prod]\nrole_arn = arn:aws:iam::111111111111:role/Deploy\nsource_profile = base\nregion = us-east-1\noutput = text',
    ['role_arn', 'source_profile'],
  ],
  [
    'web_identity_token_file',
    '[profile prod]\r\nrole_arn = arn:aws:iam::111111111111:role/Deploy\r\nweb_identity_token_file = /var/run/no-such-token\r\nregion = us-east-1\r\noutput = text\r\n',
    ['role_arn', 'web_identity_token_file'],
  ],
  [
    'credential_process',
    '[profile prod]\nregion = us-east-1\noutput = text\ncredential_process = /bin/false\n',
    ['credential_process'],
  ],
];

describe('profile: prod over a [profile prod] that gets its credentials elsewhere', () => {
  test.each(CONFLICTS)(
    '%s: set aside for the job, named, and put back',
    async (_, config, keys) => {
      const home = await mkdtemp(join(tmpdir(), 'same-name-'));
      await writeFile(join(home, 'config'), config);
      const env = sharedFilesEnv(home);
      const result = await runAgainst(
        emulator,
        { ...refreshInputs(emulator.seedSession()), profile: 'prod' },
        { home, env: fileEnv(home) },
      );
      expect(result.exitCode).toBe(0);
      const ours = await writtenKeyId(home, 'prod');
      expect(ours).toMatch(/^ASIA/);
      expect(sectionWarnings(result)).toEqual([
        `[profile prod] in ${env.AWS_CONFIG_FILE} sets ${keys.join(', ')}, which the AWS tools would use instead of the credentials this step wrote: set aside for this job; the post step puts ${keys.length === 1 ? 'it' : 'them'} back.`,
      ]);

      const checked: string[] = [];
      for (const [name, read] of Object.entries(readers)) {
        const reading = await read(env, 'prod');
        expect({ name, ...reading }).toEqual({
          name,
          region: 'us-east-1',
          output: 'text',
          accessKeyId: ours,
        });
        checked.push(name);
      }
      expect(checked).toContain('JS SDK v3');

      const post = await result.runPost({ env: fileEnv(home) });
      expect(post.exitCode).toBe(0);
      expect(post.warnings).toEqual([]);
      expect(await readFile(join(home, 'config'), 'utf8')).toBe(config);
      process.stdout.write(`SAME-NAME ${_} checked: ${checked.join(', ')}\n`);
    },
    120_000,
  );

  test('a config without such keys is not touched at all', async () => {
    const home = await mkdtemp(join(tmpdir(), 'same-name-'));
    const config = '[profile prod]\nregion = us-east-1\noutput = text\n';
    await writeFile(join(home, 'config'), config);
    const result = await runAgainst(
      emulator,
      { ...refreshInputs(emulator.seedSession()), profile: 'prod' },
      { home, env: fileEnv(home) },
    );
    expect(result.exitCode).toBe(0);
    expect(sectionWarnings(result)).toEqual([]);
    expect(result.stdout).not.toContain(join(home, 'config'));
    expect(await readFile(join(home, 'config'), 'utf8')).toBe(config);
  }, 120_000);

  test('profiles with aws-region: [default] loses its sso keys for the job, keeps the rest', async () => {
    const home = await mkdtemp(join(tmpdir(), 'same-name-'));
    const config = `[default]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\noutput = text\n\n${SSO_SESSION}`;
    await writeFile(join(home, 'config'), config);
    const env = sharedFilesEnv(home);
    const result = await runAgainst(
      emulator,
      {
        ...tokenInputs(emulator.seedSession()),
        profiles: 'default = 111111111111/ReadOnly',
        'aws-region': 'eu-west-1',
      },
      { home, env: fileEnv(home) },
    );
    expect(result.exitCode).toBe(0);
    const ours = await writtenKeyId(home, 'default');
    for (const [name, read] of Object.entries(readers)) {
      expect({ name, ...(await read(env)) }).toEqual({
        name,
        region: 'eu-west-1',
        output: 'text',
        accessKeyId: ours,
      });
    }
    expect(sectionWarnings(result)).toHaveLength(1);
    await result.runPost({ env: fileEnv(home) });
    expect(await readFile(join(home, 'config'), 'utf8')).toBe(config);
  }, 120_000);
});

describe('a config whose default profile is [profile default] only', () => {
  test('gets the region there, no second [default]; every client keeps the other settings', async () => {
    const home = await mkdtemp(join(tmpdir(), 'same-name-'));
    const config = '[profile default]\noutput = text\ncli_pager =\nregion = us-east-1\n';
    await writeFile(join(home, 'config'), config);
    const env = sharedFilesEnv(home);
    const result = await runAgainst(
      emulator,
      {
        ...tokenInputs(emulator.seedSession()),
        profiles: 'default = 111111111111/ReadOnly',
        'aws-region': 'eu-west-1',
      },
      { home, env: fileEnv(home) },
    );
    expect(result.exitCode).toBe(0);
    const during = await readFile(join(home, 'config'), 'utf8');
    expect(during).not.toMatch(/^\[default\]/m);
    const ours = await writtenKeyId(home, 'default');
    for (const [name, read] of Object.entries(readers)) {
      expect({ name, ...(await read(env)) }).toEqual({
        name,
        region: 'eu-west-1',
        output: 'text',
        accessKeyId: ours,
      });
    }
    await result.runPost({ env: fileEnv(home) });
    expect(await readFile(join(home, 'config'), 'utf8')).toBe(config);
  }, 120_000);
});
