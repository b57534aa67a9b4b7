/**
 * Every secret this process has been told of (through a SecretSink: the action's masking, the
 * CLI's registry), so that any text can be cleared of them before it is rewritten in any way.
 *
 * Why here and why first: an echoed text is shortened, has its token-like runs withheld and is
 * neutralised (`::` becomes `: :`, controls go) before it is shown. Once rewritten, a secret that
 * holds `::`, `##[`, a control character or whitespace no longer matches itself, and neither the
 * runner's mask nor a later redaction would find it. So untrusted-text.ts, log.ts and the CLI's
 * stderr withhold known secrets from the raw text before anything else touches it.
 *
 * Registering is O(1) (a Set; nothing is kept sorted), so that tens of thousands of masks (one
 * per account id) cost linear time. Withholding looks for every secret in the text and replaces
 * each stretch covered by one or more occurrences with `***`: whichever order the secrets are
 * tried in, overlapping or nested secrets are hidden whole.
 */

const secrets = new Set<string>();

/** The runner's replacement for a masked value; the CLI uses the same. */
export const WITHHELD_SECRET = '***';

/** Remembers a secret; blank values are skipped (withholding "" would hide nothing). */
export function rememberSecret(secret: string): void {
  if (secret.trim() !== '') secrets.add(secret);
}

/** The text with every stretch that is part of a known secret replaced by `***`. */
export function withholdSecrets(text: string): string {
  if (secrets.size === 0 || text === '') return text;
  const covered = coveredStretches(text);
  if (covered.length === 0) return text;
  let result = '';
  let from = 0;
  for (const [start, end] of covered) {
    result += text.slice(from, start) + WITHHELD_SECRET;
    from = end;
  }
  return result + text.slice(from);
}

/** Start and end of every occurrence of every secret, merged where they touch or overlap. */
function coveredStretches(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (const secret of secrets) {
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
      found.push([at, at + secret.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of found) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
