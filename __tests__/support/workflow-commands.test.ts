import { describe, expect, it } from '@jest/globals';
import {
  escapeData,
  escapeProperty,
  formatCommand,
  parseCommandLine,
  parseWorkflowCommands,
  renderLog,
  splitLines,
} from './workflow-commands.js';

describe('escaping', () => {
  it('escapes like @actions/core', () => {
    expect(escapeData('50%\r\nx:y,z')).toBe('50%25%0D%0Ax:y,z');
    expect(escapeProperty('50%\r\nx:y,z')).toBe('50%25%0D%0Ax%3Ay%2Cz');
    expect(formatCommand('warning', { title: 'a:b', file: '', line: undefined }, 'm')).toBe(
      '::warning title=a%3Ab::m',
    );
  });

  it.each([
    'plain',
    '100% done',
    'multi\nline\r\nmessage',
    'already escaped-looking %0A %25 %3A %2C',
    'colons: and, commas',
    '%%%0A%',
    '',
  ])('round-trips %j through format and parse', (text) => {
    const line = formatCommand('error', { title: text || 'x', file: 'f,1:2' }, text);
    const parsed = parseCommandLine(line, 7);
    expect(parsed).toEqual({
      command: 'error',
      properties: { title: text || 'x', file: 'f,1:2' },
      message: text,
      line: 7,
      stream: 'stdout',
    });
  });
});

describe('parseWorkflowCommands', () => {
  it('keeps order and line indexes, ignores plain text and unknown commands', () => {
    const out = [
      'hello',
      '::add-mask::s3cr3t-value',
      '::unknown::x',
      '  ::DEBUG::upper-case name, leading spaces',
      '::group::g',
      '::endgroup::',
      '::warning file=a.ts,line=3,=novalue,nokey=,title=t::w',
    ].join('\n');
    const commands = parseWorkflowCommands(`${out}\n`);
    expect(commands.map((c) => [c.command, c.line])).toEqual([
      ['add-mask', 1],
      ['debug', 3],
      ['group', 4],
      ['endgroup', 5],
      ['warning', 6],
    ]);
    expect(commands[4]?.properties).toEqual({ file: 'a.ts', line: '3', title: 't' });
    expect(commands[1]?.message).toBe('upper-case name, leading spaces');
  });

  it('honours stop-commands until the resume token', () => {
    const commands = parseWorkflowCommands(
      '::stop-commands::tok\n::error::ignored\n::tok::\n::error::seen\n',
    );
    expect(commands.map((c) => `${c.command}:${c.message}`)).toEqual([
      'stop-commands:tok',
      'error:seen',
    ]);
  });

  it('understands the legacy ##[cmd] syntax', () => {
    expect(parseCommandLine('prefix ##[warning file=a%3Bb.ts;line=2]msg%5D')).toMatchObject({
      command: 'warning',
      properties: { file: 'a;b.ts', line: '2' },
      message: 'msg]',
      legacy: true,
    });
  });

  it('splits LF and CRLF lines without a trailing empty line', () => {
    expect(splitLines('a\r\nb\nc\n')).toEqual(['a', 'b', 'c']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('renderLog', () => {
  it('masks values only from the point they were added and hides consumed commands', () => {
    const out = [
      'before: topsecret-1',
      '::add-mask::topsecret-1',
      'after: topsecret-1 and "topsecret-1"',
      '::debug::dbg topsecret-1',
      '::error title=t::boom',
      '::set-output name=x::y',
    ].join('\n');
    expect(renderLog(out)).toEqual(['before: topsecret-1', 'after: *** and "***"', 'Error: boom']);
    expect(renderLog(out, { debug: true })).toContain('##[debug]dbg ***');
  });
});
