import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdentityCenterEmulator, SeededSession } from '../../emulator/index.js';
import { node24Path, repoRoot } from '../support/node24.js';
import type { ActionResult } from '../support/runner.js';
import { findLeaks, formatLeaks } from '../support/secrets.js';

/**
 * The bundled command-line tool (dist/cli/index.js) run as a user runs it, under Node 24, in a
 * child process with a minimal environment: HOME in a temp directory and the two endpoint
 * variables pointing at the in-process emulator. spawn, never a sync call: the emulator must
 * keep answering while the tool waits for it.
 */

export const CLI = join(repoRoot, 'dist', 'cli', 'index.js');
export const START_URL = 'https://d-1234567890.awsapps.com/start';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface CliOptions {
  readonly emulator?: IdentityCenterEmulator;
  readonly home: string;
  readonly env?: Record<string, string>;
  /** Told every time stderr grows, with everything written to it so far. */
  readonly onStderr?: (stderr: string) => void;
  readonly timeoutMs?: number;
  /** Another copy of the bundle to run (default: the repository's dist/cli/index.js). */
  readonly cli?: string;
}

export function cliEnv(options: CliOptions): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.home,
    ...(options.emulator
      ? {
          AWS_ENDPOINT_URL_SSO: options.emulator.url,
          AWS_ENDPOINT_URL_SSO_OIDC: options.emulator.url,
        }
      : {}),
    ...options.env,
  };
}

export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(node24Path(), [options.cli ?? CLI, ...args], {
      cwd: options.home,
      env: cliEnv(options),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      options.onStderr?.(stderr);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, durationMs: Date.now() - started });
    });
  });
}

/** The user code as the prompt shows it, once it has been printed. */
export function userCodeIn(stderr: string): string | undefined {
  return /The page must show this code: ([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1];
}

/** Calls `decide` once with the user code, as soon as the prompt shows it. */
export function whenPrompted(decide: (userCode: string) => void): (stderr: string) => void {
  let done = false;
  return (stderr) => {
    const code = userCodeIn(stderr);
    if (done || !code) return;
    done = true;
    decide(code);
  };
}

/** The CreateToken device-code polls the emulator has answered so far, by outcome. */
export function devicePolls(emulator: IdentityCenterEmulator): string[] {
  return emulator.requests
    .filter(
      (r) =>
        r.path === '/token' &&
        (r.body as { grantType?: string })?.grantType?.includes('device_code'),
    )
    .map((r) => r.errorType ?? String(r.status));
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function tempHome(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `aws-sso-cli-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** A seeded session written as a 0600 session file, the way `login` leaves one. */
export async function writeSeededSession(
  emulator: IdentityCenterEmulator,
  file: string,
  session: SeededSession = emulator.seedSession(),
): Promise<SeededSession> {
  await writeFile(file, JSON.stringify(emulator.sessionDocument(session)), { mode: 0o600 });
  await chmod(file, 0o600);
  return session;
}

/**
 * The leak scanner of the action tests, over a plain process: `findLeaks` reads stdout, stderr
 * and the summary of an ActionResult, so the streams are dressed up as one (no workflow
 * commands, no summary). stdout is scanned only when the command must not print secrets there.
 */
export function expectNoCliLeaks(
  result: CliResult,
  secrets: readonly string[],
  streams: { stdout: boolean } = { stdout: false },
): void {
  const asAction = {
    stdout: streams.stdout ? result.stdout : '',
    stderr: result.stderr,
    summary: '',
    commands: [],
    stderrCommands: [],
  } as unknown as ActionResult;
  const scanned = [...new Set(secrets)].filter((secret) => secret.length >= 8);
  const leaks = findLeaks(asAction, scanned);
  if (leaks.length > 0) throw new Error(`${leaks.length} secret leak(s):\n${formatLeaks(leaks)}`);
}

/** One line, no stack trace: what every failure of the tool must look like on stderr. */
export function expectOneSentence(result: CliResult): string {
  const lines = result.stderr.trimEnd().split('\n');
  const last = lines.at(-1) ?? '';
  if (!last.startsWith('aws-sso-credentials: '))
    throw new Error(`no error line in:\n${result.stderr}`);
  if (/\n\s+at /.test(result.stderr) || /Error:/.test(result.stderr)) {
    throw new Error(`a stack trace or raw error was printed:\n${result.stderr}`);
  }
  return last.slice('aws-sso-credentials: '.length);
}
