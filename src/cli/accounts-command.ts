import type { SecretSink } from '../secrets/secret-sink.js';
import { plural } from '../shared/plural.js';
import { isRegion } from '../shared/validation.js';
import { type ListProgress, listAccountsWithRoles } from '../sso/accounts.js';
import { withClients } from '../sso/clients.js';
import { PORTAL_CONCURRENCY } from '../sso/limits.js';
import { checkFormat, parseFlags, requiredFlag, stringFlag } from './args.js';
import { cliClientOptions } from './client-options.js';
import { ACCOUNTS_HELP } from './help.js';
import type { CliIo } from './io.js';
import { formatAccountsJson, formatAccountsTable } from './output.js';
import { loadSession, renewIfNeeded } from './session-file.js';
import { cliVocabulary, inCliWords } from './vocabulary.js';

const OPTIONS = {
  session: { type: 'string' },
  json: { type: 'boolean' },
  'sso-region': { type: 'string' },
} as const;

/** `accounts`: every account and permission set the session's user can reach. */
export async function accountsCommand(
  args: readonly string[],
  io: CliIo,
  mask: SecretSink,
): Promise<void> {
  const values = parseFlags('accounts', args, OPTIONS);
  if (values.help) return io.out(ACCOUNTS_HELP);
  const file = requiredFlag(values, 'session', 'accounts');
  const region = stringFlag(values, 'sso-region');
  checkFormat('sso-region', region, isRegion, 'must be an AWS region name such as us-east-1');
  const clientOptions = cliClientOptions(io);
  const accounts = await inCliWords(cliVocabulary(file), async () => {
    const loaded = await loadSession(file, mask, region);
    const renewed = await renewIfNeeded(loaded, mask, clientOptions, io.err);
    return withClients(renewed.region, clientOptions, (clients) =>
      listAccountsWithRoles(clients.portal, renewed.accessToken, {
        retry: clients.retry,
        concurrency: PORTAL_CONCURRENCY,
        onProgress: (progress) => io.err(`${describeProgress(progress)}\n`),
      }),
    );
  });
  if (accounts.length === 0) io.err("The session's user is assigned no accounts.\n");
  io.out(values.json ? formatAccountsJson(accounts) : formatAccountsTable(accounts));
}

/** Progress on stderr (stdout carries the table or JSON), e.g. "Roles listed for 240 of 600 accounts." */
function describeProgress(progress: ListProgress): string {
  if (progress.stage === 'accounts') return `Listing accounts: ${progress.found} so far.`;
  if (progress.listed === 0) {
    return `Found ${plural(progress.found, 'account')}; listing their permission sets.`;
  }
  return `Roles listed for ${progress.listed} of ${plural(progress.total, 'account')}.`;
}
