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

/** `@scope/name` or `name` of every module under node_modules, nested modules included. */
function packagesOf(modules: readonly StatsModule[], found = new Set<string>()): Set<string> {
  for (const module of modules) {
    const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module.name ?? '');
    if (match?.[1]) found.add(match[1]);
    if (module.modules) packagesOf(module.modules, found);
  }
  return found;
}

function licenceOf(name: string): { type: string; text: string } {
  const dir = join('node_modules', name);
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
const names = [...packagesOf(stats.modules ?? [])].sort();
if (names.length > 0) {
  const entries = names.map((name) => {
    const { type, text } = licenceOf(name);
    return `${name}\n${type}\n${text}\n\n`;
  });
  writeFileSync(outFile, entries.join(''));
}
