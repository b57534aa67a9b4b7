/**
 * The runner's file commands: GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY and
 * GITHUB_PATH. Each step gets fresh empty files; after the step the runner reads them.
 *
 * Key/value files are parsed like actions/runner's SetEnvFileCommand (same rules for output/state):
 * - lines are split on LF; empty lines are skipped;
 * - `NAME=VALUE` when `=` comes before any `<<`;
 * - `NAME<<DELIMITER` otherwise: the value is every line up to a line equal to DELIMITER, joined
 *   with LF (@actions/core v3 writes `name<<ghadelimiter_<uuid>\nvalue\nghadelimiter_<uuid>\n`);
 * - a missing delimiter or an empty name is an error (the runner fails the step).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface KeyValueEntry {
  name: string;
  value: string;
}

export interface ParsedKeyValueFile {
  /** Entries in file order, duplicates kept. */
  entries: KeyValueEntry[];
  /** Problems the runner would report ("Unable to process file command ..."); parsing stops there. */
  errors: string[];
}

/** Parses a GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE file. Never throws; see `errors`. */
export function parseKeyValueFile(text: string): ParsedKeyValueFile {
  const entries: KeyValueEntry[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    i++;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      const name = line.slice(0, eq);
      if (name === '') return { entries, errors: [`Invalid format '${line}': empty name`] };
      entries.push({ name, value: line.slice(eq + 1) });
      continue;
    }
    if (heredoc < 0) return { entries, errors: [`Invalid format '${line}'`] };
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (name === '' || delimiter === '') {
      return { entries, errors: [`Invalid format '${line}': empty name or delimiter`] };
    }
    const end = lines.indexOf(delimiter, i);
    if (end < 0) {
      return { entries, errors: [`Matching delimiter not found '${delimiter}' for '${name}'`] };
    }
    entries.push({ name, value: lines.slice(i, end).join('\n') });
    i = end + 1;
  }
  return { entries, errors: [] };
}

/** Entries to a plain object in first-seen order; a later duplicate overwrites the value. */
export function entriesToRecord(entries: readonly KeyValueEntry[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { name, value } of entries) {
    Object.defineProperty(record, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return record;
}

/** GITHUB_PATH: one directory per line, empty lines skipped. */
export function parsePathFile(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

export interface RunnerFiles {
  env: string;
  output: string;
  state: string;
  summary: string;
  path: string;
}

/** Environment variable → file, as the runner exports them. */
export function runnerFilesEnv(files: RunnerFiles): Record<string, string> {
  return {
    GITHUB_ENV: files.env,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_PATH: files.path,
  };
}

/**
 * Creates a fresh, empty set of file-command files for one step, named like the runner's
 * (`<RUNNER_TEMP>/_runner_file_commands/set_env_<uuid>` ...).
 */
export async function createRunnerFiles(runnerTemp: string): Promise<RunnerFiles> {
  const dir = join(runnerTemp, '_runner_file_commands');
  await mkdir(dir, { recursive: true });
  const suffix = randomUUID();
  const files: RunnerFiles = {
    env: join(dir, `set_env_${suffix}`),
    output: join(dir, `set_output_${suffix}`),
    state: join(dir, `save_state_${suffix}`),
    summary: join(dir, `step_summary_${suffix}`),
    path: join(dir, `add_path_${suffix}`),
  };
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  return files;
}

export interface RunnerFileContents {
  env: string;
  output: string;
  state: string;
  summary: string;
  path: string;
}

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return ''; // the action deleted it; the runner just finds nothing
  }
}

export async function readRunnerFiles(files: RunnerFiles): Promise<RunnerFileContents> {
  const [env, output, state, summary, path] = await Promise.all([
    readOrEmpty(files.env),
    readOrEmpty(files.output),
    readOrEmpty(files.state),
    readOrEmpty(files.summary),
    readOrEmpty(files.path),
  ]);
  return { env, output, state, summary, path };
}
