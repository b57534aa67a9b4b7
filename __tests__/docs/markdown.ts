/**
 * Just enough Markdown reading to check the README and docs/: fenced code blocks, headings (as
 * GitHub turns them into anchors), links and inline code spans outside code blocks, and pipe
 * tables.
 */

export interface CodeBlock {
  /** The info string's first word: `yaml`, `sh`, '' when none. */
  readonly lang: string;
  readonly text: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

export interface ProseLine {
  readonly text: string;
  readonly line: number;
}

export interface MarkdownDocument {
  readonly blocks: readonly CodeBlock[];
  /** Every line outside a fenced block. */
  readonly prose: readonly ProseLine[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;

/** Splits a document into fenced blocks and the lines outside them. */
export function readMarkdown(source: string): MarkdownDocument {
  const blocks: CodeBlock[] = [];
  const prose: ProseLine[] = [];
  let open: { fence: string; indent: number; lang: string; line: number; body: string[] } | null =
    null;
  for (const [index, text] of source.split('\n').entries()) {
    const line = index + 1;
    const fence = FENCE.exec(text);
    if (open === null) {
      if (fence) {
        const [, indent = '', marker = '', lang = ''] = fence;
        open = { fence: marker, indent: indent.length, lang, line, body: [] };
      } else {
        prose.push({ text, line });
      }
      continue;
    }
    if (fence?.[2]?.startsWith(open.fence) && fence[3] === '') {
      blocks.push({ lang: open.lang, text: open.body.join('\n'), line: open.line });
      open = null;
      continue;
    }
    // A block inside a list item is indented; the indent is not part of its content.
    open.body.push(text.slice(Math.min(open.indent, text.length - text.trimStart().length)));
  }
  if (open !== null) throw new Error(`unclosed code block opened on line ${open.line}`);
  return { blocks, prose };
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
export function headingAnchors(doc: MarkdownDocument): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of doc.prose) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading?.[1]) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** The text of a prose line without its inline code spans (links inside them are not links). */
function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)[^`]*?\1/g, '');
}

export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Every `[text](target)` and `![alt](target)` outside code. */
export function links(doc: MarkdownDocument): Link[] {
  return doc.prose.flatMap(({ text, line }) =>
    [...withoutCodeSpans(text).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
      (match) => ({ target: match[1] ?? '', line }),
    ),
  );
}

/** Every inline code span outside fenced blocks, with its line. */
export function codeSpans(doc: MarkdownDocument): ProseLine[] {
  return doc.prose.flatMap(({ text, line }) =>
    [...text.matchAll(/(`+)([^`]+?)\1/g)].map((match) => ({ text: match[2] ?? '', line })),
  );
}

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly line: number;
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** Every pipe table outside code blocks: its header cells and body rows (the rule left out). */
export function tables(doc: MarkdownDocument): Table[] {
  const found: Table[] = [];
  let lines: ProseLine[] = [];
  const flush = (): void => {
    const [header, , ...body] = lines;
    if (header && lines.length >= 2) {
      found.push({
        header: cells(header.text),
        rows: body.map((row) => cells(row.text)),
        line: header.line,
      });
    }
    lines = [];
  };
  for (const line of doc.prose) {
    if (line.text.startsWith('|')) lines.push(line);
    else flush();
  }
  flush();
  return found;
}

/** The one table whose first header cell is `first` (e.g. "input"). */
export function tableNamed(doc: MarkdownDocument, first: string): Table {
  const matching = tables(doc).filter((table) => table.header[0] === first);
  if (matching.length !== 1) {
    throw new Error(`expected one table headed "${first}", found ${matching.length}`);
  }
  return matching[0] as Table;
}

/** The names in backticks at the start of a cell: "`client-id`, `client-secret`" → both. */
export function backticked(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
}
