import { describe, expect, it } from '@jest/globals';
import { entriesToRecord, parseKeyValueFile, parsePathFile } from './files.js';

describe('parseKeyValueFile', () => {
  it('reads heredoc entries as @actions/core v3 writes them, and name=value lines', () => {
    const d1 = 'ghadelimiter_11111111-1111-1111-1111-111111111111';
    const d2 = 'ghadelimiter_22222222-2222-2222-2222-222222222222';
    const text = [
      `multi<<${d1}`,
      'line one',
      '',
      'a=b <<EOF',
      d1,
      'plain=x=y',
      '',
      `empty<<${d2}`,
      d2,
      'plain=second',
      '',
    ].join('\n');
    const parsed = parseKeyValueFile(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toEqual([
      { name: 'multi', value: 'line one\n\na=b <<EOF' },
      { name: 'plain', value: 'x=y' },
      { name: 'empty', value: '' },
      { name: 'plain', value: 'second' },
    ]);
    expect(entriesToRecord(parsed.entries)).toEqual({
      multi: 'line one\n\na=b <<EOF',
      plain: 'second',
      empty: '',
    });
    expect(Object.keys(entriesToRecord(parsed.entries))).toEqual(['multi', 'plain', 'empty']);
  });

  it('reports what the runner would reject', () => {
    expect(parseKeyValueFile('name<<EOF\nvalue\n').errors[0]).toMatch(/delimiter not found/);
    expect(parseKeyValueFile('=value\n').errors[0]).toMatch(/empty name/);
    expect(parseKeyValueFile('no-separator\n').errors[0]).toMatch(/Invalid format/);
  });

  it('keeps __proto__ as an ordinary key', () => {
    const record = entriesToRecord([{ name: '__proto__', value: 'x' }]);
    expect(Object.keys(record)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toBe('x');
  });
});

describe('parsePathFile', () => {
  it('returns non-empty lines', () => {
    expect(parsePathFile('/a\n\n/b c\n')).toEqual(['/a', '/b c']);
  });
});
