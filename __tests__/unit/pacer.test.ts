import { describe, expect, test } from '@jest/globals';
import { AdaptivePacer, DEFAULT_PACER_TUNING } from '../../src/time/pacer.js';

/** The pacer on a fake clock: every sleep advances it, so the test sees exactly when slots fall. */
function pacer() {
  let now = 1_000_000;
  const slept: number[] = [];
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
  const subject = new AdaptivePacer(DEFAULT_PACER_TUNING, clock);
  const advance = (ms: number) => {
    now += ms;
  };
  /** `count` requests admitted evenly over `ms`. */
  const admit = async (count: number, ms: number) => {
    for (let i = 0; i < count; i++) {
      await subject.acquire();
      subject.succeeded();
      advance(ms / count);
    }
  };
  return { subject, slept, advance, admit, now: () => now };
}

describe('AdaptivePacer', () => {
  test('unpaced until the service throttles: a small listing never waits', async () => {
    const { subject, slept, admit } = pacer();
    await admit(500, 100);
    expect(subject.rate).toBeUndefined();
    expect(slept).toEqual([]);
  });

  test('a throttling answer after a handful of answers is left to the backoff (a blip)', async () => {
    const { subject, admit } = pacer();
    await admit(3, 30);
    subject.throttled();
    subject.throttled();
    expect(subject.rate).toBeUndefined();
    expect(subject.decreases).toBe(0);
  });

  test('in the first second, once 10 came through, a burst cut short counts as a second', async () => {
    const { subject, admit } = pacer();
    await admit(20, 50); // a bucket of 20 emptied in 50 ms
    subject.throttled();
    expect(subject.rate).toBeCloseTo(16, 5);
  });

  test('after that, the rate becomes 80 % of what was admitted over the last second', async () => {
    const { subject, admit } = pacer();
    await admit(40, 2000); // 20 a second, the last second's 20 in the window
    subject.throttled();
    expect(subject.rate).toBeCloseTo(16, 0);
    expect(subject.decreases).toBe(1);
  });

  test('the throttling answers of one burst are one signal: one cut per second', async () => {
    const { subject, admit, advance } = pacer();
    await admit(40, 2000);
    subject.throttled();
    const once = subject.rate;
    advance(500);
    subject.throttled();
    expect(subject.rate).toBe(once);
    advance(600);
    subject.throttled();
    expect(subject.decreases).toBe(2);
    expect(subject.rate).toBeLessThan(once ?? 0);
  });

  test('paced, requests get evenly spaced slots, starting one interval after the cut', async () => {
    const { subject, slept, admit } = pacer();
    await admit(20, 1000);
    await admit(20, 1000);
    subject.throttled(); // 20 a second measured → 16
    slept.length = 0;
    for (let i = 0; i < 4; i++) await subject.acquire();
    // Each slot 1/16 s after the last (the rate grows only on success).
    expect(slept).toHaveLength(4);
    for (const ms of slept) expect(ms).toBeCloseTo(62.5, 0);
  });

  test('a slot handed out before a cut is given up for one at the new spacing', async () => {
    let now = 0;
    const sleepers: { until: number; wake: () => void }[] = [];
    const clock = {
      now: () => now,
      sleep: (ms: number) =>
        new Promise<void>((resolve) => sleepers.push({ until: now + ms, wake: resolve })),
    };
    const subject = new AdaptivePacer(DEFAULT_PACER_TUNING, clock);
    const wakeDue = async (to: number) => {
      now = to;
      const due = sleepers.filter((sleeper) => sleeper.until <= to);
      for (const sleeper of due) sleepers.splice(sleepers.indexOf(sleeper), 1);
      for (const sleeper of due) sleeper.wake();
      await new Promise((resolve) => setImmediate(resolve));
    };
    // 10 a second admitted for two seconds, then a cut: 8 a second.
    for (let i = 0; i < 20; i++) {
      await subject.acquire();
      subject.succeeded();
      now += 100;
    }
    subject.throttled();
    expect(subject.rate).toBeCloseTo(8, 5);
    // Three waiters take the slots at 125, 250 and 375 ms from now.
    const start = now;
    let admitted = 0;
    for (let i = 0; i < 3; i++) void subject.acquire().then(() => admitted++);
    await wakeDue(start);
    expect(sleepers.map((s) => s.until - start)).toEqual([125, 250, 375]);
    // One goes; a second later the service throttles again, nothing admitted meanwhile: the floor.
    await wakeDue(start + 125);
    expect(admitted).toBe(1);
    now = start + 1200;
    subject.throttled();
    expect(subject.rate).toBe(0.5);
    // The two still waiting wake at their old slots, see the cut, and queue 2 s apart.
    await wakeDue(start + 1200);
    expect(admitted).toBe(1);
    expect(sleepers.map((s) => s.until - (start + 1200))).toEqual([2000, 4000]);
  });

  test('grows back while requests succeed, faster the longer no throttling comes', async () => {
    const { subject, admit } = pacer();
    await admit(40, 2000);
    subject.throttled();
    const rates = [subject.rate ?? 0];
    for (let second = 0; second < 4; second++) {
      await admit(Math.floor(subject.rate ?? 0), 0); // a second's worth (acquire waits for slots)
      rates.push(subject.rate ?? 0);
    }
    const steps = rates.slice(1).map((rate, i) => rate / (rates[i] ?? 1));
    // About 5 % in the first second, 10 % in the second, 15 % in the third…
    expect(steps[0]).toBeGreaterThan(1.03);
    expect(steps[0]).toBeLessThan(1.1);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1] ?? 0);
    expect(rates.at(-1)).toBeLessThan(2 * (rates[0] ?? 0));
  });

  test('never grows past twice what is used: an unspent rate says nothing about the limit', async () => {
    const { subject, admit, advance } = pacer();
    await admit(40, 2000);
    subject.throttled();
    // One request every 2 s for a minute: the rate must stay where it is.
    const before = subject.rate ?? 0;
    for (let i = 0; i < 30; i++) {
      advance(2000);
      await admit(1, 0);
    }
    expect(subject.rate).toBeCloseTo(before, 5);
  });

  test('never below half a request a second, even when nothing was admitted', async () => {
    const { subject, advance } = pacer();
    await subject.acquire();
    advance(5000);
    subject.throttled();
    expect(subject.rate).toBe(0.5);
  });
});
