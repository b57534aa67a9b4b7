/**
 * The bundled command-line tool (dist/cli/index.js) run as a user runs it, under Node 24, in a
 * child process with a minimal environment: HOME in a temp directory and the two endpoint
 * variables pointing at the in-process emulator; and what every CLI test checks of a run.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_START_URL,
  type IdentityCenterEmulator,
  type SeededSession,
} from '../../emulator/index.js';
import { endpointEnv } from './emulator.js';
import { repoRoot } from './node24.js';
import { expectNoLeaks, scannable } from './secrets.js';
import { runNode24, runProcess } from './spawn.js';

export const CLI = join(repoRoot, 'dist', 'cli', 'index.js');
export const START_URL = DEFAULT_START_URL;

/** The session document `login` writes (the AWS CLI's token cache), its members in order. */
export const SESSION_DOCUMENT_KEYS = [
  'startUrl',
  'region',
  'accessToken',
  'expiresAt',
  'refreshToken',
  'clientId',
  'clientSecret',
  'registrationExpiresAt',
];

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
  /** Another node binary to run it with (default: Node 24, as the action runs). */
  readonly node?: string;
}

export function cliEnv(options: CliOptions): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.home,
    ...(options.emulator ? endpointEnv(options.emulator) : {}),
    ...options.env,
  };
}

/** `aws-sso-credentials ...args` in `home`, to the end (killed after 20 s by default). */
export async function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const processOptions = {
    cwd: options.home,
    env: cliEnv(options),
    timeoutMs: options.timeoutMs ?? 20_000,
    onStderr: options.onStderr,
  };
  const script = options.cli ?? CLI;
  const outcome = options.node
    ? await runProcess(options.node, [script, ...args], processOptions)
    : await runNode24(script, args, processOptions);
  const { exitCode: code, stdout, stderr, durationMs } = outcome;
  return { code, stdout, stderr, durationMs };
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
 * The leak scanner of the action tests, over a plain process (no workflow commands, no summary).
 * stdout is scanned only when the command must not print secrets there.
 */
export function expectNoCliLeaks(
  result: CliResult,
  secrets: readonly string[],
  streams: { stdout: boolean } = { stdout: false },
): void {
  const output = {
    stdout: streams.stdout ? result.stdout : '',
    stderr: result.stderr,
    summary: '',
    commands: [],
    stderrCommands: [],
  };
  expectNoLeaks(output, scannable(secrets));
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
