import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from '@jest/globals';
import { type CliResult, runCli } from '../support/cli.js';
import { repoRoot } from '../support/node24.js';
import {
  type ActionResult,
  cleanupRuns,
  describeResult,
  type RunOptions,
  runAction,
} from '../support/runner.js';
import { secretLabel } from '../support/secrets.js';
import { splitLines } from '../support/workflow-commands.js';
import type { HostileServer } from './server.js';

/**
 * The checks every hostile case makes, whatever it sends:
 * 1. the step fails with one clear error, or succeeds correctly (the case says which);
 * 2. no line of stdout or stderr is a workflow command the front end did not mean to send:
 *    every line that starts with `::` names one of ALLOWED_COMMANDS, no line holds `##[`;
 * 3. on failure nothing is exported, output or saved, no state file is left in RUNNER_TEMP,
 *    and no shared file was written;
 * 4. no secret, nor the first 8 characters of one, is visible in stdout, stderr or the summary
 *    (outside the `::add-mask::` lines, which the runner consumes);
 * 5. time and memory are bounded: within the per-attempt timeout times the attempts plus a
 *    margin, and under 200 MiB of peak resident memory.
 */

/** The text an adversary tries to get into a log line: commands, a legacy command, escapes. */
export const INJECTION =
  'pwned\n::stop-commands::hostile-token\n::error::injected\r\n##[error]legacy\u001b[2J\u001b]0;title\u0007\u009b31m';

/** Commands the front ends mean to send; anything else on a `::` line is a failure. */
const ALLOWED_COMMANDS = new Set(['add-mask', 'debug', 'warning', 'error', 'notice']);

/** The longest per-attempt timeout: CreateToken's (limits.ts); other calls have 10 s (clients.ts). */
export const PER_ATTEMPT_MS = 30_000;
/** Node start-up and the bundle's load on a loaded 2-core machine, and the waits between tries. */
const MARGIN_MS = 20_000;
export const MAX_RSS_MIB = 200;

export const tally = { action: 0, listAccounts: 0, cli: 0, peakRssMiB: 0 };

const PEAK_RSS = join(repoRoot, '__tests__', 'hostile', 'peak-rss.cjs');

export interface HostileRun extends ActionResult {
  /** Peak resident memory of the step's process, MiB. */
  readonly peakRssMiB: number;
}

export interface ActionCase {
  readonly inputs: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly home?: string;
  /** list-accounts instead of the main action. */
  readonly listAccounts?: boolean;
  readonly attempts?: number;
}

/** Runs the bundle as the runner does (RUNNER_DEBUG=1) against the hostile server. */
export async function runHostileAction(
  server: HostileServer | undefined,
  c: ActionCase,
): Promise<HostileRun> {
  const scratch = await mkdtemp(join(tmpdir(), 'hostile-rss-'));
  const rssFile = join(scratch, 'rss');
  const options: RunOptions = {
    debug: true,
    inputs: { 'retry-max-attempts': String(c.attempts ?? 2), ...c.inputs },
    env: {
      ...(server
        ? { AWS_ENDPOINT_URL_SSO: server.url, AWS_ENDPOINT_URL_SSO_OIDC: server.url }
        : {}),
      NODE_OPTIONS: `--require ${PEAK_RSS}`,
      HOSTILE_RSS_FILE: rssFile,
      ...c.env,
    },
    timeoutMs: 90_000,
    ...(c.home ? { home: c.home } : {}),
    ...(c.listAccounts ? { actionYml: 'list-accounts/action.yml' } : {}),
  };
  const result = await runAction(options);
  const kib = Number(await readFile(rssFile, 'utf8').catch(() => 'NaN'));
  await rm(scratch, { recursive: true, force: true });
  if (c.listAccounts) tally.listAccounts += 1;
  else tally.action += 1;
  tally.peakRssMiB = Math.max(tally.peakRssMiB, kib / 1024 || 0);
  return Object.assign(result, { peakRssMiB: kib / 1024 });
}

/** Every `::` line names an allowed command, and no line holds the legacy `##[` opener. */
export function expectOnlyIntendedCommands(
  streams: readonly string[],
  allowed = ALLOWED_COMMANDS,
): void {
  const bad: string[] = [];
  for (const stream of streams) {
    for (const line of splitLines(stream)) {
      if (line.includes('##[')) bad.push(line.slice(0, 120));
      const trimmed = line.trimStart();
      if (!trimmed.startsWith('::')) continue;
      const end = trimmed.indexOf('::', 2);
      const name = (end < 0 ? '' : trimmed.slice(2, end)).split(' ')[0]?.toLowerCase() ?? '';
      if (!allowed.has(name)) bad.push(line.slice(0, 120));
    }
  }
  expect(bad).toEqual([]);
}

/** Lines without the add-mask commands: what could show a secret. */
function visibleLines(text: string): string[] {
  return splitLines(text).filter((line) => !line.trimStart().startsWith('::add-mask::'));
}

/** No secret, nor its first 8 characters, nor its JSON/URL-encoded form, in any visible line. */
export function expectNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
  const lines = texts.flatMap(visibleLines);
  const found: string[] = [];
  for (const secret of new Set(secrets)) {
    if (secret.length < 8) continue;
    const probes = [
      secret.slice(0, 8),
      JSON.stringify(secret).slice(1, 9),
      encodeURIComponent(secret).slice(0, 8),
    ];
    if (lines.some((line) => probes.some((probe) => line.includes(probe))))
      found.push(secretLabel(secret));
  }
  expect(found).toEqual([]);
}

/** The secret inputs of a case (what the workflow author put in secrets). */
export function secretInputs(inputs: Record<string, string>): string[] {
  return ['access-token', 'refresh-token', 'client-secret', 'client-id', 'sso-session']
    .map((name) => inputs[name] ?? '')
    .filter((value) => value.length >= 8);
}

export function expectBounded(result: HostileRun, attempts: number): void {
  expect(result.timedOut).toBe(false);
  expect(result.durationMs).toBeLessThanOrEqual(attempts * PER_ATTEMPT_MS + MARGIN_MS);
  expect(result.peakRssMiB).toBeLessThan(MAX_RSS_MIB);
}

/** Only the runner's own file-command directory may be in RUNNER_TEMP after a failed step. */
async function expectNoStateLeft(result: ActionResult): Promise<void> {
  const entries = await readdir(result.runnerTemp);
  expect(entries.filter((name) => name !== '_runner_file_commands')).toEqual([]);
}

/** The invariants for a step that must fail: one error annotation, nothing handed on. */
export async function expectCleanFailure(
  result: HostileRun,
  server: HostileServer | undefined,
  inputs: Record<string, string>,
  attempts = 2,
): Promise<string> {
  const why = describeResult(result, { secrets: server?.secrets() ?? [] });
  if (!result.failed || result.exitCode !== 1) throw new Error(`expected a clean failure:\n${why}`);
  expect(result.errors).toHaveLength(1);
  expect(result.env).toEqual({});
  expect(result.outputs).toEqual({});
  expect(result.state).toEqual({});
  expect(result.files.env).toBe('');
  expect(result.files.output).toBe('');
  expect(result.files.state).toBe('');
  expect(result.runnerErrors).toEqual([]);
  expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  await expectNoStateLeft(result);
  commonChecks(result, server, inputs, attempts);
  return result.errors[0]?.message ?? '';
}

export function expectCleanSuccess(
  result: HostileRun,
  server: HostileServer | undefined,
  inputs: Record<string, string>,
  attempts = 2,
): void {
  if (result.failed) {
    throw new Error(
      `expected success:\n${describeResult(result, { secrets: server?.secrets() ?? [] })}`,
    );
  }
  expect(result.errors).toEqual([]);
  expect(result.runnerErrors).toEqual([]);
  commonChecks(result, server, inputs, attempts);
}

function commonChecks(
  result: HostileRun,
  server: HostileServer | undefined,
  inputs: Record<string, string>,
  attempts: number,
): void {
  expectOnlyIntendedCommands([result.stdout, result.stderr]);
  expect(result.commands.some((c) => c.command === 'stop-commands')).toBe(false);
  expectNoSecrets(
    [result.stdout, result.stderr, result.summary],
    [...(server?.secrets() ?? []), ...secretInputs(inputs)],
  );
  for (const bad of ['<script', '\u001b', '::stop-commands'])
    expect(result.summary).not.toContain(bad);
  expectBounded(result, attempts);
}

// --- the CLI -------------------------------------------------------------------------------------

export interface CliCase {
  readonly args: readonly string[];
  readonly home: string;
  readonly env?: Record<string, string>;
}

export async function runHostileCli(
  server: HostileServer | undefined,
  c: CliCase,
): Promise<CliResult> {
  tally.cli += 1;
  return runCli(c.args, {
    home: c.home,
    timeoutMs: 60_000,
    env: {
      ...(server
        ? { AWS_ENDPOINT_URL_SSO: server.url, AWS_ENDPOINT_URL_SSO_OIDC: server.url }
        : {}),
      ...c.env,
    },
  });
}

/** The CLI's checks: exit status, nothing on stdout on failure, no escape, no command, no secret. */
export function expectCliOutcome(
  result: CliResult,
  server: HostileServer | undefined,
  expected: 'fails' | 'succeeds',
  extraSecrets: readonly string[] = [],
): string {
  if (expected === 'fails') {
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  } else {
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 0,
      stderr: expect.any(String),
    });
  }
  // It may run under a runner: it sends no workflow command at all.
  expectOnlyIntendedCommands([result.stdout, result.stderr], new Set());
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point
  expect(result.stdout + result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  // stdout is where a successful `credentials` puts the credentials it was asked for
  const streams = expected === 'fails' ? [result.stdout, result.stderr] : [result.stderr];
  expectNoSecrets(streams, [...(server?.secrets() ?? []), ...extraSecrets]);
  expect(result.durationMs).toBeLessThanOrEqual(3 * PER_ATTEMPT_MS + MARGIN_MS);
  return result.stderr.trimEnd().split('\n').at(-1) ?? '';
}

/** A session document with a fresh access token (no refresh needed) or an expired one. */
export async function writeSession(
  server: HostileServer,
  file: string,
  options: { expired?: boolean } = {},
): Promise<Record<string, string>> {
  const document = {
    startUrl: 'https://d-1234567890.awsapps.com/start',
    region: 'us-east-1',
    accessToken: server.accessToken(),
    expiresAt: new Date(Date.now() + (options.expired ? -60_000 : 3600_000)).toISOString(),
    refreshToken: server.refreshToken(),
    clientId: CLIENT_ID,
    clientSecret: `cs-${server.accessToken()}`,
    registrationExpiresAt: new Date(Date.now() + 80 * 86400_000).toISOString(),
  };
  server.remember(document.clientSecret);
  await writeFile(file, JSON.stringify(document), { mode: 0o600 });
  return document;
}

/** Token inputs for the refresh-token source, with secrets of the server's shape. */
export function refreshInputs(server: HostileServer): Record<string, string> {
  const clientSecret = `cs-${server.accessToken()}`;
  server.remember(clientSecret);
  return {
    'sso-region': 'us-east-1',
    'refresh-token': server.refreshToken(),
    'client-id': CLIENT_ID,
    'client-secret': clientSecret,
  };
}

/**
 * The client id the suite's inputs carry. Random, as a real one is: the log withholds every piece
 * of 8 characters of a masked value, so a made-up id of words would take those words out of
 * every log line (a temporary folder named `hostile-…` among them).
 */
const CLIENT_ID = `cid-${randomBytes(12).toString('hex')}`;

export const ROLE = { 'account-id': '111111111111', 'role-name': 'ReadOnly' };

/** Each hostile suite file: its run folders are removed and the tally is reported when it ends. */
export function useHostileSuite(): void {
  afterAll(async () => {
    await cleanupRuns();
    report();
  });
}

export function report(): void {
  const total = tally.action + tally.listAccounts + tally.cli;
  process.stdout.write(
    `HOSTILE cases run: action=${tally.action} list-accounts=${tally.listAccounts} cli=${tally.cli} total=${total} peak-rss=${tally.peakRssMiB.toFixed(0)}MiB\n`,
  );
}
