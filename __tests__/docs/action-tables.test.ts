import { describe, expect, test } from '@jest/globals';
import {
  compactTables,
  expectedPages,
  firstSentence,
  renderTables,
  withTables,
} from '../../scripts/action-tables.js';
import { repoRoot } from '../support/node24.js';

/**
 * The README's input and output tables (and the list-accounts sub-action's, on its page) are
 * written from action.yml by `npm run docs`; a page that drifted from its action.yml fails here.
 */
describe('the tables written from action.yml', () => {
  test.each(expectedPages(repoRoot))(
    '$page equals what npm run docs writes',
    ({ actual, expected }) => {
      expect(actual).toBe(expected);
    },
  );
});

describe('renderTables', () => {
  const yml = [
    'inputs:',
    '  mode:',
    '    description: "Which way, e.g. Fast or Slow. Longer text that stays in action.yml."',
    '    default: "fast"',
    '  raw:',
    '    description: "A | B <c>; one sentence"',
    'outputs:',
    '  done:',
    '    description: "When it finished. More."',
  ].join('\n');

  test('one row per entry: the name, its default, the first sentence escaped for a table cell', () => {
    const { inputs, outputs } = renderTables(yml);
    expect(inputs.split('\n')).toEqual([
      '| input | default | meaning |',
      '| --- | --- | --- |',
      '| `mode` | `fast` | Which way, e.g. Fast or Slow. |',
      '| `raw` |  | A \\| B &lt;c>; one sentence |',
    ]);
    expect(outputs.split('\n')).toEqual([
      '| output | value |',
      '| --- | --- |',
      '| `done` | When it finished. |',
    ]);
  });

  test('entries another action.yml declares word for word are named under the table, not repeated', () => {
    const shared = [
      'inputs:',
      '  mode:',
      '    description: "Which way, e.g. Fast or Slow. Longer text that stays in action.yml."',
      '    default: "fast"',
      '  raw:',
      '    description: "Other words"',
      'outputs:',
      '  done:',
      '    description: "When it finished. More."',
    ].join('\n');
    const { inputs, outputs } = renderTables(yml, shared);
    expect(inputs.split('\n')).toEqual([
      '| input | default | meaning |',
      '| --- | --- | --- |',
      '| `raw` |  | A \\| B &lt;c>; one sentence |',
      '',
      'The inputs it shares with the action, word for word: `mode`.',
    ]);
    expect(outputs).toContain('The outputs it shares with the action, word for word: `done`.');
  });

  test('firstSentence does not stop at "e.g." or inside a version number', () => {
    expect(firstSentence('Proxy, e.g. http://p.example:3128. When empty, none.')).toBe(
      'Proxy, e.g. http://p.example:3128.',
    );
    expect(firstSentence('No full stop')).toBe('No full stop');
  });

  test('withTables replaces what sits between the markers and nothing else', () => {
    const page = 'a\n<!-- inputs -->\nold\n<!-- /inputs -->\nb\n';
    expect(withTables(page, { inputs: 'new' })).toBe(
      'a\n<!-- inputs -->\nnew\n<!-- /inputs -->\nb\n',
    );
    expect(() => withTables('no markers', { inputs: 'new' })).toThrow('<!-- inputs -->');
  });
});

describe('compactTables', () => {
  test('unpads every table row outside code blocks, keeping cells, escaped pipes and alignment', () => {
    const page = [
      '| a    | b        |',
      '| :--- | -------: |',
      '| `x`  | 1 \\| 2   |',
      '',
      '```text',
      '| kept   | as is |',
      '```',
      '  | indented | row |',
    ].join('\n');
    expect(compactTables(page).split('\n')).toEqual([
      '| a | b |',
      '| :--- | ---: |',
      '| `x` | 1 \\| 2 |',
      '',
      '```text',
      '| kept   | as is |',
      '```',
      '  | indented | row |',
    ]);
  });
});
