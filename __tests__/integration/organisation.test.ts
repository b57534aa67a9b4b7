import { describe, expect, test } from '@jest/globals';
import type { AccountSpec, IdentityCenterEmulator } from '../../emulator/index.js';
import { runAgainst, tokenInputs } from '../support/action.js';
import { manyAccounts, requestsTo } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import type { ActionResult } from '../support/runner.js';
import { runProcess } from '../support/spawn.js';

/**
 * The organisation-scale recipe of docs/across-accounts.md, run as the runner would run the
 * workflow: list-accounts with group-size → a matrix over its groups → in each group's job the
 * action with `profiles: ${{ matrix.profiles }}` and the token handoff, then a script that loops
 * over the action's `profiles` output. A few hundred accounts, with names that make awkward
 * profile names; the emulator rotates refresh tokens, so a job that refreshed with the stored
 * secret after the list job would fail: the one CreateToken of the run is the list job's.
 */

/** Accounts whose names test the profile names: namesakes, no usable name, dots and spaces. */
const AWKWARD: AccountSpec[] = [
  { accountId: '900000000001', accountName: 'Sandbox', roles: ['ReadOnly'] },
  { accountId: '900000000002', accountName: 'Sandbox', roles: ['ReadOnly', 'Billing=View'] },
  { accountId: '900000000003', accountName: '本番', roles: ['ReadOnly'] },
  { accountId: '900000000004', accountName: 'corp.prod / EU', roles: ['Billing,View'] },
];
const ACCOUNTS = [...manyAccounts(200), ...AWKWARD];
const PAIRS = ACCOUNTS.flatMap((account) => account.roles.map((r) => `${account.accountId}/${r}`));

const emulator = useEmulator({ accounts: ACCOUNTS });

interface Group {
  group: number;
  profiles: string;
  size: number;
}

interface ProfileLine {
  profile: string;
  pair: string;
}

function linesOf(group: Group): ProfileLine[] {
  return group.profiles.split('\n').map((line) => {
    const [profile = '', pair = ''] = line.split(' = ');
    return { profile, pair };
  });
}

/**
 * The script step of a group's job: loops over the action's `profiles` output and, for each
 * profile, reads its access key id from the shared credentials file as the AWS CLI and SDKs do
 * (one python3 for the whole loop: a process per profile would cost CI seconds).
 */
const LOOP = `
import configparser, json, os
credentials = configparser.RawConfigParser()
credentials.read(os.path.expanduser("~/.aws/credentials"))
for p in json.loads(os.environ["PROFILES"]):
    key = credentials[p["profile"]]["aws_access_key_id"]
    print(p["profile"], p["account-id"] + "/" + p["role-name"], key, sep="	")
`;

async function loopOverProfiles(job: ActionResult): Promise<string[][]> {
  const outcome = await runProcess('python3', ['-c', LOOP], {
    cwd: job.workspace,
    env: { PATH: process.env.PATH ?? '', HOME: job.home, PROFILES: job.outputs.profiles ?? '' },
  });
  expect(outcome.stderr).toBe('');
  expect(outcome.exitCode).toBe(0);
  return outcome.stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split('\t'));
}

async function groupJob(
  emu: IdentityCenterEmulator,
  stored: Record<string, string>,
  handoff: string,
  group: Group,
): Promise<{ job: ActionResult; looped: string[][] }> {
  const job = await runAgainst(emu, {
    ...stored,
    'token-handoff': handoff,
    'aws-region': 'eu-west-1',
    profiles: group.profiles,
  });
  expect(job.exitCode).toBe(0);
  expect(job.errors).toEqual([]);
  expect(job.warnings).toEqual([]);
  return { job, looped: await loopOverProfiles(job) };
}

describe('every account of an organisation in one workflow run', () => {
  test('groups of profiles, one token handed to every group, one CreateToken in the whole run', async () => {
    const session = emulator.seedSession();
    // What the workflow passes from its secrets to every job: the same stored values throughout.
    const stored = tokenInputs(session);

    const list = await runAgainst(
      emulator,
      { ...stored, 'group-size': '100' },
      {
        actionYml: 'list-accounts/action.yml',
      },
    );
    expect(list.exitCode).toBe(0);
    const groups = (JSON.parse(list.outputs.matrix ?? '') as { include: Group[] }).include;
    const handoff = list.outputs['token-handoff'] ?? '';
    expect(handoff).not.toBe('');
    // 404 pairs in groups of up to 100: five groups, four of 81 and one of 80.
    expect(list.outputs.pairs).toBe('404');
    expect(PAIRS).toHaveLength(404);
    expect(groups.map((group) => [group.group, group.size])).toEqual([
      [1, 81],
      [2, 81],
      [3, 81],
      [4, 81],
      [5, 80],
    ]);

    // Every pair in exactly one group, under a name unique in the run.
    const lines = groups.flatMap(linesOf);
    expect(lines.map((line) => line.pair).sort()).toEqual([...PAIRS].sort());
    expect(new Set(lines.map((line) => line.profile)).size).toBe(PAIRS.length);
    const awkward = lines
      .filter((line) => line.pair.startsWith('9000000000'))
      .map((l) => l.profile);
    expect(awkward).toEqual([
      expect.stringMatching(/^Sandbox-[0-9a-f]{8}\.ReadOnly$/),
      expect.stringMatching(/^Sandbox-[0-9a-f]{8}\.Billing-View-[0-9a-f]{8}$/),
      expect.stringMatching(/^Sandbox-[0-9a-f]{8}\.ReadOnly$/),
      '900000000003.ReadOnly',
      expect.stringMatching(/^corp-prod-EU-[0-9a-f]{8}\.Billing-View-[0-9a-f]{8}$/),
    ]);

    // The matrix: every group's job at once, as GitHub starts them.
    const jobs = await Promise.all(
      groups.map((group) => groupJob(emulator, stored, handoff, group)),
    );

    for (const [index, { job, looped }] of jobs.entries()) {
      const group = groups[index] as Group;
      const expected = linesOf(group);
      // The action's profiles output, and what the script read back for each: every profile.
      const output = JSON.parse(job.outputs.profiles ?? '') as { profile: string }[];
      expect(output.map((entry) => entry.profile)).toEqual(expected.map((line) => line.profile));
      expect(looped.map(([profile, pair]) => ({ profile, pair }))).toEqual(expected);
      const keys = looped.map((row) => row[2] ?? '');
      expect(new Set(keys).size).toBe(group.size);
      for (const key of keys) {
        expect(key).toMatch(/^ASIA/);
        expect(emulator.issuedSecrets()).toContain(key);
      }
      expect(job.log.join('\n')).toMatch(/Using the access token handed over in 'token-handoff'/);
    }

    // One refresh in the whole run (the list job's), every portal call with the token it got.
    expect(requestsTo(emulator, '/token')).toHaveLength(1);
    expect(requestsTo(emulator, '/federation/credentials')).toHaveLength(PAIRS.length);
    const bearers = new Set(
      emulator.requests
        .filter((request) => request.path !== '/token')
        .map((request) => request.headers['x-amz-sso_bearer_token']),
    );
    expect(bearers.size).toBe(1);
  });
});
