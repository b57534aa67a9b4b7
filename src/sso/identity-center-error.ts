import { describeError } from '../shared/errors.js';
import { describeProblem, NEUTRAL_VOCABULARY, type Vocabulary } from './describe-problem.js';
import type { Problem } from './problems.js';

/**
 * The one error the core throws about IAM Identity Center and session documents. Its message
 * is a neutral sentence (no input or flag names) for whoever prints it unphrased; front ends
 * phrase `problem` in their own words instead.
 */
export class IdentityCenterError extends Error {
  override readonly name = 'IdentityCenterError';
  constructor(readonly problem: Problem) {
    super(describeProblem(problem, NEUTRAL_VOCABULARY));
  }
}

/** The problem an error carries, if it is an IdentityCenterError. */
export function problemOf(error: unknown): Problem | undefined {
  return error instanceof IdentityCenterError ? error.problem : undefined;
}

/**
 * The sentence a front end shows for any thrown value: a Problem in its own words, anything
 * else by its message (front-end errors are already written in its words).
 */
export function describeFailure(error: unknown, vocabulary: Vocabulary): string {
  const problem = problemOf(error);
  return problem ? describeProblem(problem, vocabulary) : describeError(error);
}
