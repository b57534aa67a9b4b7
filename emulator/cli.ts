import { chmodSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_ACCOUNTS,
  DEFAULT_USERS,
  type EmulatorOptions,
  IdentityCenterEmulator,
} from './index.js';

/**
 * Standalone runner for the demo and the CI self-test (`npm run emulator -- --help`):
 *   npm run emulator -- [--port N] [--region R] [--out FILE] [--rotate false]
 *                       [--credentials-ttl S] [--access-token-ttl S] [--auto-approve N]
 *                       [--accounts N] [--rate-limit RPS] [--session-out FILE]
 * Seeds one session, writes its details as JSON (to FILE, mode 0600, or stdout), then serves
 * until SIGINT/SIGTERM. --accounts adds N generated accounts to the two default ones;
 * --rate-limit throttles every API request beyond RPS a second (bucket of RPS).
 */

const USAGE =
  'usage: npm run emulator -- [--port N] [--region R] [--out FILE] [--rotate true|false] ' +
  '[--credentials-ttl SECONDS] [--access-token-ttl SECONDS] [--auto-approve POLLS] [--auto-authorize] ' +
  '[--accounts N] [--rate-limit REQUESTS_PER_SECOND] [--session-out FILE]';

const HELP = `${USAGE}

A loopback (127.0.0.1) IAM Identity Center emulator (SSO OIDC and the SSO portal on one port), for
tests, the demo and manual experiments. It seeds one session, writes its details as JSON (url,
region, accountId, roleName, session, refreshToken, clientId, clientSecret, accessToken), prints
"emulator listening on URL" on stderr, and serves until SIGINT or SIGTERM.

Options:
  --port N                    port to listen on (default: any free port)
  --region R                  region of the seeded session (default: us-east-1)
  --out FILE                  write the details to FILE (mode 0600) instead of stdout
  --session-out FILE          also write the seeded session alone (mode 0600): a plain session
                              document, as \`login\` writes, for --session and sso-session
  --rotate true|false         rotate the refresh token on every refresh (default: true)
  --credentials-ttl SECONDS   lifetime of the role credentials it issues (default: 3600)
  --access-token-ttl SECONDS  lifetime of the access tokens it issues (default: 3600)
  --auto-approve POLLS        approve every device login after POLLS polls (for \`login\`)
  --auto-authorize            approve every /authorize request at once (a redirect with the code,
                              no sign-in page), so that \`login\` needs no browser: e.g.
                              BROWSER='curl -fsS -o /dev/null -L'
  --accounts N                add N generated accounts (1-3 permission sets each) to the two
                              default ones, e.g. to try list-accounts at scale
  --rate-limit RPS            admit RPS API requests a second (a bucket of RPS); the rest get
                              429 TooManyRequestsException (OIDC: slow_down)
  -h, --help                  show this help

Point a client at it with AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC set to the URL.
Device logins can also be decided with POST URL/__emulator/approve?user_code=CODE (or /deny).
`;

interface CliConfig {
  options: EmulatorOptions;
  region: string;
  out: string | undefined;
  sessionOut: string | undefined;
  autoApprove: number | undefined;
  autoAuthorize: boolean;
}

function parseNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return value;
}

/** The options, or 'help' when --help asks for the usage only. */
function parseConfig(argv: string[]): CliConfig | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      region: { type: 'string' },
      out: { type: 'string' },
      'session-out': { type: 'string' },
      rotate: { type: 'string' },
      'credentials-ttl': { type: 'string' },
      'access-token-ttl': { type: 'string' },
      'auto-approve': { type: 'string' },
      'auto-authorize': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      accounts: { type: 'string' },
      'rate-limit': { type: 'string' },
    },
  });
  if (values.help) return 'help';
  if (values.rotate !== undefined && !['true', 'false'].includes(values.rotate)) {
    throw new Error('--rotate must be true or false');
  }
  const options: EmulatorOptions = { port: parseNumber('port', values.port) ?? 0 };
  if (values.rotate !== undefined) options.rotateRefreshTokens = values.rotate === 'true';
  const credentialsTtl = parseNumber('credentials-ttl', values['credentials-ttl']);
  if (credentialsTtl !== undefined) options.credentialsTtlSeconds = credentialsTtl;
  const accessTtl = parseNumber('access-token-ttl', values['access-token-ttl']);
  if (accessTtl !== undefined) options.accessTokenTtlSeconds = accessTtl;
  const accounts = parseNumber('accounts', values.accounts);
  if (accounts !== undefined) {
    if (!Number.isInteger(accounts)) throw new Error('--accounts must be a whole number');
    // The defaults stay, so that the details below name an account that exists.
    options.accountCount = accounts;
    options.accounts = [...DEFAULT_ACCOUNTS];
  }
  const rate = parseNumber('rate-limit', values['rate-limit']);
  if (rate !== undefined) {
    if (rate === 0) throw new Error('--rate-limit must be more than 0');
    options.rateLimit = { requestsPerSecond: rate };
  }
  return {
    options,
    region: values.region ?? 'us-east-1',
    out: values.out,
    sessionOut: values['session-out'],
    autoApprove: parseNumber('auto-approve', values['auto-approve']),
    autoAuthorize: values['auto-authorize'] === true,
  };
}

function describe(emulator: IdentityCenterEmulator, region: string) {
  const session = emulator.seedSession({ region });
  const account = DEFAULT_ACCOUNTS[0];
  const details = {
    url: emulator.url,
    region,
    accountId: account?.accountId,
    roleName: account?.roles[0],
    session: emulator.sessionDocument(session),
    refreshToken: session.refreshToken,
    clientId: session.clientId,
    clientSecret: session.clientSecret,
    accessToken: session.accessToken,
    // Who can sign in on the pages (GET /authorize, GET /device) for a login rehearsal.
    users: DEFAULT_USERS,
  };
  return details;
}

/** The file holds live secrets: create it 0600 and tighten it if it already existed. */
function writeJson(out: string | undefined, value: unknown): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  writeFileSync(out, text, { mode: 0o600 });
  chmodSync(out, 0o600);
}

async function main(): Promise<void> {
  const config = parseConfig(process.argv.slice(2));
  if (config === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const emulator = await IdentityCenterEmulator.start(config.options);
  if (config.autoApprove !== undefined) emulator.autoApproveDevices(config.autoApprove);
  if (config.autoAuthorize) emulator.autoAuthorize();
  const details = describe(emulator, config.region);
  writeJson(config.out, details);
  // The details nest the session; --session and sso-session take the document itself.
  if (config.sessionOut !== undefined) writeJson(config.sessionOut, details.session);
  process.stderr.write(`emulator listening on ${emulator.url}\n`);
  const user = DEFAULT_USERS[0];
  if (user) {
    process.stderr.write(`sign-in pages accept user ${user.username}, password ${user.password}\n`);
  }
  const shutdown = (): void => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
});
