/**
 * Every string that did not come from the workflow author (a service or proxy answer, an account
 * or role name, a file on disk) is data. Before it reaches a log line, an annotation, the step
 * summary or a terminal it goes through `neutralise`, which guarantees:
 *
 * 1. no terminal control: ANSI escape sequences (CSI `ESC [`, OSC `ESC ]` up to BEL or ST, DCS,
 *    SOS, PM and APC strings, two-character `ESC x`) are removed, then every remaining C0
 *    control, DEL and C1 control (U+0080-U+009F), the bidirectional overrides (U+061C,
 *    U+200E/F, U+202A-U+202E, U+2066-U+2069) and the invisible characters (soft hyphen U+00AD,
 *    U+180E, zero-width space, joiners and non-joiner U+200B-U+200D, word joiner and invisible
 *    operators U+2060-U+2064, byte order mark U+FEFF, tag characters U+E0000-U+E007F) are
 *    removed: they let a text read as something it is not (a name that looks like another, a
 *    hidden instruction) or split a word so that it no longer matches itself;
 * 2. one line: CR, LF, NEL, VT, FF, TAB and the Unicode line and paragraph separators become one
 *    space per run (with the spaces around them);
 * 3. no workflow command: the runner (actions/runner ActionCommand.cs) takes a `::name::` command
 *    only at the start of a line after leading whitespace (TryParseV2), and the old `##[name]`
 *    form anywhere in a line (TryParse). So a `::` at the start of the text or of one of its
 *    lines (after blanks) becomes `: :`, and every `##[` becomes `# #[`; a `::` inside a line (an
 *    ARN's `arn:aws:iam::123456789012:role/x`) stays as it is: the result is one line, and no
 *    command can start inside it.
 *
 * The function is idempotent. Text of our own passes unchanged (no controls, no leading `::`, no
 * `##[`).
 */
export function neutralise(text: string): string {
  return removeInvisible(String(text))
    .replace(LINE_START_COMMAND, '$1: :')
    .replace(LINE_BREAKS, ' ')
    .replace(/#(?=#\[)/g, '# ');
}

/**
 * The text as a reader sees it: escape sequences, controls and invisible characters removed
 * (step 1 of `neutralise`), line breaks and tabs kept. Secrets are withheld from this form
 * (known-secrets.ts), so that a secret with a zero-width space between each of its characters
 * is still found.
 */
export function removeInvisible(text: string): string {
  return String(text).replace(ESCAPE_SEQUENCE, '').replace(INVISIBLE, '');
}

/**
 * The terminal form for the command-line tool: each line neutralised on its own, the line
 * breaks between them kept as `\n` (a CR alone could overwrite what a line shows).
 */
export function neutraliseLines(text: string): string {
  return String(text)
    .split(/\r\n|\r|\n/)
    .map(neutralise)
    .join('\n');
}

/**
 * JSON text as it may be printed or stored: the same guarantees as `neutralise`, but without
 * changing the data. Controls and separators that JSON.stringify leaves raw are written as
 * `\uXXXX`, `::` as `:\u003a` and `##[` as `#\u0023[`; a JSON parser reads back the very same
 * values. (Outside strings JSON has no `::` or `#`, so only string contents are touched.)
 */
export function neutraliseJson(json: string): string {
  return json
    .replace(JSON_RAW, jsonEscape)
    .replace(/::/g, ':\\u003a')
    .replace(/##\[/g, '#\\u0023[');
}

/** `\uXXXX` for each UTF-16 code unit (a tag character, U+E0000 on, is a surrogate pair). */
function jsonEscape(char: string): string {
  return char
    .split('')
    .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');
}

// Built from strings so that the source itself holds no raw control characters.
const ESC = '\\u001b';
const ESCAPE_SEQUENCE = new RegExp(
  [
    `${ESC}\\[[0-?]*[ -/]*[@-~]?`, // CSI: parameters, intermediates, final byte
    `${ESC}\\][^\\u0007\\u001b]*(?:\\u0007|${ESC}\\\\)?`, // OSC, ended by BEL or ST
    `${ESC}[PX^_][^\\u001b]*(?:${ESC}\\\\)?`, // DCS, SOS, PM, APC, ended by ST
    `\\u009b[0-?]*[ -/]*[@-~]?`, // the one-character CSI of C1
    `${ESC}[\\s\\S]?`, // any other escape: ESC and the character after it
  ].join('|'),
  'g',
);
const LINE_BREAKS = /[ ]*[\t\n\v\f\r\u0085\u2028\u2029]+[ ]*/g;
/**
 * `::` at the start of the text or of one of its lines, after blanks: what TryParseV2 takes for a
 * command. Broken before the lines are joined, so that it stays broken wherever the text goes.
 */
const LINE_START_COMMAND = /((?:^|[\n\v\f\r\u0085\u2028\u2029])\s*)::/g;
/** Controls other than the line breaks and tabs (which LINE_BREAKS folds), and invisibles. */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/gu;
const JSON_RAW =
  /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u2028\u2029\ufeff\u{e0000}-\u{e007f}]/gu;
