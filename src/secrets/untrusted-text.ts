import { withholdSecrets } from './known-secrets.js';
import { neutralise } from './neutralise.js';

/**
 * Text from an untrusted answer (an error code or message from a service or a proxy), made fit
 * for a one-line message: every secret this process knows is withheld first, on the raw text
 * (known-secrets.ts), then values that look like tokens are withheld, the text is shortened only
 * between words, and the result is neutralised (neutralise.ts).
 *
 * Why this keeps secrets whole or absent: a secret has no whitespace, so it sits inside one word.
 * A word that looks like a token is replaced whole; any other word is kept whole or dropped
 * whole when the text is shortened, never cut. So no prefix of a secret can remain, and a secret
 * that does remain whole is masked by the runner (or redacted by the CLI) like any other
 * occurrence. Known secrets are withheld before any of this: a secret that holds `::`, a control
 * character or whitespace would no longer match itself once rewritten, and token-like withholding
 * could leave the part of it before a `::` in view.
 */
export function untrustedText(text: string, maxLength: number): string {
  return neutralise(shortenBetweenWords(withholdTokens(withholdSecrets(String(text))), maxLength));
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
