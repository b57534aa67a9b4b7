import { expect, test } from '@jest/globals';
import { parseDuration } from '../../src/cli/args.js';

/** Durations as --timeout takes them. */

test.each([
  ['1', 1000],
  ['90', 90_000],
  ['90s', 90_000],
  ['10m', 600_000],
  ['1h', 3_600_000],
  ['24h', 86_400_000],
  ['86400', 86_400_000],
])('%s is %i ms', (text, ms) => {
  expect(parseDuration(text)).toBe(ms);
});

test.each(['0', '0s', '25h', '86401', '1.5m', '-5', '10 m', '10M', 'm', '', '1d'])(
  '%j is not a duration',
  (text) => {
    expect(parseDuration(text)).toBeUndefined();
  },
);
