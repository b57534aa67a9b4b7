import { spawn } from 'node:child_process';
import { ActionError, describeError } from '../shared/errors.js';

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
 * `gh secret set NAME` with the value on stdin: an argument would be visible to every process
 * on the machine (ps, /proc) and in shell history. gh picks the repository from the working
 * directory (or GH_REPO), as it does for anyone running it by hand.
 */
export async function setGitHubSecret(name: string, value: string): Promise<void> {
  let result: GhOutcome;
  try {
    result = await runGh(['secret', 'set', name], value);
  } catch (error) {
    const notFound = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const why = notFound ? 'it is not on PATH' : describeError(error);
    throw new ActionError(
      `Could not run \`gh\` (the GitHub CLI) to store the secret ${name}: ${why}. Install it from https://cli.github.com/, or use --output and \`gh secret set ${name} < FILE\`.`,
    );
  }
  if (result.exitCode !== 0) {
    // gh read the value from stdin, so its complaint cannot contain it.
    const detail = result.stderr.trim().split('\n').at(-1) ?? '';
    throw new ActionError(
      `\`gh secret set ${name}\` failed (exit ${result.exitCode})${detail ? `: ${detail}` : ''}.`,
    );
  }
}
