import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import {
  checkLayers,
  formatViolation,
  LAYER_IMPORTS,
  scanLayers,
} from '../../scripts/check-layers.js';
import { repoRoot } from '../support/node24.js';
import { runProcess } from '../support/spawn.js';
import { useTempDir } from '../support/temp-dirs.js';

/**
 * The layers of src/ (scripts/check-layers.ts): the real tree keeps them, and a tree that
 * breaks each rule once is caught, file by file and import by import.
 */

const FRONT_ENDS = ['action', 'list-accounts', 'cli'] as const;

describe('the real tree', () => {
  const scan = scanLayers(repoRoot);

  test('every import keeps to its layer', () => {
    expect(scan.violations.map(formatViolation)).toEqual([]);
  });

  test('the check read the whole tree: every layer has files, every file is in one', () => {
    expect(scan.files.length).toBeGreaterThan(50);
    for (const layer of Object.keys(LAYER_IMPORTS)) {
      expect(scan.files.some((file) => file.startsWith(`src/${layer}/`))).toBe(true);
    }
  });

  test('the front ends stand on the core: each imports sso/ and shared/, none another', () => {
    for (const frontEnd of FRONT_ENDS) {
      const uses = scan.edges.get(frontEnd) ?? new Set();
      expect([...uses]).toEqual(expect.arrayContaining(['sso', 'shared']));
      for (const other of FRONT_ENDS) if (other !== frontEnd) expect(uses.has(other)).toBe(false);
    }
    // The core and everything below it know no runner, no REST client and no front end.
    const above = ['runner', 'github-api', 'steps', ...FRONT_ENDS];
    for (const low of ['sso', 'sts', 'disk', 'http', 'time', 'secrets', 'shared']) {
      for (const used of scan.edges.get(low) ?? []) expect(above).not.toContain(used);
    }
  });

  test('the layers stack: each imports only itself and layers declared before it', () => {
    const order = Object.keys(LAYER_IMPORTS);
    for (const [layer, allowed] of Object.entries(LAYER_IMPORTS)) {
      expect(allowed[0]).toBe(layer);
      for (const other of allowed.slice(1)) {
        expect(order.indexOf(other)).toBeLessThan(order.indexOf(layer));
      }
    }
  });
});

/** A tree that breaks each rule once, among imports that are all allowed. */
const WRONG_TREE: Record<string, string> = {
  // the core importing front ends, statically, dynamically, as a type, and re-exporting one
  'src/sso/token.ts': [
    "import { getSettings } from '../action/inputs.js';",
    "import { SECRET_INPUTS } from '../steps/token-inputs.js';",
    "import type { CliIo } from '../cli/io.js';",
    "import { retry } from './retry.js';",
    "import { isRegion } from '../shared/validation.js';",
    "import { SSOClient } from '@aws-sdk/client-sso';",
    'export async function load() {',
    "  const { run } = await import('../cli/run.js');",
    '  return run;',
    '}',
    "export { summary } from '../list-accounts/summary.js';",
    "export type Settings = import('../action/inputs.js').ActionSettings;",
  ].join('\n'),
  // the core and the shared helpers printing, or reaching GitHub
  'src/sso/log.ts': [
    "import * as core from '@actions/core';",
    "import { stderr } from 'node:process';",
    "process.stdout.write('x');",
    "process['stderr'].write('y');",
    'const { stdout } = process;',
    "console.log('z');",
    "globalThis.console.error('w');",
    'process.exitCode = 1; // not a stream: allowed',
  ].join('\n'),
  'src/shared/files.ts': [
    "export { chunk } from '../sso/limits.js';",
    "import { warning } from '@actions/core';",
    "process.stderr.write('x');",
  ].join('\n'),
  // front ends importing each other; the CLI importing steps/ and the Actions toolkit
  'src/action/main.ts': [
    "import { run } from '../list-accounts/main.js';",
    "import * as core from '@actions/core';",
    "import { Inputs } from '../steps/constants.js';",
    "import { resolveToken } from '../sso/token.js';",
    "// import { x } from '../cli/run.js'; a comment is not an import",
    'const text = "import { y } from \'../cli/run.js\'"; // nor is a string',
    "process.stdout.write('front ends may print');",
  ].join('\n'),
  'src/list-accounts/main.ts': "import { writeOut } from '../cli/io.js';",
  'src/cli/run.ts': [
    "import { Outputs } from '../steps/constants.js';",
    "import { exec } from '@actions/exec';",
    "import { spawn } from 'node:child_process';",
    "import { loginSession } from '../sso/session.js';",
  ].join('\n'),
  'src/steps/inputs.ts': "import { main } from '../action/main.js';",
  // transport knowing a protocol: http/ sits below sso/ and steps/
  'src/http/retry.ts': [
    "import { isRegion } from '../shared/validation.js';",
    "import { IdentityCenterError } from '../sso/identity-center-error.js';",
    "import { Inputs } from '../steps/constants.js';",
    "console.warn('retrying');",
  ].join('\n'),
  // outside the layers, out of src/, and what cannot be known before running
  'src/helpers.ts': 'export const x = 1;',
  'src/extras/thing.ts': "import { x } from '../helpers.js';",
  'src/cli/escape.ts': [
    "import { IdentityCenterEmulator } from '../../emulator/index.js';",
    "import { x } from '../helpers.js';",
    "import { y } from '/etc/y.js';",
    'const lazy = (name: string) => import(name);',
    "const legacy = require('../action/main.js');",
  ].join('\n'),
};

const v = (file: string, line: number, specifier: string, rule: RegExp) => ({
  file,
  line,
  specifier,
  rule: expect.stringMatching(rule),
});

/** Each wrong import, where it is, and the rule it breaks. */
const EXPECTED = [
  v(
    'src/action/main.ts',
    1,
    "'../list-accounts/main.js'",
    /^action\/ may not import list-accounts\//,
  ),
  v('src/cli/escape.ts', 1, "'../../emulator/index.js'", /^reaches outside src\/$/),
  v('src/cli/escape.ts', 2, "'../helpers.js'", /^helpers\.js is not in a layer folder$/),
  v('src/cli/escape.ts', 3, "'/etc/y.js'", /^an absolute path/),
  v('src/cli/escape.ts', 4, 'name', /^a computed import: its target cannot be checked$/),
  v('src/cli/escape.ts', 5, "'../action/main.js'", /^cli\/ may not import action\//),
  v(
    'src/cli/run.ts',
    1,
    "'../steps/constants.js'",
    /^cli\/ may not import steps\/ \(it may import cli, sso, disk, http, time, secrets, shared\)$/,
  ),
  v('src/cli/run.ts', 2, "'@actions/exec'", /^cli\/ may not use the Actions toolkit/),
  v('src/extras/thing.ts', 1, '', /^not in a layer folder/),
  v('src/helpers.ts', 1, '', /^not in a layer folder/),
  v(
    'src/http/retry.ts',
    2,
    "'../sso/identity-center-error.js'",
    /^http\/ may not import sso\/ \(it may import http, time, secrets, shared\)$/,
  ),
  v('src/http/retry.ts', 3, "'../steps/constants.js'", /^http\/ may not import steps\//),
  v('src/http/retry.ts', 4, 'console.warn', /^http\/ may not write to the terminal/),
  v('src/list-accounts/main.ts', 1, "'../cli/io.js'", /^list-accounts\/ may not import cli\//),
  v(
    'src/shared/files.ts',
    1,
    "'../sso/limits.js'",
    /^shared\/ may not import sso\/ \(it may import shared\)$/,
  ),
  v('src/shared/files.ts', 2, "'@actions/core'", /^shared\/ may not use the Actions toolkit/),
  v('src/shared/files.ts', 3, 'process.stderr', /^shared\/ may not write to the terminal/),
  v('src/sso/log.ts', 1, "'@actions/core'", /^sso\/ may not use the Actions toolkit/),
  v(
    'src/sso/log.ts',
    2,
    "import { stderr } from 'node:process';",
    /^sso\/ may not write to the terminal/,
  ),
  v('src/sso/log.ts', 3, 'process.stdout', /^sso\/ may not write to the terminal/),
  v('src/sso/log.ts', 4, "process['stderr']", /^sso\/ may not write to the terminal/),
  v('src/sso/log.ts', 5, '{ stdout } = process', /^sso\/ may not write to the terminal/),
  v('src/sso/log.ts', 6, 'console.log', /^sso\/ may not write to the terminal/),
  v('src/sso/log.ts', 7, 'globalThis.console.error', /^sso\/ may not write to the terminal/),
  v(
    'src/sso/token.ts',
    1,
    "'../action/inputs.js'",
    /^sso\/ may not import action\/ \(it may import sso, disk, http, time, secrets, shared\)$/,
  ),
  v('src/sso/token.ts', 2, "'../steps/token-inputs.js'", /^sso\/ may not import steps\//),
  v('src/sso/token.ts', 3, "'../cli/io.js'", /^sso\/ may not import cli\//),
  v('src/sso/token.ts', 8, "'../cli/run.js'", /^sso\/ may not import cli\//),
  v(
    'src/sso/token.ts',
    11,
    "'../list-accounts/summary.js'",
    /^sso\/ may not import list-accounts\//,
  ),
  v('src/sso/token.ts', 12, "'../action/inputs.js'", /^sso\/ may not import action\//),
  v('src/steps/inputs.ts', 1, "'../action/main.js'", /^steps\/ may not import action\//),
];

describe('a tree that crosses the boundaries the wrong way', () => {
  const tree = useTempDir('layers', 'block');

  beforeAll(async () => {
    for (const [file, text] of Object.entries(WRONG_TREE)) {
      await mkdir(dirname(join(tree.path, file)), { recursive: true });
      await writeFile(join(tree.path, file), `${text}\n`);
    }
  });

  test('every wrong import is reported with its file, line and specifier, and nothing else', () => {
    const byPlace = (a: { file: string; line: number }, b: { file: string; line: number }) =>
      a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
    const found = checkLayers(tree.path).sort(byPlace);
    expect(found).toEqual(EXPECTED);
  });

  test('as a command it prints them and exits 1; on the real tree it is silent and exits 0', async () => {
    const run = (root: string) =>
      runProcess(process.execPath, ['--import', 'tsx', 'scripts/check-layers.ts', root], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '' },
      });
    const [wrong, real] = await Promise.all([run(tree.path), run(repoRoot)]);
    expect(wrong.exitCode).toBe(1);
    const lines = wrong.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(EXPECTED.length + 1);
    expect(lines).toContain(
      "src/cli/run.ts:1: '../steps/constants.js': cli/ may not import steps/ (it may import cli, sso, disk, http, time, secrets, shared)",
    );
    expect(lines.at(-1)).toBe(`${EXPECTED.length} import(s) cross a layer boundary the wrong way.`);
    expect(real).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  }, 30_000);
});
