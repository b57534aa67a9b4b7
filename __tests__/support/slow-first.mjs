// jest's testSequencer: the suites that wait in real time start first, so that on a clean clone
// (no timings in jest's cache yet; it would order by file size) they overlap the others instead
// of being the last files left. The rest keep jest's own order (timings when known, else size).
import Sequencer from '@jest/test-sequencer';

/** Longest first, as measured in a CI run on a clean clone (the files jest's cache would know). */
const SLOW_FIRST = [
  'integration/long-jobs.test.ts',
  'reliability/faults.test.ts',
  'integration/same-name-profile.test.ts',
  'integration/chained-renewal.test.ts',
  'reliability/load.test.ts',
  'cli/aws-cli-cache.test.ts',
  'hostile/proxy.test.ts',
  'integration/list-accounts.test.ts',
  'hostile/action.test.ts',
  'integration/three-clients.test.ts',
];

const rank = (test) => {
  const at = SLOW_FIRST.findIndex((suffix) => test.path.endsWith(`__tests__/${suffix}`));
  return at === -1 ? SLOW_FIRST.length : at;
};

export default class SlowFirst extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    return ordered
      .map((test, index) => ({ test, index }))
      .sort((a, b) => rank(a.test) - rank(b.test) || a.index - b.index)
      .map(({ test }) => test);
  }
}
