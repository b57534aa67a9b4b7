import { randomUUID } from 'node:crypto';
import { appendFileSync, constants, existsSync } from 'node:fs';
import { access, appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';

/**
 * The part of @actions/core both actions use, with the same names and the same output byte for
 * byte: inputs, masks, log lines and annotations, file commands (env, output, state) and the
 * step summary. Written here because importing @actions/core loads an HTTP client (undici, for
 * OIDC ID tokens neither action requests) and @actions/exec: about 1 MB of JavaScript for every
 * step to parse (docs/performance.md). The post step uses it too, so there is one
 * implementation of the runner protocol; __tests__/unit/actions-core.test.ts holds it to
 * @actions/core's output.
 */

export interface InputOptions {
  readonly required?: boolean;
  readonly trimWhitespace?: boolean;
}

/** `INPUT_<NAME>` (spaces as `_`, upper case), trimmed unless told otherwise; '' when absent. */
export function getInput(name: string, options: InputOptions = {}): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  if (options.required && !value) throw new Error(`Input required and not supplied: ${name}`);
  return options.trimWhitespace === false ? value : value.trim();
}

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

/** YAML 1.2 core-schema booleans; anything else throws a TypeError naming the input. */
export function getBooleanInput(name: string, options: InputOptions = {}): boolean {
  const value = getInput(name, options);
  if (TRUE_VALUES.includes(value)) return true;
  if (FALSE_VALUES.includes(value)) return false;
  throw new TypeError(
    `Input does not meet YAML 1.2 "Core Schema" specification: ${name}\nSupport boolean input list: \`true | True | TRUE | false | False | FALSE\``,
  );
}

/** What the main step saved for the post step with saveState; '' when nothing was. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] || '';
}

// --- Commands on stdout --------------------------------------------------------------------

/** A command message: `%`, CR and LF escaped, so that a value can never end the line early. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: escaped as data, and `:` and `,`, which separate properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::command key=value,...::message`; properties without a value are left out. */
export function formatCommand(
  command: string,
  properties: Readonly<Record<string, string | undefined>>,
  message: string,
): string {
  const pairs = Object.entries(properties).flatMap(([key, value]) =>
    value ? [`${key}=${escapeProperty(value)}`] : [],
  );
  return `::${command}${pairs.length > 0 ? ` ${pairs.join(',')}` : ''}::${escapeData(message)}`;
}

function issueCommand(
  command: string,
  properties: Readonly<Record<string, string | undefined>>,
  message: string,
): void {
  process.stdout.write(formatCommand(command, properties, message) + EOL);
}

/** Masks a value in the log from here on. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

/** A plain log line. */
export function info(message: string): void {
  process.stdout.write(message + EOL);
}

/** Shown only with step debug logging (RUNNER_DEBUG=1). */
export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

/** A notice annotation. */
export function notice(message: string): void {
  issueCommand('notice', {}, message);
}

/** A warning annotation. */
export function warning(message: string): void {
  issueCommand('warning', {}, message);
}

/** An error annotation. */
export function error(message: string): void {
  issueCommand('error', {}, message);
}

/** Marks the step failed (exit status 1 once the event loop ends) and says why. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

// --- File commands -------------------------------------------------------------------------

/**
 * `name<<delimiter` heredoc with a random delimiter, which neither name nor value may contain:
 * a value cannot close the entry early and smuggle in another one.
 */
export function keyValueMessage(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (value.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`;
}

/**
 * Appends `name=value` to the runner's file for `GITHUB_<command>`; without that variable
 * (runners before 2.297), falls back to the old stdout command, as @actions/core does.
 */
function setByFileCommand(command: string, legacy: string, name: string, value: string): void {
  const file = process.env[`GITHUB_${command}`] || '';
  if (!file) {
    issueCommand(legacy, { name }, value);
    return;
  }
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${keyValueMessage(name, value)}${EOL}`, { encoding: 'utf8' });
}

/** An environment variable for this step (at once) and the job's later steps. */
export function exportVariable(name: string, value: string): void {
  process.env[name] = value;
  setByFileCommand('ENV', 'set-env', name, value);
}

/** A step output. */
export function setOutput(name: string, value: string): void {
  // @actions/core starts a new line before the legacy command, in case the log line is unfinished.
  if (!process.env.GITHUB_OUTPUT) process.stdout.write(EOL);
  setByFileCommand('OUTPUT', 'set-output', name, value);
}

/** A value for this action's post step, which reads it back with getState. */
export function saveState(name: string, value: string): void {
  setByFileCommand('STATE', 'save-state', name, value);
}

// --- Step summary --------------------------------------------------------------------------

/** A table cell: text, or a header cell. Text is inserted as is: callers escape HTML. */
export type SummaryCell = string | { readonly data: string; readonly header?: boolean };

function wrap(tag: string, content: string): string {
  // As @actions/core: an empty element is written as its opening tag alone.
  return content ? `<${tag}>${content}</${tag}>` : `<${tag}>`;
}

function tableCell(cell: SummaryCell): string {
  if (typeof cell === 'string') return wrap('td', cell);
  return wrap(cell.header ? 'th' : 'td', cell.data);
}

/** Builds the step summary's HTML and appends it to `GITHUB_STEP_SUMMARY`, as core.summary does. */
export class Summary {
  private buffer = '';

  addHeading(text: string, level = 1): this {
    const tag = level >= 1 && level <= 6 ? `h${level}` : 'h1';
    return this.addRaw(wrap(tag, text) + EOL);
  }

  addTable(rows: readonly (readonly SummaryCell[])[]): this {
    const body = rows.map((row) => wrap('tr', row.map(tableCell).join(''))).join('');
    return this.addRaw(wrap('table', body) + EOL);
  }

  addRaw(text: string): this {
    this.buffer += text;
    return this;
  }

  /** Appends what was added and empties the buffer; rejects when the runner gave no usable file. */
  async write(): Promise<this> {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file) {
      throw new Error(
        'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
      );
    }
    try {
      await access(file, constants.R_OK | constants.W_OK);
    } catch {
      throw new Error(
        `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`,
      );
    }
    await appendFile(file, this.buffer, { encoding: 'utf8' });
    this.buffer = '';
    return this;
  }
}

/** The step summary, like @actions/core's `summary` (one buffer per process). */
export const summary = new Summary();
