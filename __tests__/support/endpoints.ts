/**
 * renew-credentials: endpoint in the tests: the detached endpoint processes a run started (from
 * the step's state), so that every test ends them however it ends, and what a test checks of one
 * (where it listens, what its environment holds, what the files of the job hold).
 */

import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import type { ActionResult } from './runner.js';

const started = new Set<number>();

/**
 * The RUNNER_TRACKING_ID every step of this test file runs with: as the runner does at the end
 * of a job, killEndpoints ends every process that carries it, so that an endpoint is ended even
 * when its test failed before reading the step's state.
 */
export const TRACKING_ID = `github_${randomBytes(16).toString('hex')}`;

/** The endpoint's state as the main step saved it for the post step. */
export function endpointState(result: ActionResult): { port: number; pid: number } {
  const text = result.state.endpoint;
  if (!text) throw new Error('the step saved no endpoint state');
  const state = JSON.parse(text) as { port: number; pid: number };
  started.add(state.pid);
  return state;
}

/** Ends every endpoint a test started (call in afterEach and afterAll). */
export function killEndpoints(): void {
  for (const pid of tracked()) started.add(pid);
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  started.clear();
}

/** Whether the process runs (an exited one its parent has not reaped yet, a zombie, does not). */
/** The processes whose environment carries TRACKING_ID (Linux /proc, as the runner reads it). */
function tracked(): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/environ`, 'latin1').includes(
          `RUNNER_TRACKING_ID=${TRACKING_ID}\0`,
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** A GET as a client would send it; the status and body. */
export function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const call = request(url, { headers, timeout: 5_000 });
    call.on('timeout', () => call.destroy(new Error('timeout')));
    call.on('error', reject);
    call.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    call.end();
  });
}

/** The local addresses (hex, as /proc/net/tcp* writes them) listening on `port`. */
export async function listeningAddresses(port: number): Promise<string[]> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of (await readFile(table, 'utf8')).split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      // 0A: LISTEN
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) found.push(local.split(':')[0] ?? '');
    }
  }
  return found;
}

/** The environment of a running process (Linux). */
export async function processEnvironment(pid: number): Promise<Record<string, string>> {
  const text = await readFile(`/proc/${pid}/environ`, 'utf8');
  return Object.fromEntries(
    text
      .split('\0')
      .filter(Boolean)
      .map((entry) => {
        const at = entry.indexOf('=');
        return [entry.slice(0, at), entry.slice(at + 1)];
      }),
  );
}

/**
 * The files under the directories that hold one of the texts. The runner's own file-command
 * files (_runner_file_commands: a step's outputs, such as a rotated refresh token, and its env
 * and state) are left out: the runner reads them after the step and deletes them.
 */
export async function filesWith(
  dirs: readonly string[],
  secrets: readonly string[],
): Promise<string[]> {
  const hits: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const file = join(entry.parentPath, entry.name);
      if (file.includes('_runner_file_commands')) continue;
      const text = await readFile(file, 'latin1').catch(() => '');
      for (const secret of secrets) if (text.includes(secret)) hits.push(file);
    }
  }
  return hits;
}
