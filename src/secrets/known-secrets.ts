import { removeInvisible } from './neutralise.js';

/**
 * Every secret this process has been told of (through a SecretSink: the action's masking, the
 * CLI's registry), so that any text can be cleared of them before it is shown.
 *
 * What is withheld is what a reader would see. The text first loses its escape sequences,
 * controls and invisible characters (neutralise.ts `removeInvisible`): a token echoed with a
 * zero-width space between its characters reads as the token. Then every stretch of 8 or more
 * characters that is a piece of a known secret (as given, JSON-escaped or URL-encoded) is
 * replaced by `***`, also where whitespace splits it: a secret spaced out, split across lines
 * or cut into pieces shows none of its pieces of 8 or more. Nothing shorter than a piece is a
 * secret here (`isPlausibleSecret`): masking a one-character "s" would blank every "s" of the log.
 *
 * Cost: remembering a secret adds its pieces (one per character) to a Set, constant time each, so
 * tens of thousands of masks (one per account id) take linear time; withholding looks up each
 * 8-character window of the text once, whatever the number of secrets.
 */

/** The shortest piece of a secret that is withheld, and the shortest value that is a secret. */
export const SECRET_PIECE_LENGTH = 8;

/**
 * The registry, one per process, kept on globalThis: the STS client is a bundle of its own
 * (dist/main/sts, see scripts/bundle.sh) with its own copy of this module, and its error texts
 * must withhold the credentials the main bundle masked.
 * - pieces: every SECRET_PIECE_LENGTH-character window of every form of every token-like secret,
 *   whitespace and invisible characters taken out;
 * - documents: values that hold secrets among plain text (see `isDocument`), withheld whole only.
 */
interface Registry {
  readonly pieces: Set<string>;
  readonly documents: Set<string>;
}
const REGISTRY = Symbol.for('aws-sso-credentials.known-secrets');
const shared = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
shared[REGISTRY] ??= { pieces: new Set<string>(), documents: new Set<string>() };
const { pieces, documents }: Registry = shared[REGISTRY];

/**
 * A JSON document (the sso-session input, a session written back) or a URL (a proxy's, with its
 * credentials) holds secrets among text that is not secret: key names, a region, a host. Its
 * pieces would withhold that text wherever it appears ("us-east-1", the proxy's address), so it
 * is withheld whole only; the secrets inside it are remembered on their own (masking.ts).
 */
function isDocument(secret: string): boolean {
  return /[\s"{}]|:\/\//.test(secret);
}

/** The runner's replacement for a masked value; the CLI uses the same. */
export const WITHHELD_SECRET = '***';

/**
 * Whether a value is long enough to be a secret: at least 8 characters once whitespace and
 * invisible characters are taken out. Shorter values are never masked nor withheld.
 */
export function isPlausibleSecret(value: string): boolean {
  return compact(removeInvisible(value)).length >= SECRET_PIECE_LENGTH;
}

/** Remembers a secret; a value that is no plausible secret is skipped. */
export function rememberSecret(secret: string): void {
  if (!isPlausibleSecret(secret)) return;
  if (isDocument(secret)) {
    documents.add(removeInvisible(secret));
    return;
  }
  for (const form of encodedForms(secret)) {
    const text = compact(removeInvisible(form));
    for (let at = 0; at + SECRET_PIECE_LENGTH <= text.length; at++) {
      pieces.add(text.slice(at, at + SECRET_PIECE_LENGTH));
    }
  }
}

/**
 * The text as a reader sees it (no controls or invisible characters; line breaks kept), with
 * every stretch that holds a known document or pieces of known secrets replaced by `***`.
 */
export function withholdSecrets(text: string): string {
  const visible = removeInvisible(String(text));
  if (pieces.size + documents.size === 0 || visible.length < SECRET_PIECE_LENGTH) return visible;
  let result = '';
  let from = 0;
  for (const [start, end] of merged([...documentStretches(visible), ...pieceStretches(visible)])) {
    result += visible.slice(from, start) + WITHHELD_SECRET;
    from = end;
  }
  return result + visible.slice(from);
}

/** Where each known document occurs in the text. */
function documentStretches(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (const document of documents) {
    for (let at = text.indexOf(document); at >= 0; at = text.indexOf(document, at + 1)) {
      found.push([at, at + document.length]);
    }
  }
  return found;
}

/** Where pieces of known secrets stand in the text, whitespace between their characters included. */
function pieceStretches(text: string): Array<[number, number]> {
  if (pieces.size === 0) return [];
  const { chars, at } = compactWithPositions(text);
  return coveredStretches(chars).map(([start, end]): [number, number] => [
    at[start] ?? 0,
    (at[end - 1] ?? 0) + 1,
  ]);
}

/** The stretches in order, those that overlap or touch made one. */
function merged(stretches: Array<[number, number]>): Array<[number, number]> {
  stretches.sort((a, b) => a[0] - b[0]);
  const result: Array<[number, number]> = [];
  for (const [start, end] of stretches) {
    const last = result.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else result.push([start, end]);
  }
  return result;
}

/** Stretches (in compacted positions) covered by known pieces, merged where they touch. */
function coveredStretches(chars: string): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (let at = 0; at + SECRET_PIECE_LENGTH <= chars.length; at++) {
    if (!pieces.has(chars.slice(at, at + SECRET_PIECE_LENGTH))) continue;
    const end = at + SECRET_PIECE_LENGTH;
    const last = merged.at(-1);
    if (last && at <= last[1]) last[1] = end;
    else merged.push([at, end]);
  }
  return merged;
}

/** The text without whitespace, and where each of its characters stands in the text. */
function compactWithPositions(text: string): { chars: string; at: Int32Array } {
  const kept: string[] = [];
  const at = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    if (isWhitespace(text.charCodeAt(i))) continue;
    at[kept.length] = i;
    kept.push(text.charAt(i));
  }
  return { chars: kept.join(''), at };
}

/** JavaScript's `\s` and NEL: every character .NET's TrimStart and a reader take for blank. */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function compact(text: string): string {
  return text.replace(/[\s\u0085]+/g, '');
}

/** The secret as given, and as a JSON string and a URL would carry it, where those differ. */
function encodedForms(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1)];
  try {
    forms.push(encodeURIComponent(secret));
  } catch {
    // a lone surrogate has no URL form; it has the other two
  }
  return [...new Set(forms)];
}
