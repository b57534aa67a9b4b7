import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { repoRoot } from '../support/node24.js';

/** The bundle as npm installs it. (What the CLI may import: __tests__/architecture/layers.test.ts.) */

test('the bundle is an executable script with a shebang', () => {
  const file = join(repoRoot, 'dist', 'cli', 'index.js');
  expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  // ncc marks a bundle with a shebang executable; git keeps the mode (100755).
  expect(statSync(file).mode & 0o111).not.toBe(0);
});
