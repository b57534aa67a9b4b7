/**
 * `node scripts/cli-package.mjs copy|clean`: the prepack and postpack steps of the CLI's npm
 * package (packages/cli). The package ships the self-contained bundle dist/cli (no dependencies to
 * download) and the repository's LICENSE; both are copied in for `npm pack` / `npm publish` and
 * removed again afterwards, so that the repository keeps one copy of each. `copy` refuses a package
 * whose version or engines differ from the root package.json, which `--version` is built from.
 * Plain JavaScript that imports only Node's modules, so that a bare clone (no `npm ci`) can pack
 * or publish it: the bundle it ships is committed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const packageDir = join(root, 'packages', 'cli');
const bundle = join(root, 'dist', 'cli');
/** What `copy` puts into the package folder, and `clean` takes out (both in .gitignore). */
const copied = ['dist', 'LICENSE'];

/** @returns {{ version?: string, engines?: { node?: string } }} */
function manifest(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/**
 * The package must say what the bundle says of itself: the root's version and engines.
 * @returns {string} the version
 */
function checkManifestsAgree() {
  const rootManifest = manifest(root);
  const own = manifest(packageDir);
  if (own.version !== rootManifest.version || own.engines?.node !== rootManifest.engines?.node) {
    throw new Error(
      `packages/cli/package.json (version ${own.version}, engines ${own.engines?.node}) must ` +
        `match the root package.json (version ${rootManifest.version}, engines ` +
        `${rootManifest.engines?.node}): --version is built in from the root's.`,
    );
  }
  return String(own.version);
}

/** A bundle built before a version change would report the old version: run it and see. */
function checkBundleVersion(script, version) {
  const run = spawnSync(process.execPath, [script, '--version'], { encoding: 'utf8' });
  const said = run.stdout.trim();
  if (run.status !== 0 || said !== `aws-sso-credentials ${version}`) {
    throw new Error(
      `dist/cli reports "${said}" (exit ${run.status}), not version ${version}: run \`npm run bundle\`.`,
    );
  }
}

function clean() {
  for (const name of copied) rmSync(join(packageDir, name), { recursive: true, force: true });
}

function copy() {
  const version = checkManifestsAgree();
  if (!existsSync(join(bundle, 'index.js'))) {
    throw new Error('dist/cli/index.js is missing: run `npm run bundle` at the repository root.');
  }
  clean();
  cpSync(bundle, join(packageDir, 'dist'), { recursive: true });
  copyFileSync(join(root, 'LICENSE'), join(packageDir, 'LICENSE'));
  checkBundleVersion(join(packageDir, 'dist', 'index.js'), version);
}

const steps = new Map([
  ['copy', copy],
  ['clean', clean],
]);
const step = steps.get(process.argv[2] ?? '');
try {
  if (!step) throw new Error('usage: node scripts/cli-package.mjs copy|clean');
  step();
} catch (error) {
  console.error(`cli-package: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
