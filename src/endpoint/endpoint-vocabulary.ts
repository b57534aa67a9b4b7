import { phraseCause, type Vocabulary } from '../sso/describe-problem.js';
import { describeFailure, problemOf } from '../sso/identity-center-error.js';
import { isStsError } from '../sts/sts-error.js';

/**
 * How the endpoint phrases a failure for the person who reads it in a tool's error (botocore and
 * the AWS CLI quote the answer's body) or in the post step's group: what happened, and that a new
 * sign-in is what helps. The workflow's inputs are far away by then, so the words name the secret.
 */
const LOGIN =
  'sign in again with `aws-sso-credentials login --gh-secret NAME` (docs/getting-the-secrets.md) to replace the stored token secret, then run the job again';

export const ENDPOINT_VOCABULARY: Vocabulary = {
  session: 'the job’s session',
  sessionSubject: 'The job’s session',
  sessionAgain: 'the job',
  region: 'the IAM Identity Center region',
  accountId: 'the account id',
  roleName: 'the role name',
  clientCredentials: 'the client registration',
  self: 'the credential endpoint',
  proxySettings: 'the proxy settings of the step',
  newSecrets: LOGIN,
  signInAgain: 'Sign in again with `aws-sso-credentials login --gh-secret NAME`',
  timeLimit: 'The time limit',
};

/** One sentence for anything a renewal threw. */
export function describeForEndpoint(error: unknown): string {
  if (isStsError(error)) {
    const { problem } = error;
    const said = 'cause' in problem ? `: ${phraseCause(problem.cause, ENDPOINT_VOCABULARY)}` : '.';
    return `STS AssumeRole of '${error.roleArn}' failed (${problem.kind})${said}`;
  }
  if (problemOf(error)) return describeFailure(error, ENDPOINT_VOCABULARY);
  return `Renewal failed: ${error instanceof Error ? error.message : String(error)}`;
}
