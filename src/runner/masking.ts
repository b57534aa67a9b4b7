import * as core from '@actions/core';
import { proxyUrlSecrets } from '../http/proxy.js';
import { isPlausibleSecret, rememberSecret } from '../secrets/known-secrets.js';
import type { SecretSink } from '../secrets/secret-sink.js';
import { SESSION_SECRET_KEYS } from '../sso/session.js';

export type { SecretSink } from '../secrets/secret-sink.js';

/**
 * Masks a value in the runner's logs, and remembers it (known-secrets.ts) so that log.ts and every
 * echoed text withhold it, and its pieces, as a reader sees it (known-secrets.ts): the runner's
 * mask matches only the value as it is. Values shorter than 8 characters are skipped: they are no
 * secret worth the name, and the runner would blank every occurrence of them in the log (a
 * one-character "s" turned "refresh token" into "refre***h token"). Linear in the value's length,
 * so tens of thousands of masks (one per account id) cost linear time.
 */
export const maskInLogs: SecretSink = (secret) => {
  if (!isPlausibleSecret(secret)) return;
  core.setSecret(secret);
  rememberSecret(secret);
};

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

/** A proxy URL's credentials, in every form a request or a proxy's answer could show them. */
export function maskProxyCredentials(value: string | undefined, mask: SecretSink): void {
  for (const secret of proxyUrlSecrets(value)) mask(secret);
}
