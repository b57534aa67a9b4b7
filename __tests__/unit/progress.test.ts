import { describe, expect, test } from '@jest/globals';
import { ProgressTicker, type ProgressTimers } from '../../src/time/progress.js';

/** Timers the test fires by hand: `elapse(ms)` runs what falls due, in order. */
function fakeTimers() {
  let now = 0;
  let nextId = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: ProgressTimers = {
    setTimeout: (callback, ms) => {
      nextId += 1;
      pending.set(nextId, { at: now + ms, callback });
      return nextId;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
  };
  const elapse = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...pending].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = end;
  };
  return { timers, elapse, pending };
}

const CADENCE = { stepFraction: 0.1, intervalMs: 5000 };

describe('ProgressTicker', () => {
  test('reports the start, each further tenth, and the end', () => {
    const { timers } = fakeTimers();
    const reports: number[] = [];
    const ticker = new ProgressTicker(600, (done) => reports.push(done), CADENCE, timers);
    ticker.start();
    for (let i = 0; i < 600; i++) ticker.advance();
    expect(reports).toEqual([0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600]);
  });

  test('a total that tenths do not divide: steps rounded up, and the end reported once', () => {
    const { timers } = fakeTimers();
    const reports: number[] = [];
    const ticker = new ProgressTicker(25, (done) => reports.push(done), CADENCE, timers);
    ticker.start();
    for (let i = 0; i < 25; i++) ticker.advance();
    expect(reports).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 25]);
    const small: number[] = [];
    const two = new ProgressTicker(2, (done) => small.push(done), CADENCE, timers);
    two.start();
    two.advance();
    two.advance();
    expect(small).toEqual([0, 1, 2]);
  });

  test('several done at once cross several steps with one report', () => {
    const { timers } = fakeTimers();
    const reports: number[] = [];
    const ticker = new ProgressTicker(100, (done) => reports.push(done), CADENCE, timers);
    ticker.start();
    ticker.advance(35);
    ticker.advance(4);
    ticker.advance(1);
    expect(reports).toEqual([0, 35, 40]);
  });

  test('a stalled piece of work still reports every 5 s, counting from the last report', () => {
    const { timers, elapse } = fakeTimers();
    const reports: number[] = [];
    const ticker = new ProgressTicker(100, (done) => reports.push(done), CADENCE, timers);
    ticker.start();
    elapse(4000);
    ticker.advance(10); // a step at 4 s: the heartbeat starts over
    elapse(4999);
    expect(reports).toEqual([0, 10]);
    elapse(1);
    expect(reports).toEqual([0, 10, 10]);
    ticker.advance(3);
    elapse(10_000);
    expect(reports).toEqual([0, 10, 10, 13, 13]);
  });

  test('an unknown total reports on the heartbeat only; quietly starts without a report', () => {
    const { timers, elapse } = fakeTimers();
    const reports: number[] = [];
    const ticker = new ProgressTicker(undefined, (done) => reports.push(done), CADENCE, timers);
    ticker.start({ quietly: true });
    ticker.advance(100);
    ticker.advance(100);
    expect(reports).toEqual([]);
    elapse(5000);
    expect(reports).toEqual([200]);
  });

  test('stop leaves no timer behind; the end stops it by itself', () => {
    const { timers, elapse, pending } = fakeTimers();
    const reports: number[] = [];
    const stopped = new ProgressTicker(100, (done) => reports.push(done), CADENCE, timers);
    stopped.start();
    stopped.stop();
    expect(pending.size).toBe(0);
    const finished = new ProgressTicker(1, (done) => reports.push(done), CADENCE, timers);
    finished.start();
    finished.advance();
    expect(pending.size).toBe(0);
    elapse(60_000);
    finished.advance();
    expect(reports).toEqual([0, 0, 1]);
  });
});
