/**
 * The listing at organisation scale, part of `npm run bench` (or alone:
 * `npx tsx scripts/bench-scale.ts`): 600 accounts with 1-3 roles each (1,200 pairs) against an
 * emulator that admits 20 requests a second. The target is at most 1.3 × what the rate alone
 * allows (600 / 20 = 30 s, so 39 s). Measured three ways, each against a fresh emulator (a full
 * bucket): the core paced (the default), the core with a fixed 8 in flight and backoff alone
 * (the baseline), and the bundled list-accounts with group-size 100 as the runner runs it.
 * Timing lives here only; the test suite checks the same behaviour by counts.
 */
import { endpointEnv, withEmulator } from '../__tests__/support/emulator.js';
import { runAction } from '../__tests__/support/runner.js';
import type { IdentityCenterEmulator } from '../emulator/index.js';
import { type ListOptions, listAccountsWithRoles } from '../src/sso/accounts.js';
import { createClients } from '../src/sso/clients.js';
import { PORTAL_CONCURRENCY } from '../src/sso/limits.js';

const ACCOUNTS = 600;
const RATE = 20;
const BUDGET_MS = 1.3 * (ACCOUNTS / RATE) * 1000;
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 1);

/** No pacing at all: what a fixed number in flight with the retry policy's backoff does alone. */
const UNPACED: NonNullable<ListOptions['pacer']> = {
  acquire: async () => {},
  succeeded: () => {},
  throttled: () => {},
};

interface Outcome {
  readonly ms: number;
  readonly requests: number;
  readonly throttled: number;
  readonly note?: string;
}

async function onFreshEmulator(run: (emulator: IdentityCenterEmulator) => Promise<Outcome>) {
  return withEmulator(run, { accountCount: ACCOUNTS, rateLimit: { requestsPerSecond: RATE } });
}

function counts(emulator: IdentityCenterEmulator): Omit<Outcome, 'ms'> {
  const throttled = emulator.requests.filter((request) => request.throttled).length;
  return { requests: emulator.requests.length, throttled };
}

/** listAccountsWithRoles in process, PORTAL_CONCURRENCY in flight, with the given pacer (default: adaptive). */
function inProcess(pacer?: ListOptions['pacer']) {
  return async (emulator: IdentityCenterEmulator): Promise<Outcome> => {
    process.env.AWS_ENDPOINT_URL_SSO = emulator.url;
    const clients = await createClients('us-east-1');
    const token = emulator.issueAccessToken();
    const started = performance.now();
    const options: ListOptions = { concurrency: PORTAL_CONCURRENCY, retry: clients.retry };
    return listAccountsWithRoles(clients.portal, token, pacer ? { ...options, pacer } : options)
      .then(() => ({ ms: performance.now() - started, ...counts(emulator) }))
      .finally(() => {
        clients.portal.destroy();
        clients.oidc.destroy();
        delete process.env.AWS_ENDPOINT_URL_SSO;
      });
  };
}

/** The bundled sub-action with group-size 100, as the runner runs it (refresh included). */
async function bundled(emulator: IdentityCenterEmulator): Promise<Outcome> {
  const session = emulator.seedSession();
  const result = await runAction({
    actionYml: 'list-accounts/action.yml',
    timeoutMs: 120_000,
    inputs: {
      'sso-region': session.region,
      'refresh-token': session.refreshToken ?? '',
      'client-id': session.clientId,
      'client-secret': session.clientSecret,
      'group-size': '100',
    },
    env: endpointEnv(emulator),
  });
  await result.cleanup();
  if (result.exitCode !== 0) throw new Error(`list-accounts failed: ${result.stderr}`);
  const progress = result.log.filter((line) => line.startsWith('Roles listed for ')).length;
  const note = `${result.outputs.pairs} pairs in ${result.outputs.count} groups, ${progress} progress lines`;
  return { ms: result.durationMs, ...counts(emulator), note };
}

function report(name: string, outcomes: Outcome[]): void {
  const sorted = [...outcomes].sort((a, b) => a.ms - b.ms);
  const middle = sorted[Math.floor(sorted.length / 2)] as Outcome;
  const ratio = middle.ms / ((ACCOUNTS / RATE) * 1000);
  const verdict = middle.ms <= BUDGET_MS ? 'within' : 'OVER';
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const range =
    outcomes.length > 1
      ? `, ${seconds(sorted[0]?.ms ?? 0)}–${seconds(sorted.at(-1)?.ms ?? 0)} s over ${outcomes.length} runs`
      : ', 1 run';
  console.log(
    `${name.padEnd(52)} ${(middle.ms / 1000).toFixed(1).padStart(6)} s   ` +
      `(${ratio.toFixed(2)} × the rate, ${verdict} 1.3 ×; ${middle.requests} requests, ` +
      `${middle.throttled} throttled${middle.note ? `; ${middle.note}` : ''}${range})`,
  );
}

export async function benchListingAtScale(): Promise<void> {
  console.log(
    `\nlisting at scale: ${ACCOUNTS} accounts × 1-3 roles against ${RATE} requests/s ` +
      `(the rate alone: ${ACCOUNTS / RATE} s; target ≤ ${BUDGET_MS / 1000} s)`,
  );
  const cases: [string, (emulator: IdentityCenterEmulator) => Promise<Outcome>][] = [
    [`core, ${PORTAL_CONCURRENCY} in flight, paced (the default)`, inProcess()],
    [`core, ${PORTAL_CONCURRENCY} in flight, backoff alone (baseline)`, inProcess(UNPACED)],
    ['dist/list-accounts, group-size 100, end to end', bundled],
  ];
  for (const [name, run] of cases) {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < RUNS; i++) outcomes.push(await onFreshEmulator(run));
    report(name, outcomes);
  }
}

if (process.argv[1]?.endsWith('bench-scale.ts')) await benchListingAtScale();
