/**
 * Workflow commands (`::name key=value,key=value::message`) as the GitHub runner reads them
 * from an action's stdout and stderr, plus the escaping @actions/core applies when writing them.
 *
 * Parsing follows actions/runner (ActionCommand.TryParseV2 / TryParse and ActionCommandManager):
 * - the line is trimmed at the start and must begin with `::`; the command info ends at the next `::`;
 * - the command name must be one the runner knows (case-insensitive), otherwise the line is plain text;
 * - properties are split on `,` then on the first `=`; entries with an empty key or value are dropped;
 * - data is unescaped `%0D`→CR, `%0A`→LF, `%25`→`%`; properties also `%3A`→`:` and `%2C`→`,`;
 * - the legacy `##[name key=value;key=value]message` form is understood too;
 * - `::stop-commands::TOKEN` turns command processing off until a `::TOKEN::` line.
 */

export type OutputStream = 'stdout' | 'stderr';

export interface WorkflowCommand {
  /** Command name, lower-cased (`add-mask`, `warning`, ...). */
  command: string;
  /** Unescaped properties, e.g. `{ title: 'a:b', file: 'x.ts' }`. */
  properties: Record<string, string>;
  /** Unescaped message (the data after the second `::`). */
  message: string;
  /** 0-based index of the line in `splitLines(stdout)` (or of stderr, see `stream`). */
  line: number;
  /** Which stream the command was written to (the runner processes commands on both). */
  stream: OutputStream;
  /** True for the old `##[name ...]message` syntax. */
  legacy?: boolean;
}

/** Commands the runner registers; other `::x::` lines are printed as text. */
export const RUNNER_COMMANDS: ReadonlySet<string> = new Set([
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
]);

// ---------------------------------------------------------------------------------------------
// Escaping (what @actions/core does when it writes a command)
// ---------------------------------------------------------------------------------------------

/** Escapes a command message like @actions/core: `%`, CR, LF. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value like @actions/core: as data, plus `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// The runner unescapes with successive whole-string replacements, `%25` last.
const DATA_UNESCAPES: ReadonlyArray<readonly [string, string]> = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];
const PROPERTY_UNESCAPES: ReadonlyArray<readonly [string, string]> = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];
const LEGACY_UNESCAPES: ReadonlyArray<readonly [string, string]> = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%'],
];

function unescapeWith(value: string, table: ReadonlyArray<readonly [string, string]>): string {
  let out = value;
  for (const [from, to] of table) out = out.split(from).join(to);
  return out;
}

export function unescapeData(value: string): string {
  return unescapeWith(value, DATA_UNESCAPES);
}

export function unescapeProperty(value: string): string {
  return unescapeWith(value, PROPERTY_UNESCAPES);
}

/**
 * Formats a command exactly like @actions/core's issueCommand (without the trailing newline):
 * properties with empty values are left out.
 */
export function formatCommand(
  command: string,
  properties: Record<string, string | undefined> = {},
  message = '',
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .map(([key, value]) => `${key}=${escapeProperty(value)}`);
  return `::${command}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/** Splits captured output into lines (LF or CRLF); a final newline does not start a new line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function setProperty(props: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(props, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function parseV2(
  text: string,
  registered: ReadonlySet<string>,
): Omit<WorkflowCommand, 'line' | 'stream'> | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('::')) return undefined;
  const end = trimmed.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = trimmed.slice(2, end);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (!registered.has(name)) return undefined;

  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const part of info
      .slice(space + 1)
      .trim()
      .split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0 || eq === part.length - 1) continue;
      setProperty(properties, part.slice(0, eq), unescapeProperty(part.slice(eq + 1)));
    }
  }
  return { command: name, properties, message: unescapeData(trimmed.slice(end + 2)) };
}

function parseLegacy(
  text: string,
  registered: ReadonlySet<string>,
): Omit<WorkflowCommand, 'line' | 'stream'> | undefined {
  const start = text.indexOf('##[');
  if (start < 0) return undefined;
  const close = text.indexOf(']', start);
  if (close < 0) return undefined;
  const info = text.slice(start + 3, close);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (!registered.has(name)) return undefined;

  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const part of info.slice(space + 1).split(';')) {
      const eq = part.indexOf('=');
      if (eq <= 0 || eq === part.length - 1) continue;
      setProperty(
        properties,
        part.slice(0, eq),
        unescapeWith(part.slice(eq + 1), LEGACY_UNESCAPES),
      );
    }
  }
  return {
    command: name,
    properties,
    message: unescapeWith(text.slice(close + 1), LEGACY_UNESCAPES),
    legacy: true,
  };
}

/**
 * Parses one output line as the runner would; `undefined` when it is plain text.
 * `registered` defaults to the runner's command set.
 */
export function parseCommandLine(
  text: string,
  line = 0,
  stream: OutputStream = 'stdout',
  registered: ReadonlySet<string> = RUNNER_COMMANDS,
): WorkflowCommand | undefined {
  const parsed = parseV2(text, registered) ?? parseLegacy(text, registered);
  return parsed ? { ...parsed, line, stream } : undefined;
}

/**
 * Every workflow command in a captured stream, in order, honouring `stop-commands`.
 * The `stop-commands` line itself is listed; the resume line (`::TOKEN::`) is not.
 */
export function parseWorkflowCommands(
  output: string,
  stream: OutputStream = 'stdout',
): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  splitLines(output).forEach((text, index) => {
    if (stopToken !== undefined) {
      if (stopToken === '') return;
      const resume = parseCommandLine(text, index, stream, new Set([stopToken.toLowerCase()]));
      if (resume) stopToken = undefined;
      return;
    }
    const command = parseCommandLine(text, index, stream);
    if (!command) return;
    commands.push(command);
    if (command.command === 'stop-commands') stopToken = command.message;
  });
  return commands;
}

// ---------------------------------------------------------------------------------------------
// What the workflow author sees in the log
// ---------------------------------------------------------------------------------------------

export interface RenderLogOptions {
  /** Show `::debug::` lines (RUNNER_DEBUG / step debug logging on). */
  debug?: boolean;
}

/** The JSON-string-escaped and URL-encoded forms of a value that differ from it. */
export function encodedForms(value: string): { form: 'json' | 'url'; text: string }[] {
  const forms: { form: 'json' | 'url'; text: string }[] = [];
  const json = JSON.stringify(value).slice(1, -1);
  if (json !== value) forms.push({ form: 'json', text: json });
  const url = encodeURIComponent(value);
  if (url !== value) forms.push({ form: 'url', text: url });
  const formUrl = new URLSearchParams({ v: value }).toString().slice(2);
  if (formUrl !== value && formUrl !== url) forms.push({ form: 'url', text: formUrl });
  return forms;
}

function maskVariants(value: string): string[] {
  const variants = new Set<string>([value]);
  for (const part of value.split(/\r?\n/)) if (part.trim() !== '') variants.add(part);
  for (const { text } of encodedForms(value)) variants.add(text);
  return [...variants];
}

/** Replaces every occurrence of the given values with `***` (longest first, like a masker). */
export function maskText(text: string, values: Iterable<string>): string {
  const sorted = [...new Set(values)].filter((v) => v !== '').sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of sorted) out = out.split(value).join('***');
  return out;
}

/**
 * Renders a captured stdout roughly as the job log shows it: commands are consumed
 * (`add-mask`, `set-output`, ... produce no line), annotations appear as
 * `Error: msg` / `Warning: msg` / `Notice: msg`, groups as `##[group]` / `##[endgroup]`,
 * debug lines only with `debug`, and every value registered with add-mask so far is shown
 * as `***` (also its JSON/URL-encoded forms and, for multi-line secrets, each line).
 * Values masked later are NOT masked in earlier lines — exactly the exposure to look for.
 */
export function renderLog(output: string, options: RenderLogOptions = {}): string[] {
  const commands = new Map(parseWorkflowCommands(output).map((c) => [c.line, c]));
  const masks: string[] = [];
  const rendered: string[] = [];
  splitLines(output).forEach((text, index) => {
    const command = commands.get(index);
    let shown: string | undefined = text;
    if (command) {
      switch (command.command) {
        case 'add-mask':
          if (command.message.trim() !== '') masks.push(...maskVariants(command.message));
          shown = undefined;
          break;
        case 'debug':
          shown = options.debug ? `##[debug]${command.message}` : undefined;
          break;
        case 'error':
          shown = `Error: ${command.message}`;
          break;
        case 'warning':
          shown = `Warning: ${command.message}`;
          break;
        case 'notice':
          shown = `Notice: ${command.message}`;
          break;
        case 'group':
          shown = `##[group]${command.message}`;
          break;
        case 'endgroup':
          shown = '##[endgroup]';
          break;
        case 'stop-commands':
          shown = text;
          break;
        default:
          shown = undefined;
      }
    }
    if (shown !== undefined) {
      for (const part of shown.split('\n')) rendered.push(maskText(part, masks));
    }
  });
  return rendered;
}
