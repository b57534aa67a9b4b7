import * as core from '@actions/core';
import type { SecretSink } from '../sso/secret-sink.js';
import { SESSION_SECRET_KEYS } from '../sso/session.js';

export type { SecretSink } from '../sso/secret-sink.js';

/** Every value masked so far, longest first: log.ts redacts them itself before neutralising. */
const masked: string[] = [];

/** Masks a value in the runner's logs. Blank values are skipped: masking "" would hide nothing. */
export const maskInLogs: SecretSink = (secret) => {
  if (secret.trim() === '') return;
  core.setSecret(secret);
  if (!masked.includes(secret)) {
    masked.push(secret);
    masked.sort((a, b) => b.length - a.length);
  }
};

/**
 * Replaces every masked value with `***`, as the runner would. Needed before text is neutralised:
 * neutralising could change a secret (a `::` in it becomes `: :`) so that the runner's mask no
 * longer matches it.
 */
export function redactMasked(text: string): string {
  let result = text;
  for (const secret of masked) result = result.split(secret).join('***');
  return result;
}

/**
 * Masks the secret inputs and, for a JSON session document, each secret member inside it: the
 * runner masks a secret as a whole, not the pieces a JSON parser takes out of it. A document
 * that does not parse is still masked whole; input validation reports it afterwards.
 */
export function maskSecretInputs(inputs: readonly string[], mask: SecretSink): void {
  for (const input of inputs) {
    const value = core.getInput(input);
    mask(value);
    for (const member of secretMembers(value)) mask(member);
  }
}

function secretMembers(value: string): string[] {
  if (!value.trimStart().startsWith('{')) return [];
  try {
    const document: unknown = JSON.parse(value);
    if (typeof document !== 'object' || document === null) return [];
    const record = document as Record<string, unknown>;
    return SESSION_SECRET_KEYS.map((key) => record[key]).filter(
      (member): member is string => typeof member === 'string',
    );
  } catch {
    return [];
  }
}

/**
 * A proxy URL can carry a user name and password (http://user:pass@host): then the URL, and
 * the password in both its encoded and decoded forms, are secrets.
 */
export function maskProxyCredentials(value: string | undefined, mask: SecretSink): void {
  if (!value?.includes('@')) return;
  mask(value);
  try {
    const { username, password } = new URL(value);
    for (const part of [password, username]) {
      if (part) {
        mask(part);
        mask(decodeURIComponent(part));
      }
    }
  } catch {
    // Not a URL: masked whole above; input validation reports it without quoting it.
  }
}
