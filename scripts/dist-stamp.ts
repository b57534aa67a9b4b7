/**
 * `tsx scripts/dist-stamp.ts write|fresh`: whether dist/ is the build of the current sources, so
 * that `npm test` bundles only when it is not (a bundle costs 70-90 s; CI's dist check has just
 * built one). `write` (the last step of scripts/bundle.sh) records a hash of everything the
 * bundle is built from and one of dist/ itself in .tmp/dist-stamp.json; `fresh` exits 0 when both
 * still match, 1 otherwise (no stamp, a source or dist/ changed since). Hashes, not times: a
 * checkout or a copy changes times without changing what a build would give.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

process.chdir(join(dirname(fileURLToPath(import.meta.url)), '..'));
const STAMP = '.tmp/dist-stamp.json';
/** What scripts/bundle.sh reads: the sources, the bundle settings and the installed packages. */
const INPUTS = [
  'src',
  'bundle',
  'scripts/bundle.sh',
  'scripts/licenses.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'node_modules/.package-lock.json',
];

/** Every file under `path` (or `path` itself), sorted, so that the hash does not depend on order. */
function filesOf(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(path, entry))
    .filter((file) => statSync(file).isFile())
    .sort();
}

/** One hash of the names and contents of the files under `paths`. */
function hashOf(paths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of paths.flatMap(filesOf)) {
    hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const current = () => ({ inputs: hashOf(INPUTS), dist: hashOf(['dist']) });

function isFresh(): boolean {
  if (!existsSync('dist') || !existsSync(STAMP)) return false;
  const recorded = JSON.parse(readFileSync(STAMP, 'utf8')) as { inputs?: string; dist?: string };
  const now = current();
  return recorded.inputs === now.inputs && recorded.dist === now.dist;
}

const command = process.argv[2];
if (command === 'write') {
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${JSON.stringify(current())}\n`);
} else if (command === 'fresh') {
  const fresh = isFresh();
  if (fresh) console.error('dist/ is the build of the current sources: not bundled again.');
  process.exit(fresh ? 0 : 1);
} else {
  console.error('usage: tsx scripts/dist-stamp.ts write|fresh');
  process.exit(2);
}
