/**
 * `npm run bench`: medians, side by side in one run, against the loopback emulator.
 *   - node startup: Node 24 doing nothing (the floor every JavaScript action pays)
 *   - action: the bundled dist/main/index.js, refresh + GetRoleCredentials + export, as the runner runs it
 *   - aws cli: `aws sso get-role-credentials` (the last step of the CLI recipe alone), when installed
 * and the size of what the runner downloads and loads (dist/).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { node24Path } from '../__tests__/support/node24.js';
import { IdentityCenterEmulator } from '../emulator/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

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
  for (const dir of ['dist/main', 'dist/post']) {
    console.log(
      `${`size of ${dir}`.padEnd(42)} ${((await sizeOf(dir)) / 1024).toFixed(0).padStart(6)} KiB`,
    );
  }
}

await main();
