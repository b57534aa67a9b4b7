import { describe, expect, test } from '@jest/globals';
import { mapConcurrently } from '../../src/time/concurrency.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Work that records how many calls overlap. */
function tracked() {
  let inFlight = 0;
  let max = 0;
  const started: number[] = [];
  const work = async (item: number): Promise<number> => {
    started.push(item);
    inFlight += 1;
    max = Math.max(max, inFlight);
    await tick(Math.abs(item) % 3);
    inFlight -= 1;
    if (item < 0) throw new Error(`item ${item} failed`);
    return item * 10;
  };
  return { work, started, max: () => max, inFlight: () => inFlight };
}

describe('mapConcurrently', () => {
  test('keeps the order of the items and never exceeds the limit', async () => {
    const t = tracked();
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(await mapConcurrently(items, 4, t.work)).toEqual(items.map((i) => i * 10));
    expect(t.max()).toBe(4);
  });

  test('a limit of 1 is sequential; a limit above the count starts everything', async () => {
    const one = tracked();
    await mapConcurrently([1, 2, 3], 1, one.work);
    expect(one.max()).toBe(1);
    const all = tracked();
    await mapConcurrently([1, 2, 3], 50, all.work);
    expect(all.max()).toBe(3);
  });

  test('no items: no calls', async () => {
    const t = tracked();
    expect(await mapConcurrently([], 8, t.work)).toEqual([]);
    expect(t.started).toEqual([]);
  });

  test('after a failure starts nothing new, and throws once the calls in flight settled', async () => {
    const t = tracked();
    const items = [1, -1, 2, 3, 4, 5, 6, 7, 8, 9];
    await expect(mapConcurrently(items, 2, t.work)).rejects.toThrow('item -1 failed');
    expect(t.inFlight()).toBe(0);
    expect(t.started.length).toBeLessThan(items.length);
  });
});
