import { describe, expect, test } from '@jest/globals';
import { neutralise, neutraliseJson, neutraliseLines } from '../../src/secrets/neutralise.js';
import {
  shortenBetweenWords,
  untrustedText,
  withholdTokens,
} from '../../src/secrets/untrusted-text.js';
import { parseWorkflowCommands } from '../support/workflow-commands.js';

const ESC = '\u001b';

/** Hostile strings, each of which would do something if printed raw. */
const HOSTILE: [string, string][] = [
  ['stop-commands after a newline', 'Internal\n::stop-commands::TOKEN'],
  ['a command at the start', '::add-mask::x'],
  ['a command after leading blanks', '   ::error::x'],
  ['a CR before a command', 'x\r::warning::y'],
  ['the old ##[ syntax anywhere', 'see ##[error]oops'],
  ['a ###[ run', '###[set-output name=x]y'],
  ['colons split by a NUL', ':\u0000:stop-commands::T'],
  ['colons split by an escape', `:${ESC}[0m:stop-commands::T`],
  ['a CSI colour', `${ESC}[31mred${ESC}[0m`],
  ['a screen clear', `${ESC}[2J${ESC}[H`],
  ['an OSC 8 hyperlink', `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`],
  ['an OSC title ended by BEL', `${ESC}]0;pwned\u0007text`],
  ['an unterminated OSC', `${ESC}]0;title then text`],
  ['a DCS string', `${ESC}Pq#0;2;0;0;0${ESC}\\after`],
  ['the C1 CSI', 'a\u009b31mb'],
  ['NEL', 'a\u0085::x'],
  ['line separators', 'a\u2028::x\u2029b'],
  ['a right-to-left override', 'abc\u202edef'],
  ['DEL and BEL', 'a\u007f\u0007b'],
  ['form feed and vertical tab', 'a\f\v::x'],
  ['colons split by a zero-width space', ':\u200b:stop-commands::T'],
  ['hashes split by a zero-width joiner', '#\u200d#[error]x'],
];

/** Characters that show nothing, yet make a text differ from what it reads as. */
const INVISIBLE = [
  '\u00ad', // soft hyphen
  '\u180e', // Mongolian vowel separator
  '\u200b', // zero-width space
  '\u200c', // zero-width non-joiner
  '\u200d', // zero-width joiner
  '\u2060', // word joiner
  '\u2064', // invisible plus
  '\ufeff', // byte order mark
  '\u{e0041}', // tag latin capital letter A (hidden text)
];

describe('neutralise', () => {
  test.each(HOSTILE)('%s: one line, no controls, no command opener', (_label, text) => {
    const out = neutralise(text);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
    expect(out).not.toMatch(/^\s*::/);
    expect(out).not.toContain('##[');
    // Whatever the message is put after, the runner finds no command in the line.
    for (const prefix of ['', '  ', 'Attempt 1 failed (']) {
      expect(parseWorkflowCommands(`${prefix}${out}\n`)).toEqual([]);
    }
    expect(neutralise(out)).toBe(out);
  });

  test.each(INVISIBLE.map((char) => [char.codePointAt(0)?.toString(16), char]))(
    'removes the invisible U+%s',
    (_code, char) => {
      expect(neutralise(`Prod${char}uction`)).toBe('Production');
    },
  );

  test('keeps text of our own as it is', () => {
    const own =
      "Attempt 1 of 10 failed (HTTP 503 ServiceUnavailableException: Injected fault); retrying in 0.2s. 'ReadOnly' at 2026-11-26T08:00:00.000Z";
    expect(neutralise(own)).toBe(own);
  });

  test('folds line breaks with the blanks around them into one space', () => {
    expect(neutralise('a \r\n\n  b\tc')).toBe('a b c');
  });

  test('a visible trace of what was defused stays', () => {
    expect(neutralise('x\n::stop-commands::T')).toBe('x : :stop-commands::T');
    expect(neutralise('##[error]x')).toBe('# #[error]x');
    expect(neutralise(`${ESC}[31mred${ESC}[0m`)).toBe('red');
  });
});

/**
 * Exactly what the runner parses (actions/runner ActionCommand.cs): TryParseV2 takes `::name::`
 * only at the start of a line after leading whitespace; TryParse takes `##[name]` anywhere.
 */
describe('what the runner parses, and no more', () => {
  test.each([
    'arn:aws:iam::123456789012:role/Deployer',
    'arn:aws:sts::123456789012:assumed-role/Deployer/GitHubActions-1-1',
    "STS denied 'arn:aws:iam::333333333333:role/AdminsOnly' (x::y)",
  ])('an ARN, or any `::` inside a line, reads as written: %s', (text) => {
    expect(neutralise(text)).toBe(text);
  });

  test.each([
    ['::set-output name=x::y', ': :set-output name=x::y'],
    ['  ::error::x', '  : :error::x'],
    ['\u00a0\t::warning::x', '\u00a0 : :warning::x'],
    ['ok\n  ::stop-commands::T', 'ok : :stop-commands::T'],
    ['ok\r::add-mask::x', 'ok : :add-mask::x'],
    ['ok\u2028::debug::x', 'ok : :debug::x'],
    ['text ##[error]x', 'text # #[error]x'],
    ['arn:aws:iam::1##[warning]x', 'arn:aws:iam::1# #[warning]x'],
  ])('%j is defused as %j', (text, expected) => {
    const out = neutralise(text);
    expect(out).toBe(expected);
    expect(parseWorkflowCommands(`${out}\n`)).toEqual([]);
    expect(neutralise(out)).toBe(out);
  });

  test('each line of the terminal form is defused at its start, ARNs inside kept', () => {
    const out = neutraliseLines('::error::x\n  ::add-mask::y\nrole arn:aws:iam::1:role/R');
    expect(out).toBe(': :error::x\n  : :add-mask::y\nrole arn:aws:iam::1:role/R');
    expect(parseWorkflowCommands(out)).toEqual([]);
  });
});

describe('neutraliseLines (the terminal form)', () => {
  test('keeps the line breaks between lines and neutralises each line', () => {
    const out = neutraliseLines(`NAME\r\nProd${ESC}[2J\n::stop-commands::T\n`);
    expect(out).toBe('NAME\nProd\n: :stop-commands::T\n');
    expect(parseWorkflowCommands(out)).toEqual([]);
  });

  test('a lone CR cannot overwrite a line', () => {
    expect(neutraliseLines('visible\rhidden')).toBe('visible\nhidden');
  });
});

describe('neutraliseJson', () => {
  const value = {
    name: '::stop-commands::T',
    old: '##[error]x',
    c1: '\u0085\u009b',
    sep: 'a\u2028b',
    esc: `${ESC}[2J`,
    slash: '\\::',
    invisible: INVISIBLE.join(''),
  };

  test('the raw text holds no command opener and no raw control', () => {
    const json = neutraliseJson(JSON.stringify(value, null, 2));
    expect(json).not.toContain('::');
    expect(json).not.toContain('##[');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    for (const char of INVISIBLE) expect(json).not.toContain(char);
    expect(parseWorkflowCommands(json)).toEqual([]);
  });

  test('parses back to exactly the same values', () => {
    expect(JSON.parse(neutraliseJson(JSON.stringify(value)))).toEqual(value);
  });

  test('leaves ordinary JSON unchanged', () => {
    const json = JSON.stringify({ a: 'x:y', b: [1, 2], c: { d: '#1' } });
    expect(neutraliseJson(json)).toBe(json);
  });
});

describe('untrusted text', () => {
  const TOKEN = 'aoa-Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo';

  test('withholds what looks like a token, keeps exception and host names', () => {
    expect(withholdTokens(`bad ${TOKEN}, again`)).toBe('bad [withheld], again');
    expect(
      withholdTokens('ServiceUnavailableException at portal.sso.us-east-1.amazonaws.com'),
    ).toBe('ServiceUnavailableException at portal.sso.us-east-1.amazonaws.com');
    expect(withholdTokens('hex 0123456789abcdef0123 and url %2Fabc%3Dxyz%2Bqqqqqqq')).toBe(
      'hex [withheld] and url [withheld]',
    );
  });

  test('shortens between words only: the word at the limit is dropped whole', () => {
    expect(shortenBetweenWords('alpha beta gamma', 12)).toBe('alpha beta…');
    expect(shortenBetweenWords('alphabetagamma', 5)).toBe('…');
    expect(shortenBetweenWords('short', 10)).toBe('short');
  });

  test('no 8-character prefix of a secret survives, wherever the limit falls', () => {
    const secrets = [TOKEN, 'abcdefghijklmnopq', 'p4ssw0rd-with-16'];
    for (const secret of secrets) {
      for (let at = 0; at < 60; at++) {
        const text = `${'x '.repeat(at)}${secret} and more words after it`;
        const out = untrustedText(text, 60);
        const cut = [...Array(secret.length - 7).keys()].map((i) => secret.slice(0, i + 8));
        const partial = cut.filter((prefix) => prefix !== secret && out.includes(prefix));
        // a secret is either whole (the runner masks it) or absent, never a prefix of 8 or more
        if (!out.includes(secret)) expect(partial).toEqual([]);
      }
    }
  });

  test('is one line and neutralised', () => {
    expect(untrustedText('a\n::stop-commands::T', 100)).toBe('a : :stop-commands::T');
  });
});
