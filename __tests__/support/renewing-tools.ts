/**
 * The job's own AWS tools for the renew-credentials tests: the AWS CLI v2, botocore and the JS
 * SDK v3, each as one long-lived process started with the job's environment and home only (as a
 * later `run:` step), asking for credentials every few seconds. What each answer was, and when,
 * is checked against what the emulator issued.
 */
import { join } from 'node:path';
import type { IdentityCenterEmulator } from '../../emulator/index.js';
import { node24Path, repoRoot } from './node24.js';
import { awsCli, botocorePython, type RealClient } from './real-clients.js';
import { runProcess } from './spawn.js';

/** Where the AWS CLI v2 of Debian (2.9.19, no endpoint variables) goes, through the interceptor. */
export const AWS_HOSTS = ['portal.sso.us-east-1.amazonaws.com', 'oidc.us-east-1.amazonaws.com'];

/** One answer of a tool: the access key id it got, or its error; `t` is when it came (epoch ms). */
export interface Observation {
  readonly t: number;
  readonly accessKeyId?: string;
  readonly error?: string;
}

/** The three clients (support/real-clients.ts finds them and says what a missing one means). */
export type Tool = RealClient;
export const TOOLS: readonly Tool[] = ['JS SDK v3', 'botocore', 'AWS CLI v2'];

const fixture = (name: string) => join(repoRoot, '__tests__', 'fixtures', name);

/** Runs one tool for `seconds`, asking every `interval` seconds; its answers in order. */
export async function runTool(
  tool: Tool,
  env: Record<string, string>,
  seconds: number,
  interval: number,
): Promise<Observation[]> {
  const [command, args] = commandOf(tool, seconds, interval);
  const outcome = await runProcess(command, args, {
    cwd: repoRoot,
    env,
    timeoutMs: (seconds + 120) * 1000,
  });
  if (outcome.exitCode !== 0) {
    throw new Error(`${tool} exited ${outcome.exitCode}: ${outcome.stderr.slice(-2000)}`);
  }
  return outcome.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => observationOf(tool, JSON.parse(line)));
}

function commandOf(tool: Tool, seconds: number, interval: number): [string, string[]] {
  if (tool === 'JS SDK v3') {
    return [
      node24Path(),
      [fixture('renew-js.mjs'), String(seconds * 1000), String(interval * 1000)],
    ];
  }
  if (tool === 'botocore') {
    const python = botocorePython() ?? 'python3';
    return [python, [fixture('renew-botocore.py'), String(seconds), String(interval)]];
  }
  return ['/bin/sh', [fixture('renew-aws-cli.sh'), awsCli(), String(seconds), String(interval)]];
}

function observationOf(tool: Tool, line: Record<string, unknown>): Observation {
  const t = Number(line.t);
  if (tool !== 'AWS CLI v2') return line as unknown as Observation;
  const out = line.out as { AccessKeyId?: string } | string;
  if (line.code !== 0 || typeof out !== 'object') return { t, error: `exit ${line.code}` };
  return { t, ...(out.AccessKeyId ? { accessKeyId: out.AccessKeyId } : {}) };
}

/** What a run of a tool amounted to, for one assertion that shows everything when it fails. */
export interface Verdict {
  readonly tool: Tool;
  readonly errors: string[];
  /** Keys the emulator never issued, or that had expired when the tool handed them out. */
  readonly badKeys: string[];
  /** Distinct keys seen whose expiry passed while the tool was still running and renewing. */
  readonly expiriesCrossed: number;
}

export function judge(
  tool: Tool,
  observations: readonly Observation[],
  emulator: IdentityCenterEmulator,
): Verdict {
  const errors = observations.flatMap((o) => (o.error ? [o.error] : []));
  const badKeys = observations.flatMap(({ t, accessKeyId }) => {
    if (!accessKeyId) return [];
    const expiry = emulator.credentialsExpiryMs(accessKeyId);
    if (expiry === undefined) return [`${accessKeyId}: not issued by the emulator`];
    return expiry <= t ? [`${accessKeyId}: expired ${t - expiry} ms before the tool gave it`] : [];
  });
  const last = observations.at(-1)?.t ?? 0;
  const expiries = new Set(
    observations
      .map(({ accessKeyId }) => emulator.credentialsExpiryMs(accessKeyId ?? '') ?? Infinity)
      .filter((expiry) => expiry < last),
  );
  return { tool, errors, badKeys, expiriesCrossed: expiries.size };
}
