import { spawn } from 'node:child_process';
import { describeError, UserError } from '../shared/errors.js';

/** What is kept of gh's stderr: enough for its last line, bounded whatever it prints. */
const STDERR_LIMIT = 64 * 1024;

/** GitHub's rule for secret names: letters, digits and _, not starting with a digit or GITHUB_. */
export function isSecretName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name);
}

interface GhOutcome {
  readonly exitCode: number | string;
  readonly stderr: string;
}

/**
 * `gh ...args` with `input` on stdin, to the end. A plain child process: the CLI runs on a
 * terminal, not on a runner, so nothing of the Actions toolkit belongs here.
 */
function runGh(args: readonly string[], input: string): Promise<GhOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('gh', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_LIMIT);
    });
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ exitCode: code ?? signal ?? 'unknown', stderr }),
    );
    // gh may exit without reading stdin (a bad name, no repository): its exit code says why.
    child.stdin.once('error', () => {});
    child.stdin.end(input, 'utf8');
  });
}

/**
 * Before the sign-in, not after it: gh is installed and signed in (`gh auth status`), so that a
 * sign-in is not spent on a document that then has nowhere to go.
 */
export async function checkGitHubCli(name: string): Promise<void> {
  const result = await runGhOrExplain(['auth', 'status'], '', name);
  if (result.exitCode === 0) return;
  throw new UserError(
    `\`gh auth status\` failed (exit ${result.exitCode})${lastLine(result.stderr)}; sign in with \`gh auth login\` before \`login --gh-secret\`, or use --output and \`gh secret set ${name} < FILE\`.`,
  );
}

/**
 * `gh secret set NAME` with the value on stdin: an argument would be visible to every process
 * on the machine (ps, /proc) and in shell history. gh picks the repository from the working
 * directory (or GH_REPO), as it does for anyone running it by hand.
 */
export async function setGitHubSecret(name: string, value: string): Promise<void> {
  const result = await runGhOrExplain(['secret', 'set', name], value, name);
  if (result.exitCode !== 0) {
    // gh read the value from stdin, so its complaint cannot contain it.
    throw new UserError(
      `\`gh secret set ${name}\` failed (exit ${result.exitCode})${lastLine(result.stderr)}.`,
    );
  }
}

/** runGh, with "not installed" said in words that lead somewhere. */
async function runGhOrExplain(
  args: readonly string[],
  input: string,
  name: string,
): Promise<GhOutcome> {
  try {
    return await runGh(args, input);
  } catch (error) {
    const notFound = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const why = notFound ? 'it is not on PATH' : describeError(error);
    throw new UserError(
      `Could not run \`gh\` (the GitHub CLI) to store the secret ${name}: ${why}. Install it from https://cli.github.com/, or use --output and \`gh secret set ${name} < FILE\`.`,
    );
  }
}

/** ": " and gh's last line on stderr, or nothing. */
function lastLine(stderr: string): string {
  const line = stderr.trim().split('\n').at(-1)?.trim() ?? '';
  return line ? `: ${line}` : '';
}
