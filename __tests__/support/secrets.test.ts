import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from './node24.js';
import { cleanupRuns, describeResult, expectFailure, expectSuccess, runAction } from './runner.js';
import {
  expectMaskedBeforeUse,
  expectNoLeaks,
  findLeaks,
  findSecretPieces,
  maskedBeforeUse,
  redact,
  secretLabel,
} from './secrets.js';

const fixtures = join(repoRoot, '__tests__', 'fixtures');
// A fake secret with characters that change under JSON and URL encoding.
const SECRET = 'FAKEs3cr3t"with\\quote/and&amp 40chars!!';

const leaky = (mode: string, secret = SECRET) =>
  runAction({
    actionYml: join(fixtures, 'action.yml'),
    script: join(fixtures, 'leaky.mjs'),
    inputs: { secret, mode },
  });

afterAll(cleanupRuns);

describe('findLeaks', () => {
  it('ignores ::add-mask:: lines (the secret IS in stdout, only there)', async () => {
    const result = await leaky('mask-only');
    expectSuccess(result);
    expect(result.stdout).toContain(SECRET);
    expect(result.masks).toEqual([SECRET]);
    expect(findLeaks(result, [SECRET])).toEqual([]);
    expect(() => expectNoLeaks(result, [SECRET])).not.toThrow();
    expect(maskedBeforeUse(result, SECRET)).toBe(true);
  });

  it('catches a plainly printed secret in stdout, stderr and the summary even when masked', async () => {
    const result = await leaky('plain');
    const leaks = findLeaks(result, [SECRET]);
    expect(leaks.map((l) => [l.where, l.form])).toEqual([
      ['stdout', 'raw'],
      ['stderr', 'raw'],
      ['summary', 'raw'],
    ]);
    expect(leaks[0]?.line).toBe(1); // line 0 is the add-mask
    for (const leak of leaks) {
      expect(leak.secret).toBe(SECRET);
      expect(leak.text).not.toContain(SECRET);
      expect(leak.text).toContain(`<secret "FAKEs3…" (${SECRET.length} chars)>`);
    }
    expect(maskedBeforeUse(result, SECRET)).toBe(true); // masked first, but still a leak
    // what the author sees: masked
    expect(result.log).toEqual(['token is ***']);
  });

  it('catches the JSON-escaped form', async () => {
    const result = await leaky('json');
    expect(result.stdout).not.toMatch(/token is/);
    const lines = result.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(lines.join('\n')).not.toContain(SECRET); // the plain form is NOT there...
    expect(findLeaks(result, [SECRET]).map((l) => [l.where, l.form])).toEqual([['stdout', 'json']]);
  });

  it('catches the URL-encoded form', async () => {
    const result = await leaky('url');
    expect(findLeaks(result, [SECRET]).map((l) => [l.where, l.form])).toEqual([['stdout', 'url']]);
  });

  it('does not scan GITHUB_ENV / GITHUB_OUTPUT unless asked', async () => {
    const result = await runAction({
      actionYml: join(fixtures, 'action.yml'),
      inputs: { 'account-id': '444444444444' },
    });
    // main.mjs exports 'exported-1' and outputs 'plain-value' (long enough to scan)
    expect(findLeaks(result, ['plain-value', 'exported-1'])).toEqual([]);
    const strict = findLeaks(result, ['plain-value', 'exported-1'], {
      allowInEnvAndOutputs: false,
    });
    expect(strict.map((l) => l.where).sort()).toEqual(['env-file', 'output-file']);
  });

  it('rejects secrets shorter than 8 characters', async () => {
    const result = await leaky('mask-only');
    expect(() => findLeaks(result, ['short'])).toThrow(/at least 8/);
    expect(() => expectNoLeaks(result, ['1234567'])).toThrow(/at least 8/);
  });
});

describe('findSecretPieces', () => {
  const secret = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5';
  const output = (stdout: string) => ({
    stdout,
    stderr: '',
    summary: '',
    commands: [],
    stderrCommands: [],
  });

  it.each([
    ['spaced', [...secret].join(' ')],
    ['zero-width spaces between its characters', [...secret].join('\u200b')],
    ['one piece of 8', `x ${secret.slice(9, 17)} y`],
  ])('finds a secret %s', (_label, text) => {
    const leaks = findSecretPieces(output(`line\n${text}\n`), [secret]);
    expect(leaks.map((leak) => [leak.where, leak.line])).toEqual([['stdout', 1]]);
    // what a report prints: the label and the text, never the piece
    for (const leak of leaks) expect(leak.label + leak.text).not.toContain(secret.slice(6, 14));
  });

  it('passes pieces of 7 with visible characters between them', () => {
    const sevens = secret.match(/.{1,7}/g)?.join(' | ') ?? '';
    expect(findSecretPieces(output(`${sevens}\n`), [secret])).toEqual([]);
  });
});

describe('maskedBeforeUse', () => {
  it('detects a secret printed before its add-mask', async () => {
    const result = await leaky('late-mask');
    expect(result.masks).toEqual([SECRET]);
    expect(maskedBeforeUse(result, SECRET)).toBe(false);
    expect(maskedBeforeUse(result, 'never-masked-value')).toBe(false);
    expect(() => expectMaskedBeforeUse(result, [SECRET])).toThrow(secretLabel(SECRET));
    // and the author would see it in clear
    expect(result.log).toEqual([`early ${SECRET}`]);
  });
});

describe('reports never contain whole secrets', () => {
  it('expectNoLeaks names secrets by prefix and length only', async () => {
    const result = await leaky('plain');
    let message = '';
    try {
      expectNoLeaks(result, [SECRET]);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/3 secret leak\(s\) found/);
    expect(message).toContain(secretLabel(SECRET));
    expect(message).toContain('stdout line index 1');
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(JSON.stringify(SECRET).slice(1, -1));
  });

  it('describeResult shows the failure but redacts masked values', async () => {
    const result = await leaky('fail');
    expectFailure(result);
    expect(result.exitCode).toBe(1);
    expect(result.errors.map((e) => e.message)).toEqual([`request failed for token ${SECRET}`]);
    const text = describeResult(result);
    expect(text).toContain('exit code: 1');
    expect(text).toContain('request failed for token ***');
    expect(text).toContain('suspicious value ***');
    expect(text).not.toContain(SECRET);
    expect(() => expectSuccess(result)).toThrow(/request failed for token \*\*\*/);
  });

  it('redact also hides encoded forms', () => {
    expect(redact(`a ${JSON.stringify(SECRET)} b ${encodeURIComponent(SECRET)}`, [SECRET])).toBe(
      'a "***" b ***',
    );
  });
});
