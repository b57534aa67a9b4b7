/**
 * Where the command-line tool reads and writes. Secrets and machine-readable results go to
 * `out` (stdout); prompts, progress and errors go to `err` (stderr) and never carry a secret.
 */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  env: process.env,
};
