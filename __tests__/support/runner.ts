/**
 * Runs a JavaScript action the way the GitHub Actions runner does, so integration tests can
 * assert what a workflow author would observe: annotations, masks, outputs, exported env,
 * state handed to the post step, the step summary, and the exit code.
 *
 * Each run gets a fresh temp "machine": RUNNER_TEMP (with the runner's file-command files),
 * HOME (unless given), and a workspace used as the working directory. The child starts from a
 * minimal env (PATH + runner variables + what the test passes), never from the jest process env,
 * so a developer's AWS_* variables cannot leak in.
 *
 * The step's process is started by spawn.ts (asynchronous, its own process group, bounded).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, resolve } from 'node:path';
import { type ActionDefinition, inputsEnv, loadActionYml } from './action-yml.js';
import {
  createRunnerFiles,
  entriesToRecord,
  type KeyValueEntry,
  parseKeyValueFile,
  parsePathFile,
  type RunnerFileContents,
  type RunnerFiles,
  readRunnerFiles,
  runnerFilesEnv,
} from './files.js';
import { repoRoot } from './node24.js';
import { redact } from './secrets.js';
import { type ProcessOutcome, runNode24 } from './spawn.js';
import {
  parseWorkflowCommands,
  renderLog,
  splitLines,
  type WorkflowCommand,
} from './workflow-commands.js';

export type { WorkflowCommand } from './workflow-commands.js';

export interface RunOptions {
  /** Which action.yml entry to run; default 'main' (→ dist/main/index.js). Ignored with `script`. */
  entry?: 'main' | 'post';
  /** Run this file instead (absolute, or relative to the repo root). */
  script?: string;
  /** By input name as in action.yml, e.g. `{ 'account-id': '111111111111' }`. */
  inputs?: Record<string, string>;
  /**
   * Extra environment (e.g. AWS_ENDPOINT_URL_SSO). It behaves like job-level `env:`: later steps
   * (runPost) keep it, and GITHUB_ENV exports of a step override it for the following steps.
   */
  env?: Record<string, string>;
  /** RUNNER_DEBUG=1 (and debug lines shown in `log`). */
  debug?: boolean;
  /** HOME to use (created if missing). Default: a fresh temp dir per run, shared with runPost. */
  home?: string;
  /** Kill the child after this long (SIGTERM, then SIGKILL 2 s later). Default 60000. */
  timeoutMs?: number;
  /** action.yml to read inputs/entries from. Default: the repo root action.yml. */
  actionYml?: string;
  /** Allow inputs action.yml does not declare (set as INPUT_ anyway). Default: throw. */
  allowUnknownInputs?: boolean;
}

/** What the step's process did (see spawn.ts), and what the runner made of it. */
export interface ActionResult extends ProcessOutcome {
  /** Workflow commands on stdout, in order (`line` indexes `splitLines(stdout)`). */
  commands: WorkflowCommand[];
  /** Workflow commands on stderr (the runner processes them too). */
  stderrCommands: WorkflowCommand[];
  /** add-mask values in order (stdout, then stderr); empty/blank ones are ignored like the runner. */
  masks: string[];
  warnings: WorkflowCommand[];
  errors: WorkflowCommand[];
  notices: WorkflowCommand[];
  debugs: WorkflowCommand[];
  /** Parsed GITHUB_ENV (plus legacy set-env when ACTIONS_ALLOW_UNSECURE_COMMANDS=true). */
  env: Record<string, string>;
  /** Parsed GITHUB_OUTPUT (plus legacy set-output commands; the file wins on conflicts). */
  outputs: Record<string, string>;
  /** Parsed GITHUB_STATE (plus legacy save-state commands). */
  state: Record<string, string>;
  /** GITHUB_STEP_SUMMARY content. */
  summary: string;
  /** GITHUB_PATH lines. */
  path: string[];
  home: string;
  runnerTemp: string;
  /** GITHUB_WORKSPACE (the child's working directory). */
  workspace: string;
  /** The file actually run. */
  script: string;
  /** stdout as the job log would show it (commands consumed, masks applied from when added). */
  log: string[];
  /** Raw entries of the key/value files, in file order with duplicates. */
  entries: { env: KeyValueEntry[]; outputs: KeyValueEntry[]; state: KeyValueEntry[] };
  /** Raw contents of the file-command files. */
  files: RunnerFileContents;
  /** Problems the runner itself would report and fail the step for (bad file commands, ...). */
  runnerErrors: string[];
  /** True when the runner would mark the step failed: non-zero exit, timeout or runnerErrors. */
  failed: boolean;
  /** The exact environment the child got. Contains inputs: do not print it in CI logs. */
  processEnv: Record<string, string>;
  /** The next step of the same job (normally the post step): same inputs, STATE_ vars, job env. */
  runPost(extra?: Partial<RunOptions>): Promise<ActionResult>;
  /** Removes this run's temp directory (shared with its runPost steps). */
  cleanup(): Promise<void>;
}

interface Job {
  base: string;
  runnerTemp: string;
  toolCache: string;
  workspace: string;
  home: string;
  /** Job env as a following step sees it: test env + GITHUB_ENV exports so far. */
  jobEnv: Record<string, string>;
  /** GITHUB_PATH additions so far, in the order added. */
  prependPath: string[];
}

interface StepParams {
  job: Job;
  action: ActionDefinition;
  script: string;
  inputs: Record<string, string>;
  stepEnv: Record<string, string>;
  state: Record<string, string>;
  debug: boolean;
  timeoutMs: number;
  allowUnknownInputs: boolean;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const runBases = new Set<string>();

/** Removes the temp directories of every run started by this module (call in afterAll). */
export async function cleanupRuns(): Promise<void> {
  const bases = [...runBases];
  runBases.clear();
  if (process.env.HARNESS_KEEP_TMP) return;
  await Promise.all(bases.map((base) => rm(base, { recursive: true, force: true })));
}

function entryScript(action: ActionDefinition, entry: 'main' | 'post'): string {
  if (entry === 'main') return action.main;
  if (!action.post) throw new Error(`${action.file} declares no runs.post`);
  return action.post;
}

async function newJob(options: RunOptions): Promise<Job> {
  const base = await mkdtemp(join(tmpdir(), 'gha-run-'));
  runBases.add(base);
  const job: Job = {
    base,
    runnerTemp: join(base, 'temp'),
    toolCache: join(base, 'tool'),
    workspace: join(base, 'workspace'),
    home: resolve(options.home ?? options.env?.HOME ?? join(base, 'home')),
    jobEnv: { ...(options.env ?? {}) },
    prependPath: [],
  };
  await Promise.all(
    [job.runnerTemp, job.toolCache, job.workspace, job.home].map((d) =>
      mkdir(d, { recursive: true }),
    ),
  );
  return job;
}

/** Runs the action's main entry (or `entry`/`script`) as one step of a fresh job. */
export async function runAction(options: RunOptions = {}): Promise<ActionResult> {
  const action = await loadActionYml(options.actionYml);
  const script = options.script
    ? resolve(repoRoot, options.script)
    : entryScript(action, options.entry ?? 'main');
  const job = await newJob(options);
  return runStep({
    job,
    action,
    script,
    inputs: { ...(options.inputs ?? {}) },
    stepEnv: {},
    state: {},
    debug: options.debug ?? false,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    allowUnknownInputs: options.allowUnknownInputs ?? false,
  });
}

function buildEnv(p: StepParams, files: RunnerFiles): Record<string, string> {
  const { job, action } = p;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: '__harness',
    GITHUB_ACTION_PATH: action.dir,
    GITHUB_JOB: 'harness',
    GITHUB_REPOSITORY: 'example/harness',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_WORKFLOW: 'harness',
    GITHUB_WORKSPACE: job.workspace,
    RUNNER_ARCH: 'X64',
    RUNNER_OS: 'Linux',
    RUNNER_TOOL_CACHE: job.toolCache,
  };
  Object.assign(env, job.jobEnv, p.stepEnv);
  if (job.prependPath.length > 0) {
    // The runner puts the most recently added directory first.
    env.PATH = [...job.prependPath].reverse().join(delimiter) + delimiter + (env.PATH ?? '');
  }
  // Runner-controlled values win over anything the test or earlier steps set.
  env.HOME = job.home;
  env.RUNNER_TEMP = job.runnerTemp;
  Object.assign(env, runnerFilesEnv(files));
  Object.assign(env, inputsEnv(action, p.inputs, { allowUnknownInputs: p.allowUnknownInputs }));
  for (const [name, value] of Object.entries(p.state)) env[`STATE_${name}`] = value;
  if (p.debug) env.RUNNER_DEBUG = '1';
  delete env.NODE_ICU_DATA; // the runner removes it too
  return env;
}

function byName(commands: WorkflowCommand[], name: string): WorkflowCommand[] {
  return commands.filter((c) => c.command === name);
}

async function runStep(p: StepParams): Promise<ActionResult> {
  if (p.action.using !== 'node24') {
    throw new Error(
      `${p.action.file}: runs.using is '${p.action.using}'; this harness runs node24`,
    );
  }
  if (!existsSync(p.script)) {
    const inDist = relative(repoRoot, p.script).startsWith('dist');
    throw new Error(
      `Action script not found: ${p.script}${inDist ? ' (run `npm run build` to create dist/)' : ''}`,
    );
  }
  const files = await createRunnerFiles(p.job.runnerTemp);
  const env = buildEnv(p, files);
  const outcome = await runNode24(p.script, [], {
    cwd: p.job.workspace,
    env,
    timeoutMs: p.timeoutMs,
  });
  const contents = await readRunnerFiles(files);

  const commands = parseWorkflowCommands(outcome.stdout, 'stdout');
  const stderrCommands = parseWorkflowCommands(outcome.stderr, 'stderr');
  const all = [...commands, ...stderrCommands];
  const runnerErrors: string[] = [];
  const unsecureAllowed = env.ACTIONS_ALLOW_UNSECURE_COMMANDS?.toLowerCase() === 'true';

  const envFile = parseKeyValueFile(contents.env);
  const outputFile = parseKeyValueFile(contents.output);
  const stateFile = parseKeyValueFile(contents.state);
  for (const [label, parsed] of [
    ['env', envFile],
    ['output', outputFile],
    ['state', stateFile],
  ] as const) {
    for (const e of parsed.errors) {
      runnerErrors.push(`Unable to process file command '${label}' successfully: ${e}`);
    }
  }

  // Legacy stdout commands are applied as they appear, then the files after the step.
  const legacy = (name: string): KeyValueEntry[] =>
    byName(all, name)
      .filter((c) => {
        if (c.properties.name) return true;
        runnerErrors.push(`Required field 'name' is missing in ##[${name}] command.`);
        return false;
      })
      .map((c) => ({ name: c.properties.name ?? '', value: c.message }));
  const setEnvCommands = byName(all, 'set-env').length > 0 ? legacy('set-env') : [];
  if (setEnvCommands.length > 0 && !unsecureAllowed) {
    runnerErrors.push('The `set-env` command is disabled (ACTIONS_ALLOW_UNSECURE_COMMANDS).');
  }
  const addPathCommands = byName(all, 'add-path').map((c) => c.message);
  if (addPathCommands.length > 0 && !unsecureAllowed) {
    runnerErrors.push('The `add-path` command is disabled (ACTIONS_ALLOW_UNSECURE_COMMANDS).');
  }

  const envEntries = [...(unsecureAllowed ? setEnvCommands : []), ...envFile.entries];
  const outputEntries = [...legacy('set-output'), ...outputFile.entries];
  const stateEntries = [...legacy('save-state'), ...stateFile.entries];
  const path = [...(unsecureAllowed ? addPathCommands : []), ...parsePathFile(contents.path)];
  const exported = entriesToRecord(envEntries);
  const state = entriesToRecord(stateEntries);

  const masks = byName(all, 'add-mask')
    .map((c) => c.message)
    .filter((m) => m.trim() !== '');
  const failed = outcome.timedOut || outcome.exitCode !== 0 || runnerErrors.length > 0;

  const result: ActionResult = {
    ...outcome,
    commands,
    stderrCommands,
    masks,
    warnings: byName(all, 'warning'),
    errors: byName(all, 'error'),
    notices: byName(all, 'notice'),
    debugs: byName(all, 'debug'),
    env: exported,
    outputs: entriesToRecord(outputEntries),
    state,
    summary: contents.summary,
    path,
    home: p.job.home,
    runnerTemp: p.job.runnerTemp,
    workspace: p.job.workspace,
    script: p.script,
    log: renderLog(outcome.stdout, { debug: p.debug }),
    entries: { env: envEntries, outputs: outputEntries, state: stateEntries },
    files: contents,
    runnerErrors,
    failed,
    processEnv: env,
    runPost: async (extra: Partial<RunOptions> = {}) => {
      const action = extra.actionYml ? await loadActionYml(extra.actionYml) : p.action;
      const script = extra.script
        ? resolve(repoRoot, extra.script)
        : entryScript(action, extra.entry ?? 'post');
      const home = extra.home ? resolve(extra.home) : p.job.home;
      await mkdir(home, { recursive: true });
      return runStep({
        job: {
          ...p.job,
          home,
          jobEnv: { ...p.job.jobEnv, ...exported },
          prependPath: [...p.job.prependPath, ...path],
        },
        action,
        script,
        inputs: { ...p.inputs, ...(extra.inputs ?? {}) },
        stepEnv: { ...(extra.env ?? {}) },
        state,
        debug: extra.debug ?? p.debug,
        timeoutMs: extra.timeoutMs ?? p.timeoutMs,
        allowUnknownInputs: extra.allowUnknownInputs ?? p.allowUnknownInputs,
      });
    },
    cleanup: async () => {
      runBases.delete(p.job.base);
      if (!process.env.HARNESS_KEEP_TMP) await rm(p.job.base, { recursive: true, force: true });
    },
  };
  return result;
}

// ---------------------------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------------------------

export interface DescribeOptions {
  /** Extra values to redact besides the run's masks (e.g. the test's fake secrets). */
  secrets?: string[];
  /** How many trailing stderr / log lines to include. Default 20. */
  tailLines?: number;
}

function formatCommandForHumans(c: WorkflowCommand): string {
  const props = Object.entries(c.properties)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${c.message}${props ? ` (${props})` : ''}`;
}

/**
 * A compact, secret-free description of a run for failing-test messages: exit status, runner
 * errors, error/warning annotations, and the tails of the visible log and of stderr. Every mask
 * the action registered and every value in `secrets` is replaced (see `redact`).
 */
export function describeResult(result: ActionResult, options: DescribeOptions = {}): string {
  const tail = options.tailLines ?? 20;
  const secrets = [...result.masks, ...(options.secrets ?? [])];
  const lines: string[] = [
    `script: ${relative(repoRoot, result.script) || result.script}`,
    `exit code: ${result.exitCode ?? 'none'}${result.signal ? `, signal ${result.signal}` : ''}` +
      `${result.timedOut ? ' (TIMED OUT)' : ''}, ${result.durationMs} ms, ` +
      `${result.failed ? 'step FAILED' : 'step succeeded'}`,
  ];
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`);
    for (const item of items) lines.push(`  - ${item.replace(/\n/g, '\n    ')}`);
  };
  section('runner errors', result.runnerErrors);
  section('errors', result.errors.map(formatCommandForHumans));
  section('warnings', result.warnings.map(formatCommandForHumans));
  section('outputs', Object.keys(result.outputs));
  section('exported env', Object.keys(result.env));
  const logTail = result.log.slice(-tail);
  if (logTail.length > 0)
    lines.push(`log (last ${logTail.length} lines):`, ...logTail.map((l) => `  | ${l}`));
  const errTail = splitLines(result.stderr).slice(-tail);
  if (errTail.length > 0)
    lines.push(`stderr (last ${errTail.length} lines):`, ...errTail.map((l) => `  ! ${l}`));
  return redact(lines.join('\n'), secrets);
}

/** Throws (with `describeResult`) unless the step succeeded. */
export function expectSuccess(result: ActionResult, options: DescribeOptions = {}): void {
  if (result.failed) {
    throw new Error(
      `Expected the step to succeed, but it failed.\n${describeResult(result, options)}`,
    );
  }
}

/** Throws (with `describeResult`) unless the step failed. */
export function expectFailure(result: ActionResult, options: DescribeOptions = {}): void {
  if (!result.failed) {
    throw new Error(
      `Expected the step to fail, but it succeeded.\n${describeResult(result, options)}`,
    );
  }
}
