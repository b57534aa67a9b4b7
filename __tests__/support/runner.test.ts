import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inputEnvName, loadActionYml } from './action-yml.js';
import { node24Path, nodeVersion, repoRoot } from './node24.js';
import {
  type ActionResult,
  cleanupRuns,
  describeResult,
  expectSuccess,
  runAction,
} from './runner.js';

const fixtures = join(repoRoot, '__tests__', 'fixtures');
const fixtureYml = join(fixtures, 'action.yml');
const fixture = (name: string) => join(fixtures, name);

afterAll(cleanupRuns);

describe('node24', () => {
  it('finds a Node 24 binary', () => {
    expect(nodeVersion(node24Path())).toMatch(/^v24\./);
  });
});

describe('inputs', () => {
  it('sets every declared input of the repo action.yml: given, else default, else empty', async () => {
    const previous = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = 'developer-secret-must-not-leak';
    let result: ActionResult;
    try {
      result = await runAction({
        script: fixture('dump-env.mjs'),
        inputs: { 'account-id': '111111111111', 'role-name': 'ReadOnly' },
      });
    } finally {
      if (previous === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = previous;
    }
    expectSuccess(result);
    const env = JSON.parse(result.outputs.env ?? '{}') as Record<string, string>;
    const action = await loadActionYml();
    for (const input of action.inputs) expect(env).toHaveProperty([inputEnvName(input.name)]);
    expect(env['INPUT_ACCOUNT-ID']).toBe('111111111111');
    expect(env['INPUT_ROLE-NAME']).toBe('ReadOnly');
    expect(env['INPUT_EXPORT-ENV']).toBe('true');
    expect(env['INPUT_OUTPUT-CREDENTIALS']).toBe('false');
    expect(env['INPUT_MASK-ACCOUNT-ID']).toBe('false');
    expect(env['INPUT_SSO-REGION']).toBe('');
    // runner-like environment, and nothing from the jest process
    expect(env).toMatchObject({ GITHUB_ACTIONS: 'true', CI: 'true', HOME: result.home });
    expect(env.RUNNER_TEMP).toBe(result.runnerTemp);
    expect(env.GITHUB_ACTION_PATH).toBe(repoRoot);
    expect(env.RUNNER_DEBUG).toBeUndefined();
    expect(Object.keys(env).filter((k) => k.startsWith('AWS_'))).toEqual([]);
    expect(result.outputs.cwd).toBe(result.workspace);
  });

  it('upper-cases names, turns spaces into underscores and keeps YAML booleans as strings', async () => {
    const result = await runAction({
      actionYml: fixtureYml,
      script: fixture('dump-env.mjs'),
      inputs: { 'account-id': '222222222222', 'with-default': '' },
      debug: true,
    });
    const env = JSON.parse(result.outputs.env ?? '{}') as Record<string, string>;
    expect(env).toMatchObject({
      'INPUT_ACCOUNT-ID': '222222222222',
      'INPUT_WITH-DEFAULT': '', // given empty string wins over the default
      'INPUT_NO-DEFAULT': '',
      INPUT_SPACED_INPUT: 'x y',
      INPUT_FLAG: 'true',
      RUNNER_DEBUG: '1',
    });
  });

  it('rejects inputs action.yml does not declare (typos), unless allowed', async () => {
    await expect(
      runAction({
        actionYml: fixtureYml,
        script: fixture('dump-env.mjs'),
        inputs: { acount: '1' },
      }),
    ).rejects.toThrow(/Unexpected input\(s\) 'acount'/);
    const result = await runAction({
      actionYml: fixtureYml,
      script: fixture('dump-env.mjs'),
      inputs: { acount: '1' },
      allowUnknownInputs: true,
    });
    expect(JSON.parse(result.outputs.env ?? '{}')).toHaveProperty(['INPUT_ACOUNT'], '1');
  });

  it('uses the given HOME (creating it) and test env, without leaking extra variables', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'harness-home-'));
    const home = join(parent, 'nested', 'home');
    const result = await runAction({
      actionYml: fixtureYml,
      script: fixture('dump-env.mjs'),
      home,
      env: { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:1' },
    });
    const env = JSON.parse(result.outputs.env ?? '{}') as Record<string, string>;
    expect(existsSync(home)).toBe(true);
    expect(env.HOME).toBe(home);
    expect(result.home).toBe(home);
    expect(env.AWS_ENDPOINT_URL_SSO).toBe('http://127.0.0.1:1');
    await rm(parent, { recursive: true, force: true });
  });
});

describe('main step with the fixture action', () => {
  let result: ActionResult;
  beforeAll(async () => {
    result = await runAction({
      actionYml: fixtureYml,
      inputs: { 'account-id': '333333333333' },
      env: { JOB_LEVEL: 'from-test' },
    });
  });

  it('runs under Node 24', () => {
    expectSuccess(result);
    expect(result.outputs['node-version']).toMatch(/^v24\./);
    expect(result.exitCode).toBe(0);
    expect(result.failed).toBe(false);
  });

  it('parses outputs, env, state, path and summary including multi-line values', () => {
    expect(result.outputs).toMatchObject({
      simple: 'plain-value',
      multi: 'line one\nline two\n  indented = with equals <<EOF\n',
      json: '{"a":1,"b":[true]}',
    });
    expect(Object.keys(result.outputs)).toEqual([
      'simple',
      'multi',
      'json',
      'inputs',
      'node-version',
      'cwd',
    ]);
    expect(result.env).toEqual({
      EXPORTED_SIMPLE: 'exported-1',
      EXPORTED_MULTI: 'first\nsecond',
      JOB_LEVEL: 'overridden-by-main',
    });
    expect(result.state).toEqual({ 'token-file': '/tmp/some path/file=1', 'multi-state': 'a\nb' });
    expect(result.path).toEqual(['/opt/harness/bin']);
    expect(result.summary).toBe('## Summary\nline two\n');
    expect(result.runnerErrors).toEqual([]);
  });

  it('parses workflow commands with unescaped messages and properties, in order', () => {
    expect(result.masks).toEqual(['fixture-secret-value-123']);
    expect(result.notices.map((n) => n.message)).toEqual(['a notice']);
    expect(result.debugs.map((d) => d.message)).toEqual(['debug message']);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({
      command: 'warning',
      message: '100% done\nsecond line: a, b',
      properties: { title: 'Title: with, punctuation 50%', file: 'src/x.ts', line: '3' },
      stream: 'stdout',
    });
    const names = result.commands.map((c) => c.command);
    expect(names).toEqual(['add-mask', 'debug', 'notice', 'warning', 'group', 'endgroup']);
    const lines = result.commands.map((c) => c.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('renders the visible log', () => {
    expect(result.log).toEqual([
      'Notice: a notice',
      'Warning: 100% done',
      'second line: a, b',
      '##[group]group title',
      'inside group',
      '##[endgroup]',
      'done',
    ]);
  });

  it('runs the post step with the same inputs, STATE_ vars and the exported job env', async () => {
    const post = await result.runPost({ env: { STEP_LEVEL: 'post-only' } });
    expectSuccess(post);
    const seen = JSON.parse(post.outputs.seen ?? '{}') as Record<string, unknown>;
    expect(seen.state).toEqual({
      'STATE_token-file': '/tmp/some path/file=1',
      'STATE_multi-state': 'a\nb',
    });
    expect(seen.tokenFile).toBe('/tmp/some path/file=1');
    expect(seen.inputs).toMatchObject({
      'INPUT_ACCOUNT-ID': '333333333333',
      'INPUT_WITH-DEFAULT': 'the-default',
    });
    expect(seen.exportedSimple).toBe('exported-1');
    expect(seen.exportedMulti).toBe('first\nsecond');
    expect(seen.jobLevel).toBe('overridden-by-main'); // GITHUB_ENV beats job-level env
    expect(seen.stepLevel).toBe('post-only');
    expect(String(seen.path).split(':')[0]).toBe('/opt/harness/bin');
    expect(seen.home).toBe(result.home);
    expect(seen.runnerTemp).toBe(result.runnerTemp);
    expect(post.log).toEqual(['post done']);
    // fresh file-command files per step
    expect(post.env).toEqual({});
    expect(post.state).toEqual({});
  });
});

describe('raw workflow commands', () => {
  it('handles legacy commands, stop-commands, stderr commands, CRLF and name=value files', async () => {
    const result = await runAction({
      actionYml: fixtureYml,
      script: fixture('raw-commands.mjs'),
    });
    expectSuccess(result);
    expect(result.outputs).toEqual({ 'legacy-out': 'from command', plain: 'value=with=equals' });
    expect(result.state).toEqual({
      'legacy-state': 'state from command',
      'plain-state': 's1',
    });
    expect(result.env).toEqual({ PLAIN_ENV: 'plain' });
    expect(result.commands.map((c) => `${c.command}@${c.line}`)).toEqual([
      'set-output@0',
      'save-state@1',
      'warning@2',
      'stop-commands@4',
      'error@7',
      'notice@8',
    ]);
    expect(result.errors.map((e) => e.message)).toEqual(['legacy syntax error']);
    expect(result.notices.map((e) => e.message)).toEqual(['crlf line']);
    expect(result.warnings.map((w) => [w.stream, w.message])).toEqual([
      ['stdout', 'indented warning'],
      ['stderr', 'warning on stderr'],
    ]);
  });
});

describe('timeouts and failures', () => {
  it('kills a hanging script and reports the timeout', async () => {
    const result = await runAction({
      actionYml: fixtureYml,
      script: fixture('hang.mjs'),
      timeoutMs: 1000,
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    expect(result.failed).toBe(true);
    expect(result.durationMs).toBeLessThan(5000);
    expect(result.stdout).toContain('started, now hanging');
    expect(result.pid).toEqual(expect.any(Number));
    expect(() => process.kill(result.pid as number, 0)).toThrow(/ESRCH/);
    expect(describeResult(result)).toContain('TIMED OUT');
  });

  it('explains a missing script', async () => {
    await expect(
      runAction({ actionYml: fixtureYml, script: fixture('does-not-exist.mjs') }),
    ).rejects.toThrow(/Action script not found/);
  });
});
