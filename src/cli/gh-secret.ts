import { getExecOutput } from '@actions/exec';
import { ActionError, describeError } from '../shared/errors.js';

/** GitHub's rule for secret names: letters, digits and _, not starting with a digit or GITHUB_. */
export function isSecretName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name);
}

/**
 * `gh secret set NAME` with the value on stdin: an argument would be visible to every process
 * on the machine (ps, /proc) and in shell history. gh picks the repository from the working
 * directory (or GH_REPO), as it does for anyone running it by hand.
 */
export async function setGitHubSecret(name: string, value: string): Promise<void> {
  let result: { exitCode: number; stderr: string };
  try {
    result = await getExecOutput('gh', ['secret', 'set', name], {
      input: Buffer.from(value, 'utf8'),
      silent: true,
      ignoreReturnCode: true,
    });
  } catch (error) {
    const message = describeError(error);
    const why = /Unable to locate executable/.test(message) ? 'it is not on PATH' : message;
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
