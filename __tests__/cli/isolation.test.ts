import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { repoRoot } from '../support/node24.js';

/** The tool builds on the action's modules, never the other way round. */

test('no module of the action imports the command-line tool', () => {
  const src = join(repoRoot, 'src');
  const offenders = readdirSync(src)
    .filter((name) => name.endsWith('.ts'))
    .filter((name) =>
      /from\s+['"]\.\/cli\/|import\(\s*['"]\.\/cli\//.test(readFileSync(join(src, name), 'utf8')),
    );
  expect(offenders).toEqual([]);
});

test('the bundle is an executable script with a shebang', () => {
  const file = join(repoRoot, 'dist', 'cli', 'index.js');
  expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  // ncc marks a bundle with a shebang executable; git keeps the mode (100755).
  expect(statSync(file).mode & 0o111).not.toBe(0);
});
