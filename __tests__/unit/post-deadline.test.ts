import { afterEach, describe, expect, test } from '@jest/globals';
import { POST_TIME_LIMIT_MS, postDeadline } from '../../src/action/post.js';

const INPUT = 'INPUT_ACTION-TIMEOUT-S';

afterEach(() => {
  delete process.env[INPUT];
});

describe("the post step's limit", () => {
  test('without action-timeout-s: 60 s', () => {
    expect(POST_TIME_LIMIT_MS).toBe(60_000);
    expect(postDeadline().limitMs).toBe(60_000);
  });

  test('action-timeout-s when given', () => {
    process.env[INPUT] = '7';
    expect(postDeadline().limitMs).toBe(7_000);
  });

  test('an action-timeout-s the main step refused: the default (the main step wrote nothing)', () => {
    process.env[INPUT] = 'soon';
    expect(postDeadline().limitMs).toBe(60_000);
  });

  test('counted from the start of the process, as the main step counts it', () => {
    process.env[INPUT] = '21600';
    const expected = performance.timeOrigin + 21_600_000 - Date.now();
    expect(Math.abs(postDeadline().remainingMs() - expected)).toBeLessThan(1_000);
  });
});
