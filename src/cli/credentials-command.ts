import type { SecretSink } from '../secrets/secret-sink.js';
import { ACCOUNT_ID, isRegion, ROLE_NAME } from '../shared/validation.js';
import { obtainRoleCredentials } from '../sso/token-session.js';
import { checkFormat, type FlagValues, parseFlags, requiredFlag, stringFlag } from './args.js';
import { cliClientOptions } from './client-options.js';
import { CREDENTIALS_HELP } from './help.js';
import type { CliIo } from './io.js';
import { type CredentialFormat, formatCredentials, isCredentialFormat } from './output.js';
import { loadSession, renewIfNeeded, saveIfRefreshed } from './session-file.js';
import { cliVocabulary, inCliWords } from './vocabulary.js';

const OPTIONS = {
  session: { type: 'string' },
  'account-id': { type: 'string' },
  'role-name': { type: 'string' },
  format: { type: 'string' },
  'sso-region': { type: 'string' },
} as const;

interface CredentialsFlags {
  readonly session: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly format: CredentialFormat;
  readonly ssoRegion?: string | undefined;
}

/** Every flag checked (validation.ts, as the action checks its inputs) before any request. */
function checkFlags(values: FlagValues): CredentialsFlags {
  const command = 'credentials';
  const session = requiredFlag(values, 'session', command);
  const accountId = requiredFlag(values, 'account-id', command);
  const roleName = requiredFlag(values, 'role-name', command);
  const format = stringFlag(values, 'format') ?? 'env';
  const ssoRegion = stringFlag(values, 'sso-region');
  checkFormat(
    'account-id',
    accountId,
    (v) => ACCOUNT_ID.test(v),
    'must be a 12-digit AWS account id',
  );
  checkFormat(
    'role-name',
    roleName,
    (v) => ROLE_NAME.test(v),
    'must be a permission set name: 1-64 letters, digits or +=,.@_-',
  );
  checkFormat('sso-region', ssoRegion, isRegion, 'must be an AWS region name such as us-east-1');
  return {
    session,
    accountId,
    roleName,
    format: checkFormat(
      'format',
      format,
      isCredentialFormat,
      'must be env, json or credential-process',
    ),
    ssoRegion,
  };
}

/**
 * `credentials`: the session's token (renewed and saved first when needed), then the same
 * GetRoleCredentials exchange the action makes, printed in the asked-for format.
 */
export async function credentialsCommand(
  args: readonly string[],
  io: CliIo,
  mask: SecretSink,
): Promise<void> {
  const values = parseFlags('credentials', args, OPTIONS);
  if (values.help) return io.out(CREDENTIALS_HELP);
  const flags = checkFlags(values);
  const clientOptions = cliClientOptions(io);
  await inCliWords(cliVocabulary(flags.session), async () => {
    const loaded = await loadSession(flags.session, mask, flags.ssoRegion);
    const renewed = await renewIfNeeded(loaded, mask, clientOptions, io.err);
    const { accountId, roleName } = flags;
    const obtained = await obtainRoleCredentials(
      {
        ssoRegion: renewed.region,
        tokenSource: { kind: 'sso-session', session: renewed.session },
        // A token that could not be refreshed but still works: no second try at refreshing it.
        givenToken: renewed.stillValid,
        accountId,
        roleName,
        clientOptions,
      },
      mask,
    );
    // Only when the fresh token was already close to expiry; saved like the first refresh.
    await saveIfRefreshed(renewed, obtained.token);
    io.out(formatCredentials(obtained.credentials, flags.format, { accountId, roleName }));
  });
}
