import { withholdSecrets } from './known-secrets.js';
import { neutralise } from './neutralise.js';

/**
 * Text from an untrusted answer (an error code or message from a service or a proxy), made fit
 * for a one-line message: controls and invisible characters go and every piece of 8 or more
 * characters of a secret this process knows is withheld, also where whitespace splits it
 * (known-secrets.ts); then values that look like tokens are withheld, the text is neutralised
 * (neutralise.ts) and shortened only between words.
 *
 * Why no piece of a secret of 8 characters or more can remain: a known secret's pieces are
 * withheld wherever they are; an unknown one has no whitespace, so it sits inside one word, and a
 * word that looks like a token is replaced whole, while any other word is kept whole or dropped
 * whole when the text is shortened, never cut.
 */
export function untrustedText(text: string, maxLength: number): string {
  // Neutralised before it is shortened: a `::` after a line break is broken while the line break
  // is still there to show where a line starts (shortening folds whitespace).
  return shortenBetweenWords(neutralise(withholdTokens(withholdSecrets(String(text)))), maxLength);
}

const WITHHELD = '[withheld]';

/**
 * Runs of 20 or more characters of the base64, base64url, hex and percent-encoding alphabets
 * that hold a digit or one of `+/=%~`, and any such run of 40 or more: what tokens, keys and
 * encoded credentials look like. Exception names (`ServiceUnavailableException`) have none of
 * those and stay readable; dotted host names are split at their dots and stay too.
 */
const TOKEN_RUN = /[A-Za-z0-9+/=_~%-]{20,}/g;

export function withholdTokens(text: string): string {
  return text.replace(TOKEN_RUN, (run) =>
    run.length >= 40 || /[0-9+=%~]/.test(run) ? WITHHELD : run,
  );
}

/**
 * At most `maxLength` characters (plus an ellipsis), cut only at whitespace: the word the limit
 * falls in is dropped, not cut. Whitespace runs are first collapsed to one space.
 */
export function shortenBetweenWords(text: string, maxLength: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= maxLength) return line;
  const cut = line.lastIndexOf(' ', maxLength);
  return `${cut > 0 ? line.slice(0, cut) : ''}…`;
}
