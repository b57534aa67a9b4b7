import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { PORTAL_CONCURRENCY } from '../../src/sso/limits.js';
import { expectFailedCleanly, runAgainst, tokenInputs } from '../support/action.js';
import { calls, requestsTo, withEmulator } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import type { RunOptions } from '../support/runner.js';
import { useTempDirs } from '../support/temp-dirs.js';

/** The `profiles` input of the bundled main action and its post step, against the emulator. */

const emulator = useEmulator();
const freshHome = useTempDirs('home');

const THREE = [
  '# production first',
  'prod = 111111111111/ReadOnly',
  '',
  'prod-admin = 111111111111/AdministratorAccess',
  'dev  =  222222222222 / PowerUserAccess   # inline comment',
].join('\n');

const EXPECTED = [
  { profile: 'prod', 'account-id': '111111111111', 'role-name': 'ReadOnly' },
  { profile: 'prod-admin', 'account-id': '111111111111', 'role-name': 'AdministratorAccess' },
  { profile: 'dev', 'account-id': '222222222222', 'role-name': 'PowerUserAccess' },
];

/** The action with the THREE profiles of a freshly seeded session, and `inputs` on top. */
function runThree(inputs: Record<string, string> = {}, options: Partial<RunOptions> = {}) {
  return runAgainst(
    emulator,
    { ...tokenInputs(emulator.seedSession()), profiles: THREE, ...inputs },
    options,
  );
}

/** The credentials section the action writes, read back from the file. */
function section(text: string, profile: string): Record<string, string> {
  const body = text.split(`[${profile}]\n`)[1]?.split(/\n\[/)[0] ?? '';
  return Object.fromEntries(
    body
      .split('\n')
      .filter((line) => line.includes(' = '))
      .map((line) => line.split(' = ') as [string, string]),
  );
}

describe('profiles: the files, the outputs, and nothing in the environment', () => {
  test('one refresh, one GetRoleCredentials per profile, both files written, masked', async () => {
    const result = await runThree({ 'aws-region': 'eu-west-1' });
    const home = result.home;
    expect(result.exitCode).toBe(0);
    expect(result.errors).toEqual([]);
    expect(calls(emulator).filter((call) => call === 'POST /token')).toHaveLength(1);
    const asked = emulator.requests.filter((r) => r.path === '/federation/credentials');
    expect(asked.map((r) => `${r.query.account_id}/${r.query.role_name}`).sort()).toEqual(
      EXPECTED.map((e) => `${e['account-id']}/${e['role-name']}`).sort(),
    );

    const credentials = await readFile(join(home, '.aws', 'credentials'), 'utf8');
    expect(credentials.match(/^\[.*\]$/gm)).toEqual(['[prod]', '[prod-admin]', '[dev]']);
    for (const { profile } of EXPECTED) {
      const keys = section(credentials, profile);
      expect(Object.keys(keys)).toEqual([
        'aws_access_key_id',
        'aws_secret_access_key',
        'aws_session_token',
      ]);
      for (const value of Object.values(keys)) {
        expect(emulator.issuedSecrets()).toContain(value);
        expect(result.masks).toContain(value);
      }
    }
    expect((await stat(join(home, '.aws', 'credentials'))).mode & 0o777).toBe(0o600);

    const config = await readFile(join(home, '.aws', 'config'), 'utf8');
    const id = /\(([0-9a-f]{12})\)/.exec(config)?.[1];
    expect(config).toBe(
      EXPECTED.map(
        ({ profile }) =>
          `[profile ${profile}]\n# written by aws-sso-credentials (${id}); its post step removes it\nregion = eu-west-1\n`,
      ).join(''),
    );

    expect(result.env).toEqual({});
    const profiles = JSON.parse(result.outputs.profiles ?? '') as Record<string, string>[];
    expect(profiles.map(({ expiration, ...rest }) => rest)).toEqual(EXPECTED);
    for (const { expiration } of profiles) expect(expiration).toMatch(/^\d{4}-.*\.\d{3}Z$/);
    for (const absent of ['aws-account-id', 'expiration', 'aws-access-key-id']) {
      expect(result.outputs).not.toHaveProperty(absent);
    }
    expect(result.summary).toContain('prod-admin');
    expect(result.summary).toContain('AWS_PROFILE');
  });

  test('the post step removes both files it created', async () => {
    const result = await runThree({ 'aws-region': 'eu-west-1' });
    const home = result.home;
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(post.warnings).toEqual([]);
    await expect(stat(join(home, '.aws', 'credentials'))).rejects.toThrow(/ENOENT/);
    await expect(stat(join(home, '.aws', 'config'))).rejects.toThrow(/ENOENT/);
  });

  test('without aws-region only the credentials file is written', async () => {
    const result = await runThree();
    const home = result.home;
    expect(result.exitCode).toBe(0);
    await expect(stat(join(home, '.aws', 'config'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(home, '.aws', 'credentials'), 'utf8')).toContain('[dev]\n');
  });
});

describe('the post step restores existing files byte for byte', () => {
  const CREDENTIALS = [
    '# kept by the runner between jobs',
    '[default]',
    'aws_access_key_id = AKIADEFAULTEXAMPLE',
    'aws_secret_access_key = default-secret',
    '',
    '[other]',
    'aws_access_key_id = AKIAOTHEREXAMPLE', // no final newline on purpose
  ].join('\n');
  const CONFIG = [
    '[default]',
    'region = us-east-1',
    '; a profile of the runner owner',
    '[profile keep]',
    'region = ap-south-1',
    'output = json',
    '',
  ].join('\r\n');

  test('both files, with other profiles and comments, no final newline, CRLF', async () => {
    const home = await freshHome();
    const credentialsFile = join(home, 'credentials');
    const configFile = join(home, 'config');
    await writeFile(credentialsFile, CREDENTIALS, { mode: 0o640 });
    await writeFile(configFile, CONFIG, { mode: 0o644 });
    const env = { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: configFile };
    const result = await runThree({ 'aws-region': 'eu-west-1' }, { home, env });
    expect(result.exitCode).toBe(0);
    const during = await readFile(credentialsFile, 'utf8');
    expect(during.startsWith(`${CREDENTIALS}\n[prod]\n`)).toBe(true);
    const config = await readFile(configFile, 'utf8');
    expect(config.startsWith(`${CONFIG}[profile prod]\r\n`)).toBe(true);
    // 0600 while it holds this step's credentials, its own mode again afterwards
    expect((await stat(credentialsFile)).mode & 0o777).toBe(0o600);

    const post = await result.runPost({ env });
    expect(post.exitCode).toBe(0);
    expect(await readFile(credentialsFile, 'utf8')).toBe(CREDENTIALS);
    expect(await readFile(configFile, 'utf8')).toBe(CONFIG);
    expect((await stat(credentialsFile)).mode & 0o777).toBe(0o640);
    expect((await stat(configFile)).mode & 0o777).toBe(0o644);
  });

  test('a profile rewritten after the main step is left; the others are removed', async () => {
    const result = await runThree();
    const home = result.home;
    const file = join(home, '.aws', 'credentials');
    const rewritten = '[dev]\naws_access_key_id = ASIAREWRITTENBYALATERSTEP\n';
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/\[dev\]\n(?:.*\n)*/, rewritten));
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(rewritten);
  });
});

describe('concurrency', () => {
  test('N profiles: one token, at most PORTAL_CONCURRENCY GetRoleCredentials in flight, far below N × latency', async () => {
    await withEmulator(
      async (slow) => {
        const count = 3 * PORTAL_CONCURRENCY;
        for (let n = 0; n < count; n++) {
          slow.addAccount({
            accountId: String(300000000000 + n),
            accountName: `A${n}`,
            roles: ['ReadOnly'],
          });
        }
        const lines = Array.from(
          { length: count },
          (_, n) => `p${n} = ${300000000000 + n}/ReadOnly`,
        );
        const result = await runAgainst(slow, {
          ...tokenInputs(slow.seedSession()),
          profiles: lines.join('\n'),
        });
        expect(result.exitCode).toBe(0);
        expect(calls(slow).filter((call) => call === 'POST /token')).toHaveLength(1);
        const arrivals = requestsTo(slow, '/federation/credentials').map((request) => request.time);
        expect(arrivals).toHaveLength(count);
        // A worker sends its next request only after its last answer (200 ms later), so the
        // arrivals within any window shorter than 200 ms are requests in flight at the same
        // time; the widest such window leaves a loaded machine the most room to send a wave.
        const inFlight = Math.max(
          ...arrivals.map((start) => arrivals.filter((t) => t >= start && t < start + 195).length),
        );
        expect(inFlight).toBe(PORTAL_CONCURRENCY);
        // Three waves take ~400 ms; one at a time would take (count - 1) × 200 ms = 9.4 s. The
        // in-flight count above pins the concurrency; this bound, with a loaded 2-core machine's
        // slack, only says the whole run is waves, never one request after another.
        const span = Math.max(...arrivals) - Math.min(...arrivals);
        expect(span).toBeLessThan((count / PORTAL_CONCURRENCY) * 200 + 2000);
        expect(span).toBeGreaterThanOrEqual((count / PORTAL_CONCURRENCY - 1) * 200 - 20);
      },
      { latencyMs: 200 },
    );
  });
});

describe('errors', () => {
  test('every bad line is reported with its line number, before any request', async () => {
    const profiles = [
      'prod = 111111111111/ReadOnly',
      '',
      '# fine',
      'this line has no equals sign',
      'dev = 12345/ReadOnly',
      'bad name = 111111111111/ReadOnly',
      'ops = 222222222222/Read Only',
      'prod = 222222222222/ReadOnly',
    ].join('\n');
    const result = await runAgainst(emulator, {
      ...tokenInputs(emulator.seedSession()),
      profiles,
    });
    const message = expectFailedCleanly(result);
    expect(message).toBe(
      "Input 'profiles' has errors: line 4: expected `name = account-id/role-name`; " +
        'line 5: the account id must be 12 digits; ' +
        'line 6: the profile name must be letters, digits or ._-@+ (at most 128); ' +
        'line 7: the role name must be a permission set name: 1-64 letters, digits or +=,.@_-; ' +
        "line 8: profile 'prod' is already on line 1",
    );
    expect(emulator.requests).toEqual([]);
  });

  test('line numbers count the blank lines the input starts with', async () => {
    const result = await runAgainst(emulator, {
      ...tokenInputs(emulator.seedSession()),
      profiles: '\n\nprod = 1/ReadOnly\n',
    });
    expect(expectFailedCleanly(result)).toMatch(/line 3: the account id/);
  });

  test.each([
    ['account-id', { 'account-id': '111111111111' }],
    ['role-name', { 'role-name': 'ReadOnly' }],
    ['profile', { profile: 'ci' }],
    ['output-credentials', { 'output-credentials': 'true' }],
  ])('profiles with %s is an error naming it', async (input, extra) => {
    const result = await runThree(extra);
    expect(expectFailedCleanly(result)).toMatch(new RegExp(`^Input '${input}' cannot be`));
    expect(emulator.requests).toEqual([]);
  });

  test('neither profiles nor account-id: account-id is required', async () => {
    const result = await runAgainst(emulator, tokenInputs(emulator.seedSession()));
    expect(expectFailedCleanly(result)).toBe("Input 'account-id' is required (or give 'profiles')");
  });

  test('one role not assigned (403): nothing written, nothing output, nothing for the post step', async () => {
    const home = await freshHome();
    const profiles = `${THREE}\nnope = 222222222222/AdministratorAccess`;
    const result = await runAgainst(
      emulator,
      { ...tokenInputs(emulator.seedSession()), profiles, 'aws-region': 'eu-west-1' },
      { home },
    );
    const message = expectFailedCleanly(result);
    expect(message).toMatch(/^Profile 'nope' \(line 6 of 'profiles'\): No access: .*403/);
    expect(result.state).toEqual({});
    await expect(stat(join(home, '.aws'))).rejects.toThrow(/ENOENT/);
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toBe('');
  });

  test('a failure leaves existing files untouched', async () => {
    const home = await freshHome();
    const file = join(home, 'credentials');
    const original = '[default]\naws_access_key_id = AKIAKEEP\n';
    await writeFile(file, original);
    const result = await runAgainst(
      emulator,
      { ...tokenInputs(emulator.seedSession()), profiles: 'x = 111111111111/PowerUserAccess' },
      { home, env: { AWS_SHARED_CREDENTIALS_FILE: file } },
    );
    expectFailedCleanly(result);
    expect(await readFile(file, 'utf8')).toBe(original);
  });
});

describe('other inputs with profiles', () => {
  test('mask-account-id masks every account id; the summary shows the last four digits', async () => {
    const result = await runThree({ 'mask-account-id': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.masks).toEqual(expect.arrayContaining(['111111111111', '222222222222']));
    expect(result.summary).not.toContain('111111111111');
    expect(result.summary).toContain('********2222');
  });

  test('a rotated refresh token still reaches the outputs, with the warning', async () => {
    const session = emulator.seedSession();
    const result = await runAgainst(emulator, { ...tokenInputs(session), profiles: THREE });
    expect(result.outputs['refresh-token']).toBeTruthy();
    expect(result.outputs['refresh-token']).not.toBe(session.refreshToken);
    expect(result.warnings.map((w) => w.message).join('\n')).toMatch(/rotated the refresh token/);
  });

  test('sso-session with a current access token: no refresh at all', async () => {
    const session = emulator.seedSession({ accessTokenTtlSeconds: 3600 });
    const result = await runAgainst(emulator, {
      'sso-session': JSON.stringify(emulator.sessionDocument(session)),
      profiles: THREE,
    });
    expect(result.exitCode).toBe(0);
    expect(calls(emulator)).toEqual(Array(3).fill('GET /federation/credentials'));
  });
});
