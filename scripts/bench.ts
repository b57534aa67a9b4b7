/**
 * `npm run bench`: what a step costs, side by side in one run, against the loopback emulator.
 * Run `npm run bundle` first: it measures dist/ as the runner runs it (Node 24, `node index.js`).
 *
 *   - start-up: Node 24 doing nothing (the floor every JavaScript action pays), the main step
 *     loading and stopping at its inputs, the main step refreshing the token and getting role
 *     credentials, the same with an access token, the post step removing the profile the main
 *     step wrote, and `aws sso get-role-credentials` when the AWS CLI is installed. The cases
 *     run in interleaved rounds, so that a busy machine slows them all alike; medians, and
 *     ratios to the floor.
 *   - profiles: 50 profiles at 200 ms per call, the bundled step end to end, and in process one
 *     at a time (one step per profile) against PORTAL_CONCURRENCY in flight.
 *   - list-accounts: 300 accounts with 1-3 roles each.
 *   - listing at scale: 600 accounts against 20 requests/s, paced vs backoff alone (bench-scale.ts).
 *   - the bundles' sizes against their limits (bundle/limits.ts).
 *
 * BENCH_RUNS (default 15) and BENCH_SLOW_RUNS (default 3) set the number of runs; BENCH_COMPARE
 * names another dist/ folder (an older build, say) whose main and post steps join the start-up
 * rounds; BENCH_ONLY (e.g. `start-up,profiles`) picks sections of start-up, profiles,
 * list-accounts, listing-at-scale and sizes. configure-aws-credentials is not compared: its
 * dist/ is not installed here, and the bench makes no network calls.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { endpointEnv, manyAccounts } from '../__tests__/support/emulator.js';
import { node24Path, nodeVersion } from '../__tests__/support/node24.js';
import { runAction } from '../__tests__/support/runner.js';
import { BUNDLE_LIMITS } from '../bundle/limits.js';
import { bundleFiles, measuredBytes } from '../bundle/sizes.js';
import { type AccountSpec, IdentityCenterEmulator } from '../emulator/index.js';
import { obtainProfileCredentials } from '../src/action/profile-credentials.js';
import type { ProfileSpec } from '../src/action/profiles.js';
import { listAccountsWithRoles } from '../src/sso/accounts.js';
import { createClients } from '../src/sso/clients.js';
import { PORTAL_CONCURRENCY } from '../src/sso/limits.js';
import { benchListingAtScale } from './bench-scale.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
/** The measurements that take a second or more each. */
const SLOW_RUNS = Number(process.env.BENCH_SLOW_RUNS ?? 3);
const COMPARE = process.env.BENCH_COMPARE ? resolve(process.env.BENCH_COMPARE) : undefined;
const DIST = resolve('dist');
const NAME_WIDTH = 58;

/** Milliseconds from spawn to exit; rejects unless the exit status is the expected one. */
function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  expectedExit = 0,
): Promise<number> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) =>
      code === expectedExit
        ? done(performance.now() - started)
        : fail(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const ms = (value: number): string => `${value.toFixed(0).padStart(6)} ms`;
const kb = (bytes: number): string => (bytes / 1000).toFixed(1).padStart(7);

function printMachine(): void {
  const [cpu] = cpus();
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  console.log(`aws-sso-credentials bench, ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpu?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average ${load}`,
  );
  console.log(`node 24: ${nodeVersion()} (${node24Path()})`);
}

// ---------------------------------------------------------------------------------------------
// Start-up
// ---------------------------------------------------------------------------------------------

/** A fresh runner "machine" for one step: HOME and the file-command files, all empty. */
async function runnerEnv(emulator: IdentityCenterEmulator): Promise<NodeJS.ProcessEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-'));
  const files = ['env', 'output', 'state', 'summary'].map((name) => join(dir, name));
  await Promise.all(files.map((file) => writeFile(file, '')));
  return {
    PATH: process.env.PATH,
    HOME: dir,
    RUNNER_TEMP: dir,
    ...endpointEnv(emulator),
    GITHUB_ENV: files[0],
    GITHUB_OUTPUT: files[1],
    GITHUB_STATE: files[2],
    GITHUB_STEP_SUMMARY: files[3],
  };
}

const ROLE_INPUTS = {
  'INPUT_ACCOUNT-ID': '111111111111',
  'INPUT_ROLE-NAME': 'ReadOnly',
  'INPUT_EXPORT-ENV': 'true',
  'INPUT_OUTPUT-CREDENTIALS': 'false',
  'INPUT_MASK-ACCOUNT-ID': 'false',
};

/** The refresh-token inputs of a newly seeded session, as INPUT_ variables. */
function refreshEnv(emulator: IdentityCenterEmulator): Record<string, string> {
  const inputs = Object.entries(refreshInputs(emulator));
  const env = inputs.map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]);
  return { ...Object.fromEntries(env), ...ROLE_INPUTS };
}

function accessTokenEnv(emulator: IdentityCenterEmulator): Record<string, string> {
  const session = emulator.seedSession();
  return {
    'INPUT_SSO-REGION': session.region,
    'INPUT_ACCESS-TOKEN': session.accessToken,
    ...ROLE_INPUTS,
  };
}

interface StartUpCase {
  readonly name: string;
  /** One timed run; preparing it (files, sessions) is not timed. */
  readonly run: () => Promise<number>;
}

/**
 * What the post step needs to do real work: the credentials file with the profile the main step
 * wrote, and the state that says so. Restored before every run.
 */
async function postStepCase(
  emulator: IdentityCenterEmulator,
  dist: string,
  label: string,
): Promise<StartUpCase> {
  const home = await mkdtemp(join(tmpdir(), 'bench-post-'));
  const main = await runAction({
    script: join(dist, 'main', 'index.js'),
    home,
    inputs: {
      'sso-region': 'us-east-1',
      'access-token': emulator.seedSession().accessToken,
      'account-id': '111111111111',
      'role-name': 'ReadOnly',
      profile: 'bench',
      'export-env': 'false',
    },
    env: endpointEnv(emulator),
  });
  if (main.exitCode !== 0) throw new Error(`the main step failed: ${main.stdout}`);
  const credentialsFile = join(home, '.aws', 'credentials');
  const written = await readFile(credentialsFile, 'utf8');
  const stateEnv = Object.fromEntries(
    Object.entries(main.state).map(([key, value]) => [`STATE_${key}`, value]),
  );
  return {
    name: `post step: removes the profile the main step wrote${label}`,
    run: async () => {
      await mkdir(join(home, '.aws'), { recursive: true });
      await writeFile(credentialsFile, written, { mode: 0o600 });
      const env = { ...(await runnerEnv(emulator)), HOME: home, ...stateEnv };
      return timed(node24Path(), [join(dist, 'post', 'index.js')], env);
    },
  };
}

async function mainStepCases(
  emulator: IdentityCenterEmulator,
  dist: string,
  label: string,
): Promise<StartUpCase[]> {
  const node = node24Path();
  const script = join(dist, 'main', 'index.js');
  return [
    {
      name: `main step: no inputs (loads, stops at the inputs)${label}`,
      run: async () => timed(node, [script], await runnerEnv(emulator), 1),
    },
    {
      name: `main step: refresh + GetRoleCredentials + export${label}`,
      run: async () =>
        timed(node, [script], { ...(await runnerEnv(emulator)), ...refreshEnv(emulator) }),
    },
    {
      name: `main step: access token + GetRoleCredentials + export${label}`,
      run: async () =>
        timed(node, [script], { ...(await runnerEnv(emulator)), ...accessTokenEnv(emulator) }),
    },
    {
      name: `main step: refresh + renew-credentials: endpoint${label}`,
      run: async () =>
        renewingStep(node, script, emulator, { 'INPUT_RENEW-CREDENTIALS': 'endpoint' }),
    },
    {
      name: `main step: refresh + renew-credentials: profile${label}`,
      run: async () =>
        renewingStep(node, script, emulator, {
          'INPUT_RENEW-CREDENTIALS': 'profile',
          'INPUT_SSO-START-URL': 'https://d-1234567890.awsapps.com/start',
        }),
    },
    await postStepCase(emulator, dist, label),
  ];
}

/**
 * A renewing main step, timed to its exit (with endpoint: the spawn and the port handshake
 * included, the endpoint itself not). The endpoint it leaves is stopped afterwards, untimed.
 */
async function renewingStep(
  node: string,
  script: string,
  emulator: IdentityCenterEmulator,
  renewal: Record<string, string>,
): Promise<number> {
  const env = { ...(await runnerEnv(emulator)), ...refreshEnv(emulator), ...renewal };
  const time = await timed(node, [script], env);
  const state = await readFile(String(env.GITHUB_STATE), 'utf8');
  const pid = /"pid":(\d+)/.exec(state)?.[1];
  if (pid) process.kill(Number(pid));
  return time;
}

function awsCliCase(emulator: IdentityCenterEmulator): StartUpCase | undefined {
  const aws = process.env.AWS_CLI ?? (existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined);
  if (!aws) return undefined;
  return {
    name: 'aws sso get-role-credentials (AWS CLI, for scale)',
    run: async () => {
      const args = ['sso', 'get-role-credentials', '--endpoint-url', emulator.url];
      const token = emulator.seedSession().accessToken;
      const rest = ['--region', 'us-east-1', '--access-token', token];
      const role = ['--account-id', '111111111111', '--role-name', 'ReadOnly'];
      const env = { ...(await runnerEnv(emulator)), AWS_CONFIG_FILE: '/dev/null' };
      return timed(aws, [...args, ...rest, ...role], env);
    },
  };
}

/** Every case once per round, after one warm-up round; medians and ratios to the floor. */
async function benchStartUp(): Promise<void> {
  const emulator = await IdentityCenterEmulator.start();
  try {
    const floor: StartUpCase = {
      name: 'node 24, empty script (the floor)',
      run: async () => timed(node24Path(), ['-e', ''], await runnerEnv(emulator)),
    };
    const cases = [floor, ...(await mainStepCases(emulator, DIST, ''))];
    if (COMPARE) cases.push(...(await mainStepCases(emulator, COMPARE, ` [${COMPARE}]`)));
    const aws = awsCliCase(emulator);
    if (aws) cases.push(aws);
    const samples = cases.map(() => [] as number[]);
    for (let round = -1; round < RUNS; round++) {
      for (const [index, item] of cases.entries()) {
        const time = await item.run();
        if (round >= 0) samples[index]?.push(time);
      }
    }
    console.log(`\nstart-up: ${RUNS} interleaved rounds against the loopback emulator`);
    console.log(`${''.padEnd(NAME_WIDTH)}    median    × floor   over floor   (min-max)`);
    const bare = median(samples[0] ?? []);
    for (const [index, item] of cases.entries()) {
      const values = samples[index] ?? [];
      const middle = median(values);
      const ratio = `${(middle / bare).toFixed(2)} ×`.padStart(9);
      const over = index === 0 ? '—'.padStart(9) : ms(middle - bare);
      const range = `(${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)})`;
      console.log(`${item.name.padEnd(NAME_WIDTH)} ${ms(middle)}  ${ratio}  ${over}   ${range}`);
    }
    console.log(
      'configure-aws-credentials: not measured (its dist/ is not installed here; no network)',
    );
  } finally {
    await emulator.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Profiles and list-accounts
// ---------------------------------------------------------------------------------------------

/** Median, min and max of `runs` samples (after one warm-up unless `warmUp` is false), as one line. */
async function measure(
  name: string,
  runs: number,
  run: () => Promise<number>,
  warmUp = true,
): Promise<number> {
  if (warmUp) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await run());
  const middle = median(samples);
  console.log(
    `${name.padEnd(NAME_WIDTH)} ${ms(middle)}  (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(...samples).toFixed(0)}, ${runs} run${runs === 1 ? '' : 's'})`,
  );
  return middle;
}

/** The refresh-token inputs of a newly seeded session (a refresh may rotate the token). */
function refreshInputs(emulator: IdentityCenterEmulator): Record<string, string> {
  const session = emulator.seedSession();
  return {
    'sso-region': session.region,
    'refresh-token': session.refreshToken ?? '',
    'client-id': session.clientId,
    'client-secret': session.clientSecret,
  };
}

/** 50 profiles at 200 ms per call: the bundled step, then one at a time vs the default in process. */
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
    '\nprofiles: 50 profiles, 200 ms per call (1 CreateToken + 50 GetRoleCredentials); target < 1200 ms',
  );
  Object.assign(process.env, endpointEnv(emulator));
  try {
    const lines = specs.map((spec) => `${spec.profile} = ${spec.accountId}/${spec.roleName}`);
    await measure(
      `dist/main, 50 profiles end to end (${PORTAL_CONCURRENCY} in flight)`,
      SLOW_RUNS,
      async () => {
        const result = await runAction({
          inputs: { ...refreshInputs(emulator), profiles: lines.join('\n') },
          env: endpointEnv(emulator),
        });
        if (result.exitCode !== 0) throw new Error(`the action failed: ${result.stderr}`);
        await result.cleanup();
        return result.durationMs;
      },
    );
    for (const [name, concurrency, runs] of [
      ['in process, 1 in flight (as one step per profile would)', 1, 1],
      [`in process, ${PORTAL_CONCURRENCY} in flight (the default)`, PORTAL_CONCURRENCY, SLOW_RUNS],
    ] as const) {
      await measure(
        name,
        runs,
        async () => {
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
        },
        concurrency !== 1,
      );
    }
  } finally {
    delete process.env.AWS_ENDPOINT_URL_SSO;
    delete process.env.AWS_ENDPOINT_URL_SSO_OIDC;
    await emulator.stop();
  }
}

/** The matrix list-accounts must produce: every AdministratorAccess pair, sorted by account id. */
function expectedMatrix(accounts: readonly AccountSpec[], role: string): string {
  const include = accounts
    .filter((account) => account.roles.includes(role))
    .sort((a, b) => (a.accountId < b.accountId ? -1 : 1))
    .map((a) => ({ 'account-id': a.accountId, 'account-name': a.accountName, 'role-name': role }));
  return JSON.stringify({ include });
}

/** 300 accounts × 1-3 roles: requests, correctness and time of the sub-action. */
async function benchListAccounts(): Promise<void> {
  const accounts = manyAccounts(300);
  const emulator = await IdentityCenterEmulator.start({ accounts });
  console.log(
    '\nlist-accounts: 300 accounts × 1-3 roles (600 pairs), role-filter ^AdministratorAccess$',
  );
  try {
    const step = () =>
      runAction({
        actionYml: 'list-accounts/action.yml',
        inputs: { ...refreshInputs(emulator), 'role-filter': '^AdministratorAccess$' },
        env: endpointEnv(emulator),
      });
    emulator.clearRequests();
    const result = await step();
    const paths = emulator.requests.map((request) => request.path);
    const count = (path: string) => paths.filter((p) => p === path).length;
    const right = result.outputs.matrix === expectedMatrix(accounts, 'AdministratorAccess');
    console.log(
      `${'requests'.padEnd(NAME_WIDTH)} ${String(paths.length).padStart(6)}     (CreateToken ${count('/token')}, ListAccounts ${count('/assignment/accounts')}, ListAccountRoles ${count('/assignment/roles')})`,
    );
    console.log(
      `${'matrix'.padEnd(NAME_WIDTH)} ${String(result.outputs.count).padStart(6)}     entries, ${right ? 'as expected' : 'WRONG'} (exit ${result.exitCode})`,
    );
    await measure('dist/list-accounts, loopback', SLOW_RUNS, async () => (await step()).durationMs);
  } finally {
    await emulator.stop();
  }
  await benchRoleListing(accounts);
}

/** listAccountsWithRoles in process at 20 ms per call: one ListAccountRoles at a time vs the default. */
async function benchRoleListing(accounts: AccountSpec[]): Promise<void> {
  const emulator = await IdentityCenterEmulator.start({ accounts, latencyMs: 20 });
  process.env.AWS_ENDPOINT_URL_SSO = emulator.url;
  try {
    for (const [name, concurrency, runs] of [
      ['ListAccountRoles × 300 at 20 ms, 1 in flight', 1, 1],
      [
        `ListAccountRoles × 300 at 20 ms, ${PORTAL_CONCURRENCY} in flight`,
        PORTAL_CONCURRENCY,
        SLOW_RUNS,
      ],
    ] as const) {
      await measure(
        name,
        runs,
        async () => {
          const clients = await createClients('us-east-1');
          const started = performance.now();
          await listAccountsWithRoles(clients.portal, emulator.issueAccessToken(), { concurrency });
          clients.portal.destroy();
          clients.oidc.destroy();
          return performance.now() - started;
        },
        concurrency !== 1,
      );
    }
  } finally {
    delete process.env.AWS_ENDPOINT_URL_SSO;
    await emulator.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------------------------

function printSizes(): void {
  console.log(
    '\nbundles (kB = 1000 bytes)                         index.js   lazy chunks     total   limit',
  );
  let all = 0;
  for (const limit of BUNDLE_LIMITS) {
    const files = bundleFiles(join(DIST, limit.name));
    const startUp = files.find(({ file }) => file === 'index.js')?.bytes ?? 0;
    const total = files.reduce((sum, { bytes }) => sum + bytes, 0);
    all += total;
    const measured = measuredBytes(DIST, limit);
    const verdict = measured <= limit.limitKb * 1000 ? 'ok' : 'OVER';
    const lazy = total - startUp;
    console.log(
      `${`dist/${limit.name}`.padEnd(NAME_WIDTH - 8)} ${kb(startUp)}   ${lazy ? kb(lazy) : '      —'}   ${kb(total)}   ${limit.limitKb} (${limit.measure}): ${verdict}`,
    );
  }
  console.log(
    `${'all of dist/ JavaScript'.padEnd(NAME_WIDTH - 8)} ${''.padStart(7)}   ${''.padStart(7)}   ${kb(all)}`,
  );
}

const SECTIONS = {
  'start-up': benchStartUp,
  profiles: benchProfiles,
  'list-accounts': benchListAccounts,
  'listing-at-scale': benchListingAtScale,
  sizes: async () => printSizes(),
} as const;

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  printMachine();
  for (const [name, section] of Object.entries(SECTIONS)) {
    if (!only || only.includes(name)) await section();
  }
  console.log(
    `\nload average at the end: ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
}

await main();
