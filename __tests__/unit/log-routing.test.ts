import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { repoRoot } from '../support/node24.js';

/**
 * Every line the two actions print goes through src/runner/log.ts, which neutralises it. A direct
 * call of @actions/core's logging anywhere else in their code would bypass that: this finds one.
 */

const FOLDERS = ['src/action', 'src/list-accounts', 'src/steps', 'src/runner', 'src/github-api'];
const THE_LOG_MODULE = 'src/runner/log.ts';
const LOGGING = 'info|warning|error|debug|notice|setFailed|startGroup|group';
const DIRECT = new RegExp(`\\bcore\\s*\\.\\s*(${LOGGING})\\s*\\(`);
/** `import { warning } from '@actions/core'` would bypass log.ts just the same. */
const NAMED = new RegExp(`import\\s*\\{[^}]*\\b(${LOGGING})\\b[^}]*\\}\\s*from\\s*'@actions/core'`);

async function sources(folder: string): Promise<string[]> {
  const entries = await readdir(join(repoRoot, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
}

describe('logging goes through src/runner/log.ts', () => {
  test('no direct core.info/warning/error/debug/notice/setFailed outside it', async () => {
    const files = (await Promise.all(FOLDERS.map(sources))).flat();
    expect(files).toContain(THE_LOG_MODULE);
    const offenders: string[] = [];
    for (const file of files.filter((f) => f !== THE_LOG_MODULE)) {
      const text = await readFile(join(repoRoot, file), 'utf8');
      if (NAMED.test(text)) offenders.push(`${file}: imports @actions/core's logging by name`);
      const lines = text.split('\n');
      lines.forEach((line, index) => {
        if (DIRECT.test(line)) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  test('no other way to the log: console and process.stdout are not used either', async () => {
    const files = (await Promise.all(FOLDERS.map(sources))).flat();
    expect(files).toContain(THE_LOG_MODULE);
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(join(repoRoot, file), 'utf8');
      if (/\bconsole\.|process\.(stdout|stderr)|\bissueCommand\b/.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
