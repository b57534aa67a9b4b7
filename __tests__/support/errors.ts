/** What a rejected promise rejected with, checked the way every suite checks it. */
import { secretLabel } from './secrets.js';

/**
 * The error `promise` rejects with, which must be a `type` (any Error by default) whose message
 * quotes none of `secrets`. Throws when the promise resolves instead.
 */
export async function expectRejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
  secrets: readonly string[] = [],
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof type)) {
      const what = error instanceof Error ? error.constructor.name : typeof error;
      throw new Error(`rejected with ${what}, not ${type.name}: ${String(error)}`);
    }
    const quoted = secrets.filter((secret) => error.message.includes(secret));
    if (quoted.length > 0) {
      throw new Error(`the message quotes ${quoted.map(secretLabel).join(', ')}`);
    }
    return error;
  }
  throw new Error(`expected a ${type.name}, but the promise resolved`);
}
