import { InputError } from '../shared/errors.js';

/**
 * account-filter and role-filter, matched in linear time. JavaScript's own engine backtracks:
 * `^([a-z]+\s?)*$` took 36 s on a 33-character name, and each further character doubles that,
 * while the names come from the service (untrusted) and no timer can end a match that holds the
 * thread. RE2 (re2js, pure JavaScript, in a lazy chunk loaded only when a filter is given) takes
 * time proportional to the name whatever the pattern, so no name can make the step wait on it.
 */
export interface TextFilter {
  /** The pattern as the workflow gave it (the step summary shows it). */
  readonly source: string;
  /** Whether the pattern matches anywhere in `text` (unanchored, like `grep -E`). */
  test(text: string): boolean;
}

/**
 * The pattern checked by JavaScript's parser first, so that a syntax error reads as it always
 * did (its reason, never the pattern: a value pasted into the wrong input may be a secret), then
 * compiled by RE2, which refuses only what needs backtracking.
 */
export async function compileFilter(input: string, pattern: string): Promise<TextFilter> {
  checkSyntax(input, pattern);
  const { RE2JS } = await import('re2js');
  try {
    const compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
    return { source: pattern, test: (text) => compiled.test(text) };
  } catch {
    throw new InputError(
      input,
      'uses a backreference or a lookaround, which the filters do not support: they are matched in linear time (RE2 syntax), so that no account name can make the match take minutes',
    );
  }
}

function checkSyntax(input: string, pattern: string): void {
  try {
    new RegExp(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split(': ').at(-1) : undefined;
    throw new InputError(input, `is not a valid regular expression${reason ? ` (${reason})` : ''}`);
  }
}
