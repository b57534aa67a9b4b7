import { describe, expect, test } from '@jest/globals';
import {
  ACCOUNT,
  expectFailedCleanly,
  expectNothingExported,
  ROLE,
  runAgainst,
} from '../support/action.js';
import { withEmulator } from '../support/emulator.js';
import { useSuiteReport } from '../support/report.js';
import { expectMaskedBeforeUse, secretInputs } from '../support/secrets.js';

/**
 * Malformed inputs, one per row: each must fail the step before any request reaches the
 * (emulated) service, with exit 1 and one error that names the input, and without printing any
 * secret given alongside it. Every row carries its own distinctive secret values.
 */

/** The secret values of one row: recognisable, unique to the row, and never issued by anyone. */
interface RowSecrets {
  readonly refresh: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly access: string;
  readonly sessionAccess: string;
  readonly sessionRefresh: string;
  readonly sessionClientId: string;
  readonly sessionClientSecret: string;
  readonly proxyPassword: string;
}

function rowSecrets(row: number): RowSecrets {
  const tag = `row${String(row).padStart(2, '0')}`;
  // camel case: a piece of 8 of a secret is withheld wherever it shows, and a hyphenated
  // `-session` or `refresh-` would take the same piece out of the input names in the messages
  const value = (kind: string) => `${kind}-${tag}-Zq7vT9fK2mWx4bR8`;
  return {
    refresh: value('aorBadinputRefresh'),
    clientId: value('cidBadinputClient'),
    clientSecret: value('csBadinputSecret'),
    access: value('aoaBadinputAccess'),
    sessionAccess: value('aoaBadinputSessionAccess'),
    sessionRefresh: value('aorBadinputSessionRefresh'),
    sessionClientId: value('cidBadinputSessionClient'),
    sessionClientSecret: value('csBadinputSessionSecret'),
    proxyPassword: value('proxyBadinputP@ss'),
  };
}

type Inputs = Record<string, string>;

const refresh = (s: RowSecrets, override: Inputs = {}): Inputs => ({
  'sso-region': 'us-east-1',
  'refresh-token': s.refresh,
  'client-id': s.clientId,
  'client-secret': s.clientSecret,
  'account-id': ACCOUNT,
  'role-name': ROLE,
  ...override,
});

const access = (s: RowSecrets, override: Inputs = {}): Inputs => ({
  'sso-region': 'us-east-1',
  'access-token': s.access,
  'account-id': ACCOUNT,
  'role-name': ROLE,
  ...override,
});

const session = (document: string, override: Inputs = {}): Inputs => ({
  'sso-session': document,
  'account-id': ACCOUNT,
  'role-name': ROLE,
  ...override,
});

const FUTURE = '2099-01-01T00:00:00Z';
const goodDocument = (s: RowSecrets, override: Record<string, unknown> = {}): string =>
  JSON.stringify({
    startUrl: 'https://d-1234567890.awsapps.com/start',
    region: 'us-east-1',
    accessToken: s.sessionAccess,
    expiresAt: FUTURE,
    refreshToken: s.sessionRefresh,
    clientId: s.sessionClientId,
    clientSecret: s.sessionClientSecret,
    ...override,
  });

interface BadInput {
  readonly label: string;
  /** What the error must name: an input (quoted in the message) or an environment variable. */
  readonly names: readonly string[];
  readonly inputs: (s: RowSecrets) => Inputs;
  readonly env?: (s: RowSecrets) => Record<string, string>;
}

const quoted = (name: string) => `'${name}'`;

const accountIds: BadInput[] = [
  ['11 digits', '11111111111'],
  ['13 digits', '1111111111111'],
  ['a letter', '11111111111a'],
  ['spaces', '111 111 111 111'],
  ['a shell command', '; rm -rf /'],
  ['command substitution', '$(id)'],
  ['backticks', '`id`'],
  ['a newline', '111111111111\n222222222222'],
].map(([label, value]) => ({
  label: `account-id with ${label}`,
  names: [quoted('account-id')],
  inputs: (s) => refresh(s, { 'account-id': value as string }),
}));

const roleNames: BadInput[] = [
  ['a space', 'Read Only'],
  ['a slash', 'Read/Only'],
  ['65 characters', 'R'.repeat(65)],
  ['nothing', ''],
].map(([label, value]) => ({
  label: `role-name with ${label}`,
  names: [quoted('role-name')],
  inputs: (s) => refresh(s, { 'role-name': value as string }),
}));

const regions: BadInput[] = ['sso-region', 'aws-region'].flatMap((input) =>
  ['us-east', 'mars-1', 'US-EAST-1', 'us-east-1a'].map((value) => ({
    label: `${input} ${value}`,
    names: [quoted(input)],
    inputs: (s: RowSecrets) => refresh(s, { [input]: value }),
  })),
);

const booleans: BadInput[] = ['export-env', 'output-credentials', 'mask-account-id'].flatMap(
  (input) =>
    ['yes', '1', 'on', 'tru'].map((value) => ({
      label: `${input} ${value}`,
      names: [quoted(input)],
      inputs: (s: RowSecrets) => refresh(s, { [input]: value }),
    })),
);

const attempts: BadInput[] = ['0', '-1', 'ten', '1.5', '101'].map((value) => ({
  label: `retry-max-attempts ${value}`,
  names: [quoted('retry-max-attempts')],
  inputs: (s) => refresh(s, { 'retry-max-attempts': value }),
}));

const sessions: BadInput[] = [
  {
    label: 'sso-session that is not JSON',
    inputs: (s: RowSecrets) => session(`accessToken=${s.sessionAccess}`),
  },
  { label: 'sso-session []', inputs: () => session('[]') },
  { label: 'sso-session null', inputs: () => session('null') },
  { label: 'sso-session 42', inputs: () => session('42') },
  {
    label: 'sso-session without any token',
    inputs: (s: RowSecrets) =>
      session(
        goodDocument(s, {
          accessToken: undefined,
          refreshToken: undefined,
          clientId: undefined,
          clientSecret: undefined,
        }),
      ),
  },
  {
    label: 'sso-session with a refresh token but no clientSecret',
    inputs: (s: RowSecrets) =>
      session(goodDocument(s, { accessToken: undefined, clientSecret: undefined })),
  },
  {
    label: 'sso-session with a number for accessToken',
    inputs: (s: RowSecrets) => session(goodDocument(s, { accessToken: 1234567890 })),
  },
  {
    label: 'sso-session with a list for clientSecret',
    inputs: (s: RowSecrets) => session(goodDocument(s, { clientSecret: [s.sessionClientSecret] })),
  },
  {
    label: 'sso-session with expiresAt "tomorrow"',
    inputs: (s: RowSecrets) => session(goodDocument(s, { expiresAt: 'tomorrow' })),
  },
  {
    label: 'sso-session with a local-time expiresAt',
    inputs: (s: RowSecrets) => session(goodDocument(s, { expiresAt: '2099-01-01 00:00:00' })),
  },
  {
    label: 'sso-session with region mars-1',
    inputs: (s: RowSecrets) => session(goodDocument(s, { region: 'mars-1' })),
  },
].map((row) => ({ ...row, names: [quoted('sso-session')] }));

const tokenSources: BadInput[] = [
  {
    label: 'access-token and refresh-token',
    names: [quoted('access-token'), quoted('refresh-token')],
    inputs: (s) => refresh(s, { 'access-token': s.access }),
  },
  {
    label: 'access-token and sso-session',
    names: [quoted('access-token'), quoted('sso-session')],
    inputs: (s) => access(s, { 'sso-session': goodDocument(s) }),
  },
  {
    label: 'refresh-token and sso-session',
    names: [quoted('refresh-token'), quoted('sso-session')],
    inputs: (s) => refresh(s, { 'sso-session': goodDocument(s) }),
  },
  {
    label: 'all three token sources',
    names: [quoted('access-token'), quoted('refresh-token'), quoted('sso-session')],
    inputs: (s) => refresh(s, { 'access-token': s.access, 'sso-session': goodDocument(s) }),
  },
  {
    label: 'no token source',
    names: [quoted('access-token'), quoted('refresh-token'), quoted('sso-session')],
    inputs: () => ({ 'sso-region': 'us-east-1', 'account-id': ACCOUNT, 'role-name': ROLE }),
  },
  {
    label: 'client-id without refresh-token',
    names: [quoted('client-id')],
    inputs: (s) => access(s, { 'client-id': s.clientId }),
  },
  {
    label: 'client-secret without refresh-token',
    names: [quoted('client-secret')],
    inputs: (s) => session(goodDocument(s), { 'client-secret': s.clientSecret }),
  },
  {
    label: 'refresh-token without client-id',
    names: [quoted('client-id')],
    inputs: (s) => refresh(s, { 'client-id': '' }),
  },
  {
    label: 'refresh-token without client-secret',
    names: [quoted('client-secret')],
    inputs: (s) => refresh(s, { 'client-secret': '' }),
  },
];

const profiles: BadInput[] = ['a b', '[x]', 'a/b'].map((value) => ({
  label: `profile ${value}`,
  names: [quoted('profile')],
  inputs: (s) => refresh(s, { profile: value }),
}));

const proxies: BadInput[] = [
  ...['not a url', 'ftp://x', 'proxy:3128', 'http:3128'].map((value) => ({
    label: `http-proxy ${value}`,
    names: [quoted('http-proxy')],
    inputs: (s: RowSecrets) => refresh(s, { 'http-proxy': value }),
  })),
  {
    label: 'http-proxy ftp:// with a password',
    names: [quoted('http-proxy')],
    inputs: (s: RowSecrets) =>
      refresh(s, {
        'http-proxy': `ftp://proxyuser:${encodeURIComponent(s.proxyPassword)}@proxy.example:21`,
      }),
  },
  {
    label: 'HTTPS_PROXY proxy:3128',
    names: ['HTTPS_PROXY'],
    inputs: (s: RowSecrets) => refresh(s),
    env: () => ({ HTTPS_PROXY: 'proxy:3128' }),
  },
  {
    label: 'http_proxy with a password but no scheme',
    names: ['HTTP_PROXY'],
    inputs: (s: RowSecrets) => refresh(s),
    env: (s: RowSecrets) => ({
      http_proxy: `proxyuser:${encodeURIComponent(s.proxyPassword)}@proxy.example:3128`,
    }),
  },
];

const BAD_INPUTS: readonly BadInput[] = [
  ...accountIds,
  ...roleNames,
  ...regions,
  ...booleans,
  ...attempts,
  ...sessions,
  ...tokenSources,
  ...profiles,
  ...proxies,
];

const counts = { refused: 0 };
const tally = useSuiteReport(
  'bad-inputs',
  () => `refused=${counts.refused}/${BAD_INPUTS.length} before any request`,
);

/**
 * The secrets a row gave, in two lists. `masked`: what the action must add-mask before anything
 * else (docs/security.md): each secret input whole, each string member of an sso-session JSON
 * object, and a proxy URL with credentials with its password (encoded and decoded).
 * `scanned`: those plus every row secret that occurs anywhere in the inputs or environment,
 * e.g. inside a document that does not parse: none of them may be printed.
 */
function givenSecrets(s: RowSecrets, inputs: Inputs, env: Record<string, string>) {
  const proxyValues = [inputs['http-proxy'], ...Object.values(env)].filter(
    (value): value is string => value?.includes('@') === true,
  );
  const masked = [
    ...secretInputs(inputs),
    ...documentMembers(inputs['sso-session'] ?? ''),
    ...proxyValues.flatMap((value) => [value, ...urlPasswords(value)]),
  ].filter((value) => value.trim() !== '');
  const given = [...Object.values(inputs), ...Object.values(env)].join('\n');
  const embedded = Object.values(s).flatMap((value) =>
    [value, encodeURIComponent(value)].filter((form) => given.includes(form)),
  );
  return { masked, scanned: [...masked, ...embedded] };
}

function documentMembers(text: string): string[] {
  try {
    const document: unknown = JSON.parse(text);
    if (typeof document !== 'object' || document === null || Array.isArray(document)) return [];
    return ['accessToken', 'refreshToken', 'clientId', 'clientSecret']
      .map((key) => (document as Record<string, unknown>)[key])
      .filter((value): value is string => typeof value === 'string');
  } catch {
    return [];
  }
}

function urlPasswords(value: string): string[] {
  try {
    const { password } = new URL(value);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}

describe('malformed inputs fail before any request', () => {
  test('the table has at least 30 rows', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(BAD_INPUTS.map((row) => row.label)).size).toBe(BAD_INPUTS.length);
  });

  const table = BAD_INPUTS.map((row, index) => [row.label, row, index] as const);
  test.concurrent.each(table)('%s', async (_label, row, index) => {
    const s = rowSecrets(index);
    const inputs = row.inputs(s);
    const env = row.env?.(s) ?? {};
    await withEmulator(async (emulator) => {
      const result = await runAgainst(emulator, inputs, { env });

      expect(emulator.requests).toEqual([]);
      const message = expectFailedCleanly(result);
      for (const name of row.names) expect(message).toContain(name);
      expectNothingExported(result);

      const { masked, scanned } = givenSecrets(s, inputs, env);
      expectMaskedBeforeUse(result, masked);
      tally.scan(result, scanned);
    });
    counts.refused += 1;
  });
});
