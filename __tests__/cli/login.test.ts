import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { runAgainst } from '../support/action.js';
import {
  type CliOptions,
  type CliResult,
  expectNoCliLeaks,
  expectOneSentence,
  runCli,
  SESSION_DOCUMENT_KEYS,
  START_URL,
  whenPrompted,
} from '../support/cli.js';
import { calls, devicePolls } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { cleanupRuns, expectSuccess } from '../support/runner.js';
import { decideDevice } from '../support/sign-in-pages.js';
import { useTempDir } from '../support/temp-dirs.js';
import { waitFor } from '../support/wait.js';

/** `login --use-device-code` against the emulator's device flow, run as the bundled tool. */

const LOGIN = [
  'login',
  '--use-device-code',
  '--no-browser',
  '--start-url',
  START_URL,
  '--sso-region',
  'us-east-1',
];

const emulator = useEmulator({ deviceInterval: 1, slowDownIncrementSeconds: 1 });
const home = useTempDir('login');

/** `login` with `args` against the emulator, in this test's HOME. */
function login(args: string[] = [], options: Partial<CliOptions> = {}): Promise<CliResult> {
  return runCli([...LOGIN, ...args], { emulator, home: home.path, ...options });
}

afterAll(cleanupRuns);

/** autoApproveDevices has no off switch; a threshold no device reaches is one. */
const NEVER = Number.POSITIVE_INFINITY;

/** `login` with the device approved by the emulator once it has been polled `pendingPolls` times. */
async function loginApproved(
  args: string[] = [],
  options: Partial<CliOptions> = {},
  pendingPolls = 0,
): Promise<CliResult> {
  emulator.autoApproveDevices(pendingPolls);
  try {
    return await login(args, options);
  } finally {
    emulator.autoApproveDevices(NEVER);
  }
}

/** A `gh` on PATH that runs `script` (sh), in a bin/ of this test's HOME; the PATH to use. */
async function fakeGh(script: string): Promise<string> {
  const bin = join(home.path, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'gh'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return `${bin}:${process.env.PATH ?? ''}`;
}

/** Approves the device once the emulator has answered `polls` pending polls. */
function approveAfterPending(polls: number) {
  return whenPrompted((code) => {
    void waitFor(() => devicePolls(emulator).length >= polls).then(() =>
      emulator.approveDevice(code),
    );
  });
}

describe('login --use-device-code', () => {
  test('waits through pending polls, then writes the sso-session document with mode 0600', async () => {
    const file = join(home.path, 'session.json');
    const result = await login(['--output', file], { onStderr: approveAfterPending(2) });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');

    const polls = devicePolls(emulator);
    expect(polls.slice(0, 2)).toEqual([
      'AuthorizationPendingException',
      'AuthorizationPendingException',
    ]);
    expect(polls.at(-1)).toBe('200');
    const register = emulator.requests.find((r) => r.path === '/client/register');
    expect(register?.body).toMatchObject({
      clientName: 'aws-sso-credentials',
      clientType: 'public',
      scopes: ['sso:account:access'],
      grantTypes: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    });

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    const document = JSON.parse(text);
    expect(Object.keys(document)).toEqual(SESSION_DOCUMENT_KEYS);
    expect(document).toMatchObject({ startUrl: START_URL, region: 'us-east-1' });
    expect(emulator.isAccessTokenValid(document.accessToken)).toBe(true);
    expect(document.refreshToken).toBe(emulator.lastRefreshToken);
    expect(Date.parse(document.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    expect(Date.parse(document.registrationExpiresAt) - Date.now()).toBeGreaterThan(
      89 * 86_400_000,
    );

    expect(result.stderr).toContain(
      'To sign in, open this page in a browser (on any device) and approve the request:',
    );
    expect(result.stderr).toContain(`${emulator.url}/device?user_code=`);
    expect(result.stderr).toMatch(/access token +expires 20\d\d-.*\(in 59 minutes\)/);
    expect(result.stderr).toMatch(
      /refresh session +ends with the IAM Identity Center session duration/,
    );
    expect(result.stderr).toMatch(/client registration +expires 20\d\d-.*\(in 89 days\)/);
    expect(result.stderr).toContain(`gh secret set SSO_SESSION < ${file}`);
    for (const name of ['SSO_REFRESH_TOKEN', 'SSO_CLIENT_ID', 'SSO_CLIENT_SECRET']) {
      expect(result.stderr).toContain(name);
    }
    expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
  });

  test('without --output the document goes to stdout and everything else to stderr', async () => {
    const result = await loginApproved([], {}, 1);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(Object.keys(document)).toEqual(SESSION_DOCUMENT_KEYS);
    expect(result.stderr).toContain('Printed the session document on stdout.');
    expectNoCliLeaks(result, emulator.issuedSecrets());
  });

  test('slow_down adds 5 seconds to the polling interval', async () => {
    emulator.injectFault('/token', { kind: 'status', status: 400, errorType: 'SlowDownException' });
    const result = await login([], {
      onStderr: whenPrompted((code) => emulator.approveDevice(code)),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Asked to poll more slowly: now every 6 s.');
    const tokenCalls = emulator.requests.filter((r) => r.path === '/token');
    expect(tokenCalls.map((r) => r.errorType ?? r.status)).toEqual(['SlowDownException', 200]);
    const [first, second] = tokenCalls;
    expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(6000);
  }, 20_000);

  test('a denied request exits 1 with one sentence', async () => {
    const result = await login([], { onStderr: whenPrompted((code) => emulator.denyDevice(code)) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(expectOneSentence(result)).toMatch(
      /^The sign-in request was denied in the browser \(access_denied\)/,
    );
    expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
  });

  test('an unwritable --output fails before the browser step', async () => {
    const result = await login(['--output', join(home.path, 'missing', 'session.json')]);
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toMatch(
      /^Cannot write the session document to .*session\.json \(--output\): its directory does not exist\./,
    );
    expect(calls(emulator)).toEqual([]);
  });

  test('--gh-secret hands the one-line document to `gh secret set NAME` on stdin', async () => {
    const log = join(home.path, 'gh.log');
    const PATH = await fakeGh(
      `printf '%s\\n' "$*" >> "${log}.args"\n[ "$1" = auth ] && exit 0\ncat > "${log}"`,
    );
    const result = await loginApproved(['--gh-secret', 'SSO_SESSION'], { env: { PATH } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(await readFile(`${log}.args`, 'utf8')).toBe('auth status\nsecret set SSO_SESSION\n');
    const stored = await readFile(log, 'utf8');
    expect(stored).not.toContain('\n');
    expect(Object.keys(JSON.parse(stored))).toEqual(SESSION_DOCUMENT_KEYS);
    expect(result.stderr).toContain(
      'Stored the session document as the GitHub secret SSO_SESSION.',
    );
    expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
  });

  test('--gh-secret without gh on PATH says so before the sign-in', async () => {
    const empty = join(home.path, 'empty');
    await mkdir(empty);
    const result = await loginApproved(['--gh-secret', 'SSO_SESSION'], { env: { PATH: empty } });
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toMatch(
      /^Could not run `gh` \(the GitHub CLI\) to store the secret SSO_SESSION: it is not on PATH\. Install it from https:\/\/cli\.github\.com\/, or use --output and `gh secret set SSO_SESSION < FILE`\.$/,
    );
    expect(result.stdout).toBe('');
    expect(calls(emulator)).toEqual([]);
  });

  test('--gh-secret with gh signed in nowhere says so before the sign-in', async () => {
    const PATH = await fakeGh(
      "[ \"$1 $2\" = 'auth status' ] || exit 9\necho 'You are not logged into any GitHub hosts. To log in, run: gh auth login' >&2\nexit 1",
    );
    const result = await loginApproved(['--gh-secret', 'SSO_SESSION'], { env: { PATH } });
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toMatch(
      /^`gh auth status` failed \(exit 1\): You are not logged into any GitHub hosts\. To log in, run: gh auth login; sign in with `gh auth login` before `login --gh-secret`, or use --output and `gh secret set SSO_SESSION < FILE`\.$/,
    );
    expect(calls(emulator)).toEqual([]);
  });

  test("a failing `gh secret set` is reported with its exit code and gh's last line", async () => {
    const PATH = await fakeGh(
      "[ \"$1\" = auth ] && exit 0\ncat >/dev/null\necho 'some progress' >&2\necho 'HTTP 403: Resource not accessible' >&2\nexit 4",
    );
    const result = await loginApproved(['--gh-secret', 'SSO_SESSION'], { env: { PATH } });
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toMatch(
      /^`gh secret set SSO_SESSION` failed \(exit 4\): HTTP 403: Resource not accessible\. The session document was printed on stdout instead\.$/,
    );
    expect(Object.keys(JSON.parse(result.stdout))).toEqual(SESSION_DOCUMENT_KEYS);
    expectNoCliLeaks(result, emulator.issuedSecrets());
  });

  test("the document works as the action's sso-session input", async () => {
    const login = await loginApproved();
    expect(login.code).toBe(0);
    const document = login.stdout.trim();
    emulator.clearRequests();
    const run = await runAgainst(emulator, {
      'sso-session': document,
      'account-id': '111111111111',
      'role-name': 'ReadOnly',
    });
    expectSuccess(run);
    expect(run.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    // The registration is 90 days away: no warning about it. (The action also warns that the
    // access token expires before the credentials, although this document can refresh it.)
    expect(run.warnings.map((w) => w.message).join('\n')).not.toMatch(/registration/);
    // The fresh access token is used as it is: no refresh.
    expect(calls(emulator)).toEqual(['GET /federation/credentials']);
  });
});

describe('login --use-device-code in a browser', () => {
  test('opens verificationUriComplete with BROWSER; Allow on the page completes the sign-in', async () => {
    const record = join(home.path, 'browser-args.txt');
    const recorder = join(home.path, 'record-browser.sh');
    await writeFile(recorder, '#!/bin/sh\nprintf "%s\\n" "$@" > "$RECORD"\n', { mode: 0o755 });
    const file = join(home.path, 'session.json');
    const args = LOGIN.filter((arg) => arg !== '--no-browser').concat('--output', file);
    const pending = runCli(args, {
      emulator,
      home: home.path,
      env: { BROWSER: recorder, RECORD: record },
    });
    await waitFor(() => existsSync(record));
    const [opened] = (await readFile(record, 'utf8')).trimEnd().split('\n');
    expect(opened).toMatch(new RegExp(`^${emulator.url}/device\\?user_code=[A-Z]{4}-[A-Z]{4}$`));
    expect((await decideDevice(opened ?? '')).title).toBe('Request approved');
    const result = await pending;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Opening the sign-in page in your browser.');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
  });

  test('--timeout stops waiting before the device code expires', async () => {
    const result = await login(['--timeout', '2s']);
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toMatch(
      /^Nobody approved the sign-in request within 2 seconds\. Run `aws-sso-credentials login` again/,
    );
    expect(result.stdout).toBe('');
  });
});

describe('an expired device code', () => {
  const shortLived = useEmulator({ deviceInterval: 1, deviceCodeTtlSeconds: 2 });

  test('exits 1 with a sentence when nobody approves in time', async () => {
    const result = await login([], { emulator: shortLived });
    expect(result.code).toBe(1);
    expect(devicePolls(shortLived).at(-1)).toBe('ExpiredTokenException');
    const message = expectOneSentence(result);
    expect(message).toMatch(/^The sign-in request expired before it was approved/);
    expect(message).toMatch(/Run `aws-sso-credentials login` again/);
    expectNoCliLeaks(result, shortLived.issuedSecrets(), { stdout: true });
  });
});
