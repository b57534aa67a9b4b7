import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';

/** The emulator is test tooling: nothing the action bundles may import it. */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?[jt]s$/.test(entry.name) ? [path] : [];
  });
}

test('no file under src/ imports the emulator', () => {
  const offenders = sourceFiles('src').filter((file) =>
    /from\s+['"][^'"]*emulator\/|import\(\s*['"][^'"]*emulator\//.test(readFileSync(file, 'utf8')),
  );
  expect(offenders).toEqual([]);
});
