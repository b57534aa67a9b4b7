import { isRegion } from '../shared/validation.js';
import { listAccountsWithRoles } from '../sso/accounts.js';
import { withClients } from '../sso/clients.js';
import type { SecretSink } from '../sso/secret-sink.js';
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
    const renewed = await renewIfNeeded(await loadSession(file, mask, region), mask, clientOptions);
    return withClients(renewed.region, clientOptions, (clients) =>
      listAccountsWithRoles(clients.portal, renewed.accessToken, { retry: clients.retry }),
    );
  });
  if (accounts.length === 0) io.err("The session's user is assigned no accounts.\n");
  io.out(values.json ? formatAccountsJson(accounts) : formatAccountsTable(accounts));
}
