import { describe, expect, test } from '@jest/globals';
import { AdaptivePacer, DEFAULT_PACER_TUNING } from '../../src/shared/pacer.js';

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

  test('a throttling answer in the first second is left to the backoff (nothing is known yet)', async () => {
    const { subject, admit } = pacer();
    await admit(3, 30);
    subject.throttled();
    subject.throttled();
    expect(subject.rate).toBeUndefined();
    expect(subject.decreases).toBe(0);
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

  test('paced, requests get evenly spaced slots', async () => {
    const { subject, slept, admit } = pacer();
    await admit(20, 1000);
    await admit(20, 1000);
    subject.throttled(); // 20 a second measured → 16
    slept.length = 0;
    for (let i = 0; i < 4; i++) await subject.acquire();
    // The first slot is free; each next one 1/16 s later (the rate grows only on success).
    expect(slept).toHaveLength(3);
    for (const ms of slept) expect(ms).toBeCloseTo(62.5, 0);
  });

  test('grows back by a tenth a second (at least 1) while requests succeed', async () => {
    const { subject, admit } = pacer();
    await admit(40, 2000);
    subject.throttled();
    const cut = subject.rate ?? 0;
    await admit(16, 0); // a second's worth at that rate, all admitted (acquire waits for slots)
    const grown = subject.rate ?? 0;
    expect(grown - cut).toBeGreaterThan(0.9);
    expect(grown - cut).toBeLessThan(1.7);
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
