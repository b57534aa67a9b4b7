/**
 * `npm run bench`: medians, side by side in one run, against the loopback emulator.
 *   - node startup: Node 24 doing nothing (the floor every JavaScript action pays)
 *   - action: the bundled dist/main/index.js, refresh + GetRoleCredentials + export, as the runner runs it
 *   - aws cli: `aws sso get-role-credentials` (the last step of the CLI recipe alone), when installed
 *   - list-accounts: 300 accounts with 1-3 roles each, 20 per page: the requests it takes, whether
 *     the matrix is right, and its time; ListAccountRoles one at a time (baseline) vs 8 in flight
 *   - profiles: 50 profiles at 200 ms per call, one at a time (baseline) vs 8 in flight, and the
 *     bundled action end to end
 *   - listing at scale: 600 accounts against 20 requests/s, paced vs backoff alone (bench-scale.ts)
 * and the size of what the runner downloads and loads (dist/).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manyAccounts } from '../__tests__/support/emulator.js';
import { node24Path } from '../__tests__/support/node24.js';
import { runAction } from '../__tests__/support/runner.js';
import { type AccountSpec, IdentityCenterEmulator } from '../emulator/index.js';
import { obtainProfileCredentials } from '../src/action/profile-credentials.js';
import type { ProfileSpec } from '../src/action/profiles.js';
import { listAccountsWithRoles } from '../src/sso/accounts.js';
import { createClients } from '../src/sso/clients.js';
import { PORTAL_CONCURRENCY } from '../src/sso/limits.js';
import { benchListingAtScale } from './bench-scale.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
/** The measurements that take seconds each (a sequential baseline at 200 ms per call). */
const SLOW_RUNS = Number(process.env.BENCH_SLOW_RUNS ?? 3);

function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${command} exited ${code}: ${stderr}`)),
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function runnerEnv(emulator: IdentityCenterEmulator): Promise<NodeJS.ProcessEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-'));
  const files = ['env', 'output', 'state', 'summary'].map((name) => join(dir, name));
  await Promise.all(files.map((file) => writeFile(file, '')));
  const session = emulator.seedSession();
  return {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    GITHUB_ENV: files[0],
    GITHUB_OUTPUT: files[1],
    GITHUB_STATE: files[2],
    GITHUB_STEP_SUMMARY: files[3],
    'INPUT_SSO-REGION': session.region,
    'INPUT_ACCESS-TOKEN': session.accessToken,
    'INPUT_ACCOUNT-ID': '111111111111',
    'INPUT_ROLE-NAME': 'ReadOnly',
    'INPUT_EXPORT-ENV': 'true',
    'INPUT_OUTPUT-CREDENTIALS': 'false',
    'INPUT_MASK-ACCOUNT-ID': 'false',
  };
}

async function sizeOf(dir: string): Promise<number> {
  const names = await readdir(dir);
  const sizes = await Promise.all(names.map(async (name) => (await stat(join(dir, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Median, min and max of `runs` samples (after one warm-up), as one line. */
async function measure(name: string, runs: number, run: () => Promise<number>): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await run());
  const middle = median(samples);
  console.log(
    `${name.padEnd(52)} ${middle.toFixed(0).padStart(6)} ms  (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(...samples).toFixed(0)}, ${runs} runs)`,
  );
  return middle;
}

function emulatorEnv(emulator: IdentityCenterEmulator): Record<string, string> {
  return { AWS_ENDPOINT_URL_SSO: emulator.url, AWS_ENDPOINT_URL_SSO_OIDC: emulator.url };
}

function refreshInputs(emulator: IdentityCenterEmulator): Record<string, string> {
  const session = emulator.seedSession();
  return {
    'sso-region': session.region,
    'refresh-token': session.refreshToken ?? '',
    'client-id': session.clientId,
    'client-secret': session.clientSecret,
  };
}

/** The matrix list-accounts must produce: every AdministratorAccess pair, sorted by account id. */
function expectedMatrix(accounts: readonly AccountSpec[], role: string): string {
  const include = accounts
    .filter((account) => account.roles.includes(role))
    .sort((a, b) => (a.accountId < b.accountId ? -1 : 1))
    .map((a) => ({ 'account-id': a.accountId, 'account-name': a.accountName, 'role-name': role }));
  return JSON.stringify({ include });
}

/** 300 accounts × 1-3 roles, 20 per page: requests, correctness and time of the sub-action. */
async function benchListAccounts(): Promise<void> {
  const accounts = manyAccounts(300);
  const emulator = await IdentityCenterEmulator.start({ accounts });
  console.log(
    `\nlist-accounts: 300 accounts × 1-3 roles (600 pairs), 20 per page, role-filter ^AdministratorAccess$`,
  );
  try {
    const inputs = { 'role-filter': '^AdministratorAccess$' };
    const step = () =>
      runAction({
        actionYml: 'list-accounts/action.yml',
        inputs: { ...refreshInputs(emulator), ...inputs },
        env: emulatorEnv(emulator),
      });
    emulator.clearRequests();
    const result = await step();
    const paths = emulator.requests.map((request) => request.path);
    const count = (path: string) => paths.filter((p) => p === path).length;
    const right = result.outputs.matrix === expectedMatrix(accounts, 'AdministratorAccess');
    console.log(
      `${'requests'.padEnd(52)} ${String(paths.length).padStart(6)}     (CreateToken ${count('/token')}, ListAccounts ${count('/assignment/accounts')}, ListAccountRoles ${count('/assignment/roles')})`,
    );
    console.log(
      `${'matrix'.padEnd(52)} ${String(result.outputs.count).padStart(6)}     entries, ${right ? 'as expected' : 'WRONG'} (exit ${result.exitCode})`,
    );
    await measure(
      'list-accounts (dist/list-accounts), loopback',
      SLOW_RUNS,
      async () => (await step()).durationMs,
    );
  } finally {
    await emulator.stop();
  }
  await benchRoleListing(accounts);
}

/** listAccountsWithRoles in process at 20 ms per call: one ListAccountRoles at a time vs 8. */
async function benchRoleListing(accounts: AccountSpec[]): Promise<void> {
  const emulator = await IdentityCenterEmulator.start({ accounts, latencyMs: 20 });
  process.env.AWS_ENDPOINT_URL_SSO = emulator.url;
  try {
    for (const [name, concurrency] of [
      ['ListAccountRoles × 300 at 20 ms, 1 in flight (baseline)', 1],
      [`ListAccountRoles × 300 at 20 ms, ${PORTAL_CONCURRENCY} in flight`, PORTAL_CONCURRENCY],
    ] as const) {
      await measure(name, SLOW_RUNS, async () => {
        const clients = createClients('us-east-1');
        const started = performance.now();
        await listAccountsWithRoles(clients.portal, emulator.issueAccessToken(), { concurrency });
        clients.portal.destroy();
        clients.oidc.destroy();
        return performance.now() - started;
      });
    }
  } finally {
    delete process.env.AWS_ENDPOINT_URL_SSO;
    await emulator.stop();
  }
}

/** 50 profiles at 200 ms per call: sequential baseline vs the default concurrency vs the action. */
async function benchProfiles(): Promise<void> {
  const accounts = manyAccounts(50).map((account) => ({ ...account, roles: ['ReadOnly'] }));
  const emulator = await IdentityCenterEmulator.start({ accounts, latencyMs: 200 });
  const specs: ProfileSpec[] = accounts.map((account, index) => ({
    profile: `p${index}`,
    accountId: account.accountId,
    roleName: 'ReadOnly',
    line: index + 1,
  }));
  console.log(
    '\nprofiles: 50 profiles, 200 ms latency per call (1 CreateToken + 50 GetRoleCredentials)',
  );
  Object.assign(process.env, emulatorEnv(emulator));
  try {
    for (const [name, concurrency] of [
      ['in process, 1 in flight (baseline: one step per profile)', 1],
      [`in process, ${PORTAL_CONCURRENCY} in flight (the action's default)`, PORTAL_CONCURRENCY],
    ] as const) {
      await measure(name, SLOW_RUNS, async () => {
        const started = performance.now();
        const inputs = refreshInputs(emulator);
        const tokenSource = {
          kind: 'refresh-token',
          refreshToken: inputs['refresh-token'] ?? '',
          clientId: inputs['client-id'] ?? '',
          clientSecret: inputs['client-secret'] ?? '',
        } as const;
        await obtainProfileCredentials(
          { ssoRegion: 'us-east-1', tokenSource },
          specs,
          () => {},
          concurrency,
        );
        return performance.now() - started;
      });
    }
    const lines = specs.map((spec) => `${spec.profile} = ${spec.accountId}/${spec.roleName}`);
    await measure('dist/main with profiles (50 lines), end to end', SLOW_RUNS, async () => {
      const result = await runAction({
        inputs: { ...refreshInputs(emulator), profiles: lines.join('\n') },
        env: emulatorEnv(emulator),
      });
      if (result.exitCode !== 0) throw new Error(`the action failed: ${result.stderr}`);
      await result.cleanup();
      return result.durationMs;
    });
  } finally {
    delete process.env.AWS_ENDPOINT_URL_SSO;
    delete process.env.AWS_ENDPOINT_URL_SSO_OIDC;
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const emulator = await IdentityCenterEmulator.start();
  const node = node24Path();
  const env = await runnerEnv(emulator);
  const cases: [string, () => Promise<number>][] = [
    ['node startup (floor)', () => timed(node, ['-e', ''], env)],
    ['action (dist/main)', () => timed(node, ['dist/main/index.js'], env)],
  ];
  const aws = process.env.AWS_CLI ?? (existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined);
  if (aws) {
    const args = [
      'sso',
      'get-role-credentials',
      '--endpoint-url',
      emulator.url,
      '--region',
      'us-east-1',
    ];
    const cli = [
      ...args,
      '--access-token',
      String(env['INPUT_ACCESS-TOKEN']),
      '--account-id',
      '111111111111',
      '--role-name',
      'ReadOnly',
    ];
    cases.push([
      'aws cli get-role-credentials (baseline)',
      () => timed(aws, cli, { ...env, AWS_CONFIG_FILE: '/dev/null' }),
    ]);
  }
  console.log(`${RUNS} runs each, medians (ms); loopback emulator at ${emulator.url}`);
  try {
    for (const [name, run] of cases) {
      await run(); // warm the file cache
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await run());
      console.log(
        `${name.padEnd(42)} ${median(samples).toFixed(0).padStart(6)} ms  (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(...samples).toFixed(0)})`,
      );
    }
  } finally {
    await emulator.stop();
  }
  await benchListAccounts();
  await benchProfiles();
  await benchListingAtScale();
  for (const dir of ['dist/main', 'dist/post', 'dist/list-accounts']) {
    console.log(
      `${`size of ${dir}`.padEnd(42)} ${((await sizeOf(dir)) / 1024).toFixed(0).padStart(6)} KiB`,
    );
  }
}

await main();
