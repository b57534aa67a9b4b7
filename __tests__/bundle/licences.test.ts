import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { repoRoot } from '../support/node24.js';

/**
 * Each dist/NAME/licenses.txt is complete: every package whose code the bundle holds has its entry
 * (name, licence, the text of its own LICENSE file) and nothing else does. What a bundle holds is
 * read from the webpack stats of the build that made it (scripts/bundle.sh keeps them in
 * .tmp/bundle-stats; `npm run bundle` first, which `npm test` does), and each module is traced to
 * its package on disk, by the package.json above its file: not by the pattern
 * scripts/licenses.ts matches, so that a module that pattern missed would show here.
 */

const BUNDLES = ['main', 'main/sts', 'post', 'list-accounts', 'cli'] as const;
const STATS = join(repoRoot, '.tmp', 'bundle-stats');

interface StatsModule {
  readonly name?: string;
  readonly modules?: readonly StatsModule[];
}
interface Stats {
  readonly modules?: readonly StatsModule[];
  readonly assets?: readonly { readonly name: string; readonly size: number }[];
}

function statsOf(bundle: string): Stats {
  const file = join(STATS, `${bundle.replace('/', '-')}.json`);
  if (!existsSync(file)) throw new Error(`${relative(repoRoot, file)} is missing: npm run bundle`);
  return JSON.parse(readFileSync(file, 'utf8')) as Stats;
}

/** Every module's file, the inner modules of concatenated ones included. */
function moduleFiles(modules: readonly StatsModule[] = []): string[] {
  return modules.flatMap((module) => [
    (module.name ?? '').replace(/ \+ \d+ modules?$/, ''),
    ...moduleFiles(module.modules),
  ]);
}

/** The folder of the package that owns a file: the nearest one above it with a named package.json. */
function packageDirOf(file: string): string {
  for (let dir = dirname(join(repoRoot, file)); dir.startsWith(repoRoot); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name) return dir;
  }
  throw new Error(`no package.json above ${file}`);
}

/** The third-party packages in a bundle: folder → name, from its build's module list. */
function packagesIn(bundle: string): Map<string, string> {
  const files = moduleFiles(statsOf(bundle).modules).filter((file) =>
    file.includes('node_modules/'),
  );
  const dirs = new Set(files.map(packageDirOf));
  const name = (dir: string): string =>
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name as string;
  return new Map([...dirs].map((dir) => [dir, name(dir)]));
}

function licenceText(dir: string): string | undefined {
  const file = readdirSync(dir).find((entry) => /^licen[cs]e(\.|$)/i.test(entry));
  return file && readFileSync(join(dir, file), 'utf8').trim();
}

describe.each(BUNDLES)('dist/%s/licenses.txt', (bundle) => {
  test('comes from the same build as the bundle (its lazy chunks, byte counts and all)', () => {
    const assets = statsOf(bundle).assets ?? [];
    const onDisk = readdirSync(join(repoRoot, 'dist', bundle)).filter((f) => f.endsWith('.js'));
    expect(assets.map(({ name }) => name).sort()).toEqual(onDisk.sort());
    // ncc minifies the start-up file after webpack's stats are written; the chunks are final.
    for (const { name, size } of assets.filter((asset) => asset.name !== 'index.js')) {
      expect([name, statSync(join(repoRoot, 'dist', bundle, name)).size]).toEqual([name, size]);
    }
  });

  test('has an entry for every package in the bundle, each with its licence and its own text', () => {
    const packages = packagesIn(bundle);
    expect(packages.size).toBeGreaterThan(0);
    const listed = readFileSync(join(repoRoot, 'dist', bundle, 'licenses.txt'), 'utf8');
    const expected = [...packages]
      .sort(([dirA, a], [dirB, b]) => (a === b ? (dirA < dirB ? -1 : 1) : a < b ? -1 : 1))
      .map(([dir, name]) => {
        const text = licenceText(dir);
        const { license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        expect({ name, license: typeof license, text: Boolean(text) }).toEqual({
          name,
          license: 'string',
          text: true,
        });
        return `${name}\n${license}\n${text}\n\n`;
      });
    // The whole file, entry by entry: a missing package, an extra one or a stale text all differ.
    expect(listed).toBe(expected.join(''));
  });
});

test("the module list tells a bundle's packages apart (the check above could fail)", () => {
  const sts = new Set(packagesIn('main/sts').values());
  const post = new Set(packagesIn('post').values());
  expect(sts).toContain('@aws-sdk/client-sts');
  expect(post).not.toContain('@aws-sdk/client-sts');
  expect(post).toContain('libsodium-wrappers');
});
