/**
 * The input and output tables of the README (and of docs/across-accounts.md for the list-accounts
 * sub-action) are written from action.yml, as actions/checkout does: `npm run docs` rewrites what
 * sits between `<!-- inputs -->` and `<!-- /inputs -->` (and the `outputs` pair);
 * `npx tsx scripts/action-tables.ts --check` exits 1 when a page differs from its action.yml.
 * __tests__/docs/action-tables.test.ts runs the check in `npm test`.
 *
 * A row holds the first sentence of the description: action.yml keeps the rest, the pages the why.
 *
 * `npm run docs` also writes every pipe table of the README and docs/ unpadded (Biome's Markdown
 * formatter, turned off in biome.json, padded each cell to the widest in its column: a table with
 * one long row then cost a kilobyte per row).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

export interface TablePage {
  /** The Markdown file, relative to the repository root. */
  readonly page: string;
  /** Its action.yml, relative to the repository root. */
  readonly actionYml: string;
  /**
   * An action.yml whose pages already describe the entries this one declares word for word: those
   * are named in one line under the table instead of repeated in rows.
   */
  readonly sharedWith?: string;
}

export const TABLE_PAGES: readonly TablePage[] = [
  { page: 'README.md', actionYml: 'action.yml' },
  {
    page: 'docs/across-accounts.md',
    actionYml: 'list-accounts/action.yml',
    sharedWith: 'action.yml',
  },
];

interface Entry {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
}

function entries(section: unknown): Entry[] {
  if (typeof section !== 'object' || section === null) return [];
  return Object.entries(section as Record<string, Record<string, unknown>>).map(([name, spec]) => {
    const description = String(spec?.description ?? '').trim();
    const fallback = spec?.default;
    return fallback === undefined
      ? { name, description }
      : { name, description, default: String(fallback) };
  });
}

/** The first sentence: up to a full stop followed by a capital letter, "e.g." and "i.e." not counting. */
export function firstSentence(text: string): string {
  const end = /(?<!\be\.g|\bi\.e)[.!?](?=\s+[A-Z])/.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
}

/** A table cell: no pipe splits it, no `<` opens a tag, no line break ends it. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** A pipe table left unpadded: padding to the widest description would double the page. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

type Sections = Record<'inputs' | 'outputs', Entry[]>;

function sections(actionYmlText: string): Sections {
  const action = parse(actionYmlText, { schema: 'failsafe' }) as Record<string, unknown>;
  return { inputs: entries(action.inputs), outputs: entries(action.outputs) };
}

/** The entries the shared action declares with the same description and default. */
function isShared(entry: Entry, shared: readonly Entry[]): boolean {
  return shared.some(
    (other) =>
      other.name === entry.name &&
      other.description === entry.description &&
      other.default === entry.default,
  );
}

function sharedLine(kind: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const list = names.map((name) => `\`${name}\``).join(', ');
  return `\n\nThe ${kind} it shares with the action, word for word: ${list}.`;
}

/**
 * The two tables of one action.yml, keyed by marker name. With `sharedYmlText`, entries declared
 * there word for word are named under the table rather than given rows.
 */
export function renderTables(
  actionYmlText: string,
  sharedYmlText?: string,
): Record<'inputs' | 'outputs', string> {
  const own = sections(actionYmlText);
  const shared: Sections = sharedYmlText ? sections(sharedYmlText) : { inputs: [], outputs: [] };
  const split = (kind: 'inputs' | 'outputs') => ({
    rows: own[kind].filter((entry) => !isShared(entry, shared[kind])),
    names: own[kind].filter((entry) => isShared(entry, shared[kind])).map((entry) => entry.name),
  });
  const inputs = split('inputs');
  const outputs = split('outputs');
  const inputRows = inputs.rows.map((input) => [
    `\`${input.name}\``,
    input.default === undefined || input.default === '' ? '' : `\`${input.default}\``,
    cell(firstSentence(input.description)),
  ]);
  const outputRows = outputs.rows.map((output) => [
    `\`${output.name}\``,
    cell(firstSentence(output.description)),
  ]);
  return {
    inputs: table(['input', 'default', 'meaning'], inputRows) + sharedLine('inputs', inputs.names),
    outputs: table(['output', 'value'], outputRows) + sharedLine('outputs', outputs.names),
  };
}

/** The page with what sits between each marker pair replaced; throws when a pair is missing. */
export function withTables(page: string, tables: Record<string, string>): string {
  let text = page;
  for (const [name, body] of Object.entries(tables)) {
    const pair = new RegExp(`(<!-- ${name} -->\\n)[\\s\\S]*?(<!-- /${name} -->)`);
    if (!pair.test(text)) throw new Error(`no <!-- ${name} --> ... <!-- /${name} --> markers`);
    text = text.replace(pair, (_whole, open: string, close: string) => `${open}${body}\n${close}`);
  }
  return text;
}

/** Each page as it is and as action.yml says it should be. */
export function expectedPages(root: string): { page: string; actual: string; expected: string }[] {
  const read = (file: string) => readFileSync(join(root, file), 'utf8');
  return TABLE_PAGES.map(({ page, actionYml, sharedWith }) => {
    const actual = read(page);
    const tables = renderTables(
      read(actionYml),
      sharedWith === undefined ? undefined : read(sharedWith),
    );
    return { page, actual, expected: withTables(actual, tables) };
  });
}

/** One table row with each cell trimmed; a rule row's cells become `---` (alignment colons kept). */
function compactRow(line: string): string {
  const indent = line.slice(0, line.length - line.trimStart().length);
  const cells = line
    .trim()
    .replace(/^\||(?<!\\)\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
  const rule = cells.every((cell) => /^:?-+:?$/.test(cell));
  const written = rule
    ? cells.map((cell) => `${cell.startsWith(':') ? ':' : ''}---${cell.endsWith(':') ? ':' : ''}`)
    : cells;
  return `${indent}| ${written.join(' | ')} |`;
}

/** Every pipe table outside fenced code blocks, unpadded. */
export function compactTables(text: string): string {
  let fence: string | null = null;
  return text
    .split('\n')
    .map((line) => {
      const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker && (fence === null || marker.startsWith(fence))) {
        fence = fence === null ? marker : null;
        return line;
      }
      return fence === null && /^\s*\|/.test(line) ? compactRow(line) : line;
    })
    .join('\n');
}

/** The README and every page of docs/. */
function markdownPages(root: string): string[] {
  const docs = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md'));
  return ['README.md', ...docs.map((name) => `docs/${name}`)];
}

function main(): void {
  const check = process.argv.includes('--check');
  const root = resolve('.');
  for (const { page, actual, expected } of expectedPages(root)) {
    if (actual === expected) continue;
    if (check) {
      process.stderr.write(`${page}: its tables differ from action.yml; run npm run docs\n`);
      process.exitCode = 1;
    } else {
      writeFileSync(join(root, page), expected);
      process.stdout.write(`${page}: tables rewritten from action.yml\n`);
    }
  }
  if (check) return;
  for (const page of markdownPages(root)) {
    const text = readFileSync(join(root, page), 'utf8');
    const compact = compactTables(text);
    if (compact === text) continue;
    writeFileSync(join(root, page), compact);
    process.stdout.write(`${page}: tables unpadded\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
