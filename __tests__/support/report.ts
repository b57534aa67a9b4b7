/**
 * The reliability suites' summary lines: `RELIABILITY <suite>: <counts> secrets-scanned=... wall=...`
 * on the test process's stdout, outside jest's console decoration, so that CI logs can be
 * searched for `RELIABILITY`.
 */
import { afterAll } from '@jest/globals';
import { cleanupRuns } from './runner.js';
import { SecretTally } from './secrets.js';

export function report(line: string): void {
  process.stdout.write(`RELIABILITY ${line}\n`);
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/**
 * A suite's tally of scanned secrets; after all its tests, the runs' temp directories are
 * removed and one line reports `suite: counts()`, the tally and the suite's wall time.
 */
export function useSuiteReport(suite: string, counts: () => string): SecretTally {
  const tally = new SecretTally();
  const started = Date.now();
  afterAll(async () => {
    await cleanupRuns();
    report(`${suite}: ${counts()} ${tally} wall=${seconds(Date.now() - started)}`);
  });
  return tally;
}
