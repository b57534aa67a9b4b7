import type { Cause } from '../sso/problems.js';

/**
 * What went wrong when STS was asked to assume a role, as data (like the core's Problem): the
 * front end that asked knows the first hop (the account and permission set) and phrases it.
 */
export type StsProblem =
  /** 403 AccessDenied: the role's trust policy, or the caller's own policy, does not allow it. */
  | { readonly kind: 'denied'; readonly cause: Cause }
  /** ValidationError: asked for more than the 1-hour session of a chained role. */
  | { readonly kind: 'session-too-long'; readonly cause: Cause }
  /** ExpiredToken: the credentials AssumeRole was signed with have expired. */
  | { readonly kind: 'credentials-expired'; readonly cause: Cause }
  /** RegionDisabledException: STS is not activated in that region for the account. */
  | { readonly kind: 'region-disabled'; readonly cause: Cause }
  /** The step's time limit (action-timeout-s) passed while STS had not answered. */
  | { readonly kind: 'deadline-passed'; readonly limitMs: number }
  /** Anything else: after how many attempts, and the last cause. */
  | {
      readonly kind: 'call-failed';
      readonly retriesExhausted?: { readonly attempts: number; readonly elapsedMs: number };
      readonly cause: Cause;
    };

/** The error src/sts/ throws; its message is a neutral sentence for whoever prints it unphrased. */
export class StsError extends Error {
  override readonly name = 'StsError';
  constructor(
    readonly problem: StsProblem,
    readonly roleArn: string,
  ) {
    super(`STS AssumeRole of ${roleArn} failed (${problem.kind}).`);
  }
}

/**
 * Whether `error` is an StsError. Not `instanceof`: the action loads src/sts/ as a bundle of its
 * own (dist/main/sts/), whose StsError is another class than the one the action bundles.
 */
export function isStsError(error: unknown): error is StsError {
  return (
    error instanceof Error &&
    error.name === 'StsError' &&
    typeof (error as Partial<StsError>).problem === 'object' &&
    typeof (error as Partial<StsError>).roleArn === 'string'
  );
}
