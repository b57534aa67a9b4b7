/**
 * Running a child process the way every suite needs it: the bundled action (runner.ts), the
 * bundled CLI (cli.ts), under Node 24 (node24.ts).
 *
 * Always child_process.spawn, never a sync call: the tests run an HTTP emulator in this same
 * process, and blocking the event loop would deadlock them. The child gets its own process group,
 * so a timeout also ends whatever it started; a child that exits while something it started
 * still holds its pipes open is not waited for forever.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { node24Path } from './node24.js';

export interface ProcessOutcome {
  /** Process id the child ran as (also its process group id). */
  pid: number | undefined;
  exitCode: number | null;
  signal: string | null;
  /** True when the timeout ended the child. */
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
}

export interface ProcessOptions {
  cwd: string;
  /** The child's whole environment: nothing of the jest process is passed on unless given. */
  env: Record<string, string>;
  /** SIGTERM to the process group after this long, SIGKILL 2 s later. Default 60000. */
  timeoutMs?: number;
  /** Told every time stderr grows, with everything written to it so far. */
  onStderr?: ((stderr: string) => void) | undefined;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 2_000;
const PIPE_GRACE_MS = 5_000;

/** Runs `command args` to the end (or the timeout) and hands back what it printed. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: ProcessOptions,
): Promise<ProcessOutcome> {
  const started = performance.now();
  return new Promise<ProcessOutcome>((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout also kills grandchildren
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      options.onStderr?.(Buffer.concat(err).toString('utf8'));
    });

    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const kill = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    timers.push(
      setTimeout(() => {
        timedOut = true;
        kill('SIGTERM');
        timers.push(setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS));
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    );
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      return true;
    };

    const finish = (exitCode: number | null, signal: string | null): void => {
      if (!settle()) return;
      resolvePromise({
        pid: child.pid,
        exitCode,
        signal,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    };
    child.once('error', (error) => {
      if (settle())
        reject(new Error(`Cannot start ${command} ${args.join(' ')}: ${error.message}`));
    });
    child.once('close', (code, signal) => finish(code, signal));
    child.once('exit', (code, signal) => {
      if (settled) return;
      // Something the child started may still hold the pipes open: do not wait forever.
      timers.push(
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish(code, signal);
        }, PIPE_GRACE_MS),
      );
    });
  });
}

/** A script (a dist/ bundle) under Node 24, as the runner or a user's node24 runs it. */
export function runNode24(
  script: string,
  args: readonly string[],
  options: ProcessOptions,
): Promise<ProcessOutcome> {
  return runProcess(node24Path(), [script, ...args], options);
}
