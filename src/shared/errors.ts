/**
 * Errors whose message is written for the person who runs us (a workflow author, or the CLI's
 * user): a sentence that says what went wrong and what to do. main.ts prints the message alone (no stack trace). Messages never
 * contain secret values.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
}

/** An input that is missing, malformed or conflicts with another; the message names it. */
export class InputError extends UserError {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    problem: string,
  ) {
    super(`Input '${input}' ${problem}`);
  }
}

/** The message to show for any thrown value, without a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
