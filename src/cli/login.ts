import type { SecretSink } from '../secrets/secret-sink.js';
import { describeError, UserError } from '../shared/errors.js';
import { isRegion } from '../shared/validation.js';
import { withClients } from '../sso/clients.js';
import type { SsoSession } from '../sso/session.js';
import {
  checkFormat,
  durationFlag,
  type FlagValues,
  parseFlags,
  requiredFlag,
  stringFlag,
} from './args.js';
import { canOpenBrowser, NO_BROWSER_REASON } from './browser.js';
import { cliClientOptions } from './client-options.js';
import { checkGitHubCli, isSecretName, setGitHubSecret } from './gh-secret.js';
import { LOGIN_HELP } from './help.js';
import type { CliIo } from './io.js';
import { authorizationCodeFlow, deviceCodeFlow } from './login-flows.js';
import { type Destination, loginSummary } from './login-summary.js';
import { checkSessionTarget, sessionDocument, writeSessionFile } from './session-file.js';
import { cliVocabulary, inCliWords } from './vocabulary.js';

const OPTIONS = {
  'start-url': { type: 'string' },
  'sso-region': { type: 'string' },
  output: { type: 'string' },
  'client-name': { type: 'string' },
  'gh-secret': { type: 'string' },
  'use-device-code': { type: 'boolean' },
  'no-browser': { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

export const DEFAULT_CLIENT_NAME = 'aws-sso-credentials';

interface LoginFlags {
  readonly startUrl: string;
  readonly region: string;
  readonly clientName: string;
  readonly output?: string | undefined;
  readonly ghSecret?: string | undefined;
  readonly useDeviceCode: boolean;
  readonly noBrowser: boolean;
  readonly timeoutMs: number;
}

/** As long as the AWS CLI waits for the browser, and as long as a device code lives. */
export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function checkFlags(values: FlagValues): LoginFlags {
  const startUrl = requiredFlag(values, 'start-url', 'login');
  const region = requiredFlag(values, 'sso-region', 'login');
  const clientName = stringFlag(values, 'client-name') ?? DEFAULT_CLIENT_NAME;
  const output = stringFlag(values, 'output');
  const ghSecret = stringFlag(values, 'gh-secret');
  checkFormat(
    'start-url',
    startUrl,
    isHttpsUrl,
    'must be your access portal URL, e.g. https://d-1234567890.awsapps.com/start',
  );
  checkFormat('sso-region', region, isRegion, 'must be an AWS region name such as us-east-1');
  checkFormat(
    'client-name',
    clientName,
    (v) => /^[\x21-\x7e ]{1,128}$/.test(v),
    'must be 1-128 printable ASCII characters',
  );
  checkFormat(
    'gh-secret',
    ghSecret,
    isSecretName,
    'must be a GitHub secret name: letters, digits and _, not starting with a digit or GITHUB_',
  );
  return {
    startUrl,
    region,
    clientName,
    useDeviceCode: values['use-device-code'] === true,
    noBrowser: values['no-browser'] === true,
    timeoutMs: durationFlag(values, 'timeout') ?? DEFAULT_TIMEOUT_MS,
    output,
    ghSecret,
  };
}

/**
 * The default sign-in needs a browser on this machine (it comes back to a listener on
 * 127.0.0.1): without one, say so at once rather than wait out the timeout.
 */
export const HEADLESS = `No browser can be opened here (${NO_BROWSER_REASON}; an SSH session counts as no display). Sign in with --use-device-code: it shows a page and a code to approve in a browser on any device (or set BROWSER, or use --no-browser to open the URL on this machine yourself).`;

/**
 * `login`: the authorization code with PKCE (or, with --use-device-code, the device code), then
 * the document to its destinations.
 */
export async function loginCommand(
  args: readonly string[],
  io: CliIo,
  mask: SecretSink,
): Promise<void> {
  const values = parseFlags('login', args, OPTIONS);
  if (values.help) return io.out(LOGIN_HELP);
  const flags = checkFlags(values);
  // Before the browser step rather than after it, when the document could not be written.
  if (flags.output) await checkSessionTarget(flags.output, '--output');
  if (flags.ghSecret) await checkGitHubCli(flags.ghSecret);
  const browser = !flags.noBrowser && canOpenBrowser(io.env);
  if (!flags.useDeviceCode && !flags.noBrowser && !browser) throw new UserError(HEADLESS);
  const flow = flags.useDeviceCode ? deviceCodeFlow : authorizationCodeFlow;
  const settings = { request: flags, noBrowser: !browser, timeoutMs: flags.timeoutMs };
  const session = await inCliWords(cliVocabulary(), () =>
    withClients(flags.region, cliClientOptions(io), (clients) => flow(clients, settings, io, mask)),
  );
  const destination = await deliver(session, flags, io);
  io.err(loginSummary(session, destination));
}

/** To the file, to GitHub, or to stdout when neither was asked for (or the GitHub step failed). */
async function deliver(session: SsoSession, flags: LoginFlags, io: CliIo): Promise<Destination> {
  if (flags.output) await writeSessionFile(flags.output, session);
  if (flags.ghSecret) {
    try {
      await setGitHubSecret(flags.ghSecret, sessionDocument(session).trimEnd());
    } catch (error) {
      if (flags.output) throw error;
      io.out(sessionDocument(session));
      throw new UserError(
        `${describeError(error)} The session document was printed on stdout instead.`,
      );
    }
  }
  if (!flags.output && !flags.ghSecret) io.out(sessionDocument(session));
  return { file: flags.output, secret: flags.ghSecret };
}
