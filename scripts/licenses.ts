/**
 * `tsx scripts/licenses.ts STATS OUT`: writes the third-party licences of one bundle, from the
 * webpack stats ncc wrote for it (every module of every chunk), in the format of ncc's own
 * --license file: per package, its name, its licence and the text of its LICENSE file. Nothing
 * is written when a bundle holds no third-party code.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface StatsModule {
  readonly name?: string;
  readonly modules?: readonly StatsModule[];
}

/**
 * The folder of each package a module under node_modules belongs to, nested modules included,
 * with the package's name (`@scope/name` or `name`): a nested copy (a/node_modules/b) is listed
 * with its own licence, besides the top-level package of the same name.
 */
function packagesOf(
  modules: readonly StatsModule[],
  found = new Map<string, string>(),
): Map<string, string> {
  for (const module of modules) {
    const match = /^(?:\.\/)?(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(module.name ?? '');
    if (match?.[1] && match[2]) found.set(match[1], match[2]);
    if (module.modules) packagesOf(module.modules, found);
  }
  return found;
}

function licenceOf(dir: string): { type: string; text: string } {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    license?: string;
  };
  const file = readdirSync(dir).find((entry) => /^licen[cs]e(\.|$)/i.test(entry));
  const text = file ? readFileSync(join(dir, file), 'utf8').trim() : '';
  return { type: manifest.license ?? 'UNKNOWN', text };
}

const [statsFile, outFile] = process.argv.slice(2);
if (!statsFile || !outFile) throw new Error('usage: tsx scripts/licenses.ts STATS OUT');
const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { modules?: StatsModule[] };
const byName = ([dirA, a]: [string, string], [dirB, b]: [string, string]): number =>
  a === b ? (dirA < dirB ? -1 : 1) : a < b ? -1 : 1;
const packages = [...packagesOf(stats.modules ?? [])].sort(byName);
if (packages.length > 0) {
  const entries = packages.map(([dir, name]) => {
    const { type, text } = licenceOf(dir);
    return `${name}\n${type}\n${text}\n\n`;
  });
  writeFileSync(outFile, entries.join(''));
}
