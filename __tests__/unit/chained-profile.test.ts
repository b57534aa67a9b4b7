import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@jest/globals';
import { chainedProfileSection, hasSessionPolicies } from '../../src/action/chained-profile.js';
import { upsertSections } from '../../src/disk/credentials-file.js';
import { botocorePython, IMPORT_BOTOCORE, testWith } from '../support/real-clients.js';

/**
 * The chained profile as the AWS tools write it themselves (role_arn + source_profile): its
 * section, and botocore reading it as an assume-role profile (support/real-clients.ts).
 */

const run = promisify(execFile);
const CHAIN = {
  roleArn: 'arn:aws:iam::333333333333:role/ci/Deployer',
  accountId: '333333333333',
  sessionName: 'GitHubActions-1-1',
  durationSeconds: 1800,
  externalId: 'ext:42',
  managedPolicyArns: [],
};

test('the section: role_arn, source_profile and the session the inputs asked for', () => {
  const section = chainedProfileSection('deploy', CHAIN, 'hub', 'step-1');
  expect(section.name).toBe('profile deploy');
  expect(section.lines).toEqual([
    '# written by aws-sso-credentials (step-1); its post step removes it',
    'role_arn = arn:aws:iam::333333333333:role/ci/Deployer',
    'source_profile = hub',
    'role_session_name = GitHubActions-1-1',
    'duration_seconds = 1800',
    'external_id = ext:42',
  ]);
  expect(hasSessionPolicies(CHAIN)).toBe(false);
  expect(hasSessionPolicies({ ...CHAIN, inlinePolicy: '{}' })).toBe(true);
});

testWith(['botocore'])(
  'botocore reads it as a profile that assumes the role from the source profile',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chained-profile-'));
    const { text } = upsertSections('[profile hub]\nregion = eu-west-1\n', [
      chainedProfileSection('deploy', CHAIN, 'hub', 'step-1'),
    ]);
    await writeFile(join(dir, 'config'), text);
    const script = [
      'import json',
      IMPORT_BOTOCORE,
      "s = botocore.session.Session(profile='deploy')",
      'print(json.dumps(s.get_scoped_config()))',
    ].join('\n');
    const { stdout } = await run(botocorePython() ?? 'python3', ['-c', script], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, AWS_CONFIG_FILE: join(dir, 'config') },
    });
    expect(JSON.parse(stdout)).toMatchObject({
      role_arn: CHAIN.roleArn,
      source_profile: 'hub',
      role_session_name: 'GitHubActions-1-1',
      duration_seconds: '1800',
      external_id: 'ext:42',
    });
  },
);
