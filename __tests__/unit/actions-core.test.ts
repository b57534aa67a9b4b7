import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as real from '@actions/core';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import * as ours from '../../src/github/actions-core.js';
import { parseWorkflowCommands } from '../support/workflow-commands.js';

/**
 * The in-house subset of @actions/core must write exactly what @actions/core writes: the runner
 * (and every test that reads the log) parses those bytes. @actions/core stays a dev dependency
 * so that this comparison runs against the real thing.
 */

/** Values that try every escape: the command separator, newlines, `%`, property separators. */
const AWKWARD = [
  'plain',
  '',
  'a%0Ab and 100%',
  'line one\nline two\r\n::stop-commands::x',
  'key: value, other: value',
  '  padded  ',
  'ünïcödé ✓',
];

const saved = { ...process.env };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'actions-core-'));
});

afterEach(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  process.exitCode = undefined;
  jest.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** What `write` sends to stdout, as one string. */
function captureStdout(write: () => void): string {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    write();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

/** Both implementations' stdout for the same call. */
function bothStdout(call: (core: typeof ours) => void): [string, string] {
  return [
    captureStdout(() => call(real as unknown as typeof ours)),
    captureStdout(() => call(ours)),
  ];
}

describe('stdout commands', () => {
  test.each(AWKWARD)(
    'setSecret, info, debug, notice, warning and error write what @actions/core writes: %j',
    (value) => {
      for (const call of [
        (core: typeof ours) => core.setSecret(value),
        (core: typeof ours) => core.info(value),
        (core: typeof ours) => core.debug(value),
        (core: typeof ours) => core.notice(value),
        (core: typeof ours) => core.warning(value),
        (core: typeof ours) => core.error(value),
      ]) {
        const [expected, actual] = bothStdout(call);
        expect(actual).toBe(expected);
      }
    },
  );

  test('a value with a newline stays one command, and the runner reads it back whole', () => {
    const stdout = captureStdout(() => ours.warning('first\n::add-mask::second'));
    const commands = parseWorkflowCommands(stdout);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({ command: 'warning', message: 'first\n::add-mask::second' });
  });

  test('property values escape their separators', () => {
    expect(ours.formatCommand('warning', { title: 'a:b,c', file: undefined }, 'm')).toBe(
      '::warning title=a%3Ab%2Cc::m',
    );
  });

  test('setFailed sets exit status 1 and writes an error annotation', () => {
    const [expected, actual] = bothStdout((core) => core.setFailed('it broke\nbadly'));
    expect(actual).toBe(expected);
    expect(process.exitCode).toBe(1);
  });
});

describe('inputs and state', () => {
  test('getInput reads INPUT_<NAME> like @actions/core, trimmed unless told otherwise', () => {
    process.env['INPUT_SSO-REGION'] = '  us-east-1 \n';
    process.env.INPUT_WITH_SPACE = 'x';
    for (const [name, options] of [
      ['sso-region', undefined],
      ['sso-region', { trimWhitespace: false }],
      ['Sso-Region', undefined],
      ['with space', undefined],
      ['absent', undefined],
    ] as const) {
      expect(ours.getInput(name, options)).toBe(real.getInput(name, options));
    }
    expect(() => ours.getInput('absent', { required: true })).toThrow(
      'Input required and not supplied: absent',
    );
  });

  test.each(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'yes', '', '1'])(
    'getBooleanInput(%j) agrees with @actions/core',
    (value) => {
      process.env.INPUT_FLAG = value;
      const outcome = (read: () => boolean) => {
        try {
          return read();
        } catch (error) {
          return `${(error as Error).name}: ${(error as Error).message}`;
        }
      };
      expect(outcome(() => ours.getBooleanInput('flag'))).toEqual(
        outcome(() => real.getBooleanInput('flag')),
      );
    },
  );

  test('getState reads STATE_<name>', () => {
    process.env['STATE_written-files'] = '[1]';
    expect(ours.getState('written-files')).toBe('[1]');
    expect(ours.getState('absent')).toBe('');
  });
});

describe('file commands', () => {
  /** The random heredoc delimiter, made comparable. */
  const normalise = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER');

  test.each([
    ['setOutput', 'GITHUB_OUTPUT'],
    ['exportVariable', 'GITHUB_ENV'],
    ['saveState', 'GITHUB_STATE'],
  ] as const)('%s appends to %s what @actions/core appends', async (name, variable) => {
    const texts: string[] = [];
    for (const core of [real as unknown as typeof ours, ours]) {
      const file = join(dir, `${name}-${texts.length}`);
      await writeFile(file, '');
      process.env[variable] = file;
      for (const value of AWKWARD) core[name]('the-name', value);
      texts.push(normalise(await readFile(file, 'utf8')));
    }
    expect(texts[1]).toBe(texts[0]);
  });

  test('exportVariable also sets the variable for this process', async () => {
    const file = join(dir, 'env');
    await writeFile(file, '');
    process.env.GITHUB_ENV = file;
    ours.exportVariable('AWS_REGION_TEST', 'eu-west-1');
    expect(process.env.AWS_REGION_TEST).toBe('eu-west-1');
  });

  test('without the file variables, the legacy stdout commands are written as @actions/core does', () => {
    delete process.env.GITHUB_OUTPUT;
    delete process.env.GITHUB_STATE;
    delete process.env.GITHUB_ENV;
    for (const call of [
      (core: typeof ours) => core.setOutput('out', 'a\nb'),
      (core: typeof ours) => core.saveState('st', 'x:y'),
      (core: typeof ours) => core.exportVariable('EV', '%'),
    ]) {
      const [expected, actual] = bothStdout(call);
      expect(actual).toBe(expected);
    }
  });

  test('a file variable naming a missing file is an error, not a silent loss', () => {
    process.env.GITHUB_OUTPUT = join(dir, 'missing');
    expect(() => ours.setOutput('x', 'y')).toThrow(/Missing file at path/);
  });

  test('every entry gets its own random delimiter, which encloses the value', () => {
    const first = ours.keyValueMessage('name', 'value');
    const second = ours.keyValueMessage('name', 'value');
    const delimiter = first.split('<<')[1]?.split(/\r?\n/)[0] ?? '';
    expect(delimiter).toMatch(/^ghadelimiter_[0-9a-f-]{36}$/);
    expect(first).toBe(`name<<${delimiter}\nvalue\n${delimiter}`);
    expect(second).not.toContain(delimiter);
  });
});

describe('step summary', () => {
  const rows = [
    [
      { data: 'Item', header: true },
      { data: 'Value', header: true },
    ],
    ['Account', '111122223333'],
    ['Empty', ''],
  ];

  test('writes the HTML @actions/core writes, appended to the file', async () => {
    const texts: string[] = [];
    for (const summary of [real.summary, ours.summary] as (typeof ours.summary)[]) {
      const file = join(dir, `summary-${texts.length}`);
      await writeFile(file, 'before\n');
      process.env.GITHUB_STEP_SUMMARY = file;
      await summary.addHeading('Title & <b>', 3).addTable(rows).write();
      texts.push(await readFile(file, 'utf8'));
    }
    expect(texts[1]).toBe(texts[0]);
    expect(texts[1]?.startsWith('before\n<h3>')).toBe(true);
  });

  test('write empties the buffer: a second write adds only what was added since', async () => {
    const file = join(dir, 'summary');
    await writeFile(file, '');
    process.env.GITHUB_STEP_SUMMARY = file;
    await new ours.Summary().addHeading('one').write();
    const summary = new ours.Summary().addHeading('two');
    await summary.write();
    await summary.write();
    expect(await readFile(file, 'utf8')).toBe('<h1>one</h1>\n<h1>two</h1>\n');
  });

  test('without a usable file, write rejects with @actions/core messages', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(new ours.Summary().write()).rejects.toThrow(/GITHUB_STEP_SUMMARY/);
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'missing');
    await expect(new ours.Summary().write()).rejects.toThrow(/Unable to access summary file/);
  });
});
