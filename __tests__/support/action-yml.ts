/**
 * Reading action.yml the way the runner needs it: declared inputs (with defaults) and the
 * `runs` entry points. Scalars are read as strings (YAML failsafe schema), as the runner does:
 * `default: true` is the string "true".
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './node24.js';

export interface ActionInput {
  name: string;
  description: string;
  required: boolean;
  /** Declared default, if any (`${{ }}` expressions are NOT evaluated). */
  default?: string;
}

export interface ActionDefinition {
  /** Absolute path of the action.yml. */
  file: string;
  /** Directory of the action (GITHUB_ACTION_PATH). */
  dir: string;
  name: string;
  using: string;
  /** Absolute path of runs.main. */
  main: string;
  /** Absolute path of runs.post, when declared. */
  post?: string;
  /** Absolute path of runs.pre, when declared. */
  pre?: string;
  inputs: ActionInput[];
  outputs: string[];
}

/** The repository's own action.yml. */
export const defaultActionYml: string = resolve(repoRoot, 'action.yml');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Parses action.yml text. `file` locates the entry points. */
export function parseActionYml(text: string, file: string): ActionDefinition {
  const doc: unknown = parse(text, { schema: 'failsafe' });
  if (!isRecord(doc)) throw new Error(`${file}: not a YAML mapping`);
  const runs = doc.runs;
  if (!isRecord(runs)) throw new Error(`${file}: missing "runs"`);
  const using = str(runs.using);
  const main = str(runs.main);
  if (!using || !main) throw new Error(`${file}: runs.using and runs.main are required`);
  const dir = dirname(file);

  const inputs: ActionInput[] = [];
  if (doc.inputs !== undefined && doc.inputs !== '') {
    if (!isRecord(doc.inputs)) throw new Error(`${file}: "inputs" must be a mapping`);
    for (const [name, spec] of Object.entries(doc.inputs)) {
      const s = isRecord(spec) ? spec : {};
      const input: ActionInput = {
        name,
        description: str(s.description) ?? '',
        required: str(s.required)?.toLowerCase() === 'true',
      };
      const def = str(s.default);
      if (def !== undefined) input.default = def;
      inputs.push(input);
    }
  }
  const outputs = isRecord(doc.outputs) ? Object.keys(doc.outputs) : [];

  const definition: ActionDefinition = {
    file,
    dir,
    name: str(doc.name) ?? '',
    using,
    main: resolve(dir, main),
    inputs,
    outputs,
  };
  const post = str(runs.post);
  if (post) definition.post = resolve(dir, post);
  const pre = str(runs.pre);
  if (pre) definition.pre = resolve(dir, pre);
  return definition;
}

/** Reads and parses an action.yml (default: the repository's). */
export async function loadActionYml(file: string = defaultActionYml): Promise<ActionDefinition> {
  const path = resolve(repoRoot, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read action metadata ${path}: ${(err as Error).message}`);
  }
  return parseActionYml(text, path);
}

/** `INPUT_<NAME>`: upper-cased, spaces become `_`, hyphens kept (`INPUT_ACCOUNT-ID`). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export interface InputsEnvOptions {
  /** Pass inputs action.yml does not declare (the runner warns but passes them). Default: throw. */
  allowUnknownInputs?: boolean;
}

/**
 * The INPUT_ variables the runner sets: every declared input gets the given value, else its
 * default, else ''. Undeclared inputs are an error unless `allowUnknownInputs` (a typo in a test
 * would otherwise silently test the default).
 */
export function inputsEnv(
  action: ActionDefinition,
  given: Record<string, string> = {},
  options: InputsEnvOptions = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  const declared = new Set(action.inputs.map((i) => i.name));
  const unknown = Object.keys(given).filter((name) => !declared.has(name));
  if (unknown.length > 0 && !options.allowUnknownInputs) {
    throw new Error(
      `Unexpected input(s) ${unknown.map((n) => `'${n}'`).join(', ')}; ` +
        `valid inputs are [${[...declared].map((n) => `'${n}'`).join(', ')}] (${action.file})`,
    );
  }
  for (const input of action.inputs) {
    env[inputEnvName(input.name)] = Object.hasOwn(given, input.name)
      ? String(given[input.name])
      : (input.default ?? '');
  }
  for (const name of unknown) env[inputEnvName(name)] = String(given[name]);
  return env;
}
