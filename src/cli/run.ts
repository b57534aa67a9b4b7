import { withholdSecrets } from '../secrets/known-secrets.js';
import { neutraliseLines } from '../secrets/neutralise.js';
import type { SecretSink } from '../secrets/secret-sink.js';
import { describeFailure } from '../sso/identity-center-error.js';
import { accountsCommand } from './accounts-command.js';
import { UsageError } from './args.js';
import { credentialsCommand } from './credentials-command.js';
import { TOP_HELP } from './help.js';
import type { CliIo } from './io.js';
import { rememberCliSecret, rememberProxyCredentials } from './secrets.js';
import { VERSION } from './version.js';
import { cliVocabulary } from './vocabulary.js';

type Command = (args: readonly string[], io: CliIo, mask: SecretSink) => Promise<void>;

/**
 * `login` (the device flow, `gh secret set`) is loaded only when it runs: `credentials` is what
 * the AWS CLI starts for every call through credential_process, and should not pay for it.
 */
const loginCommand: Command = async (args, io, mask) =>
  (await import('./login.js')).loginCommand(args, io, mask);

const COMMANDS: Readonly<Record<string, Command>> = {
  login: loginCommand,
  credentials: credentialsCommand,
  accounts: accountsCommand,
};

/** Exit statuses: 0 done, 1 the work failed, 2 the command line was wrong. */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = guardedIo(rawIo);
  try {
    rememberProxyCredentials(rawIo.env);
    await dispatch(argv, io, rememberCliSecret);
    return 0;
  } catch (error) {
    // One sentence, never a stack trace; scrubbed of every secret the run has seen. Commands
    // phrase the core's problems for their session file; this is the fallback.
    const message = describeFailure(error, cliVocabulary());
    io.err(`aws-sso-credentials: ${message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/**
 * Everything the tool prints goes through here. stderr (prompts, progress, errors: never a
 * secret) is scrubbed of every secret seen so far, on the raw text (known-secrets.ts); both
 * streams are neutralised line by line (src/secrets/neutralise.ts), so that an account name or an
 * error text from a service cannot send escape sequences to the terminal or workflow commands to
 * a runner the tool runs under.
 * stdout is not redacted: it is where the secrets are meant to go. What it carries is either
 * validated (credentials) or JSON already written with neutraliseJson, which this leaves as is.
 */
function guardedIo(io: CliIo): CliIo {
  return {
    out: (text) => io.out(neutraliseLines(text)),
    err: (text) => io.err(neutraliseLines(withholdSecrets(text))),
    env: io.env,
  };
}

async function dispatch(argv: readonly string[], io: CliIo, mask: SecretSink): Promise<void> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') return io.out(TOP_HELP);
  if (name === '--version' || name === '-V') return io.out(`aws-sso-credentials ${VERSION}\n`);
  if (name === undefined) {
    throw new UsageError(
      'Give a command: login, credentials or accounts. See `aws-sso-credentials --help`.',
    );
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    // Echo only what looks like a command name: a mistyped line may hold a secret.
    const shown = /^[a-z-]{1,30}$/.test(name) ? ` '${name}'` : '';
    throw new UsageError(
      `Unknown command${shown}; use login, credentials or accounts. See \`aws-sso-credentials --help\`.`,
    );
  }
  await command(args, io, mask);
}
