import type { SecretSink } from '../sso/secret-sink.js';

/**
 * Remembers every secret the shared modules report through their SecretSink, so that the one
 * line the tool prints on failure can be scrubbed of them. The messages are written never to
 * contain one; this is the second line of defence the runner's masking is for the action.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();

  readonly sink: SecretSink = (secret) => {
    if (secret.trim().length >= 4) this.values.add(secret);
  };

  redact(text: string): string {
    let result = text;
    // Longest first, so that a secret containing another is replaced whole.
    for (const secret of [...this.values].sort((a, b) => b.length - a.length)) {
      result = result.split(secret).join('***');
    }
    return result;
  }
}
