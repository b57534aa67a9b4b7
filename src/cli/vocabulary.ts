import { UserError } from '../shared/errors.js';
import { describeProblem, type Vocabulary } from '../sso/describe-problem.js';
import { problemOf } from '../sso/identity-center-error.js';
import { shellQuote } from './output.js';

/**
 * The core's problems in the tool's words: its flags, the session file by its path, and the
 * command that writes a new one. Never an action input, never "the stored secrets".
 */
export function cliVocabulary(sessionFile?: string): Vocabulary {
  return {
    session: sessionFile ?? 'the --session file',
    sessionSubject: sessionFile ? `The session file ${sessionFile}` : 'The --session file',
    sessionAgain: 'the file',
    accountId: '--account-id',
    roleName: '--role-name',
    clientCredentials: sessionFile
      ? `the clientId or clientSecret in ${sessionFile}`
      : 'the client id or secret',
    self: 'aws-sso-credentials',
    proxySettings: 'HTTPS_PROXY (or HTTP_PROXY)',
    newSecrets: sessionFile
      ? `run \`${loginCommandFor(sessionFile)}\``
      : 'run `aws-sso-credentials login` again',
    signInAgain: 'Run `aws-sso-credentials login` again',
    timeLimit: 'The time limit',
    region: sessionFile ? `the region in ${sessionFile}` : '--sso-region',
  };
}

/** The command that writes a new session document to `file`, ready to paste into a shell. */
export function loginCommandFor(file: string): string {
  return `aws-sso-credentials login --output ${shellWord(file)}`;
}

/** A path as one shell word: as it is when that is safe, else in single quotes. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : shellQuote(text);
}

/**
 * Runs one command's work and rephrases a problem from the core in the tool's words, for the
 * session file this command was given (if any).
 */
export async function inCliWords<T>(vocabulary: Vocabulary, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const problem = problemOf(error);
    if (!problem) throw error;
    throw new UserError(describeProblem(problem, vocabulary));
  }
}
