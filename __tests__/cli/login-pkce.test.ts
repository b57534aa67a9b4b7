import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator } from '../../emulator/index.js';
import {
  type CliResult,
  expectNoCliLeaks,
  expectOneSentence,
  runCli,
  SESSION_DOCUMENT_KEYS,
  START_URL,
} from '../support/cli.js';
import { cleanupRuns } from '../support/runner.js';
import {
  authorizeUrlIn,
  completeAuthorization,
  decideAuthorization,
  getPage,
} from '../support/sign-in-pages.js';
import { removeDir, tempHome } from '../support/temp-dirs.js';
import { waitFor } from '../support/wait.js';

/**
 * `login` with no flow flag: the authorization code with PKCE, run as the bundled tool. The
 * person is played over plain HTTP here (the same forms the real-browser tests click), so that
 * every hop can be checked and these run even where no Chromium can be installed.
 */

const LOGIN = ['login', '--start-url', START_URL, '--sso-region', 'us-east-1'];

let emulator: IdentityCenterEmulator;
let home: string;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start();
});

afterAll(async () => {
  await emulator.stop();
  await cleanupRuns();
});

beforeEach(async () => {
  home = await tempHome('pkce');
  emulator.clearRequests();
});

afterEach(async () => removeDir(home));

/** What the running tool has printed on stderr so far, for actions that react to a note. */
let printed = '';

/** Runs login; `act` gets the authorize URL as soon as the tool prints it. */
function loginWith(
  args: string[],
  act: (url: string) => Promise<unknown>,
  env: Record<string, string> = {},
): Promise<{ result: CliResult; acted: Promise<unknown> }> {
  let acted: Promise<unknown> = Promise.resolve(undefined);
  let started = false;
  printed = '';
  const onStderr = (stderr: string) => {
    printed = stderr;
    const url = authorizeUrlIn(stderr);
    if (started || !url) return;
    started = true;
    acted = act(url);
  };
  return runCli([...LOGIN, ...args], { emulator, home, env, onStderr }).then((result) => ({
    result,
    acted,
  }));
}

function tokenCalls() {
  return emulator.requests.filter((r) => r.path === '/token');
}

describe('login (authorization code with PKCE)', () => {
  test('sign in and Allow: the session document with mode 0600, the AWS CLI keys', async () => {
    const file = join(home, 'session.json');
    const { result, acted } = await loginWith(['--no-browser', '--output', file], (url) =>
      completeAuthorization(url),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const { callback } = (await acted) as Awaited<ReturnType<typeof completeAuthorization>>;
    expect(callback.status).toBe(200);
    expect(callback.title).toBe('Signed in');
    expect(callback.html).toContain('You may close this tab');

    const register = emulator.requests.find((r) => r.path === '/client/register');
    expect(register?.body).toEqual({
      clientName: 'aws-sso-credentials',
      clientType: 'public',
      scopes: ['sso:account:access'],
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: START_URL,
    });
    const [authorize] = emulator.authorizationRequests();
    expect(authorize?.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    expect(authorize?.state).toMatch(/^[0-9a-f-]{36}$/);
    expect(authorize?.scopes).toEqual(['sso:account:access']);
    const [create] = tokenCalls();
    const body = create?.body as Record<string, string>;
    expect(body).toMatchObject({
      grantType: 'authorization_code',
      redirectUri: authorize?.redirectUri,
    });
    expect(body.codeVerifier).toMatch(/^[A-Za-z0-9._~-]{64}$/);
    expect(
      createHash('sha256')
        .update(body.codeVerifier ?? '')
        .digest('base64url'),
    ).toBe(authorize?.codeChallenge);
    expect(create?.status).toBe(200);

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const document = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(document)).toEqual(SESSION_DOCUMENT_KEYS);
    expect(document).toMatchObject({ startUrl: START_URL, region: 'us-east-1' });
    expect(emulator.isAccessTokenValid(document.accessToken)).toBe(true);
    expect(document.refreshToken).toBe(emulator.lastRefreshToken);

    expect(result.stderr).toContain('To sign in, open this URL in a browser on this machine:');
    expect(result.stderr).toContain('Waiting for the sign-in (up to 10 minutes)...');
    expect(result.stderr).toContain(`Wrote the session document to ${file} (mode 0600).`);
    // The listener closed as soon as it had the code.
    await expect(fetch(authorize?.redirectUri ?? '')).rejects.toThrow();
    expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });

    const credentials = await runCli(
      ['credentials', '--session', file, '--account-id', '111111111111', '--role-name', 'ReadOnly'],
      { emulator, home },
    );
    expect(credentials.code).toBe(0);
    expect(credentials.stdout).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA/);
  });

  test('Deny: one sentence, exit 1, nothing written', async () => {
    const file = join(home, 'session.json');
    const { result } = await loginWith(['--no-browser', '--output', file], (url) =>
      completeAuthorization(url, { decision: 'deny' }),
    );
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toMatch(
      /^The sign-in was denied in the browser \(access_denied\)\. Nothing was written\./,
    );
    expect(existsSync(file)).toBe(false);
    expect(tokenCalls()).toEqual([]);
  });

  test('a stray callback with a wrong state gets an error page and ends nothing: the sign-in goes on', async () => {
    const file = join(home, 'session.json');
    const { result, acted } = await loginWith(['--no-browser', '--output', file], async (url) => {
      const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
      const stray = await getPage(`${redirect}?code=ac-forged&state=not-the-state`);
      return { stray, signIn: await completeAuthorization(url) };
    });
    const { stray, signIn } = (await acted) as {
      stray: { status: number; title: string };
      signIn: Awaited<ReturnType<typeof completeAuthorization>>;
    };
    expect(stray).toMatchObject({ status: 400, title: 'Not this sign-in' });
    expect(signIn.callback.status).toBe(200);
    expect(result.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    // Only the real code went to CreateToken; the forged one never left the listener.
    expect(tokenCalls()).toHaveLength(1);
    expect(JSON.stringify(tokenCalls())).not.toContain('ac-forged');
  });

  test('nobody signs in: the --timeout passes, one sentence, nothing written', async () => {
    const file = join(home, 'session.json');
    const result = await runCli([...LOGIN, '--no-browser', '--timeout', '2', '--output', file], {
      emulator,
      home,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Waiting for the sign-in (up to 2 seconds)...');
    expect(expectOneSentence(result)).toMatch(
      /^No sign-in came back from the browser within 2 seconds\. Nothing was written\./,
    );
    expect(existsSync(file)).toBe(false);
    expect(tokenCalls()).toEqual([]);
  });

  test('BROWSER is started with the authorize URL; --no-browser starts nothing', async () => {
    const record = join(home, 'browser-args.txt');
    const recorder = join(home, 'record-browser.sh');
    await writeFile(recorder, '#!/bin/sh\nprintf "%s\\n" "$@" > "$RECORD"\n', { mode: 0o755 });
    const env = { BROWSER: recorder, RECORD: record };

    const { result } = await loginWith(
      [],
      async (url) => {
        await waitFor(() => existsSync(record));
        expect(await readFile(record, 'utf8')).toBe(`${url}\n`);
        return completeAuthorization(url);
      },
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'Opening the sign-in page in your browser. If it does not open, open this URL in a browser on this machine:',
    );

    const quiet = join(home, 'quiet.txt');
    const { result: again } = await loginWith(
      ['--no-browser'],
      (url) => completeAuthorization(url),
      { ...env, RECORD: quiet },
    );
    expect(again.code).toBe(0);
    expect(existsSync(quiet)).toBe(false);
  });

  test('no browser at all: the emulator approves (autoAuthorize) and curl stands in', async () => {
    emulator.autoAuthorize();
    try {
      const file = join(home, 'session.json');
      const result = await runCli([...LOGIN, '--output', file], {
        emulator,
        home,
        env: { BROWSER: 'curl -fsS -o /dev/null -L' },
      });
      expect(result.code).toBe(0);
      expect(Object.keys(JSON.parse(await readFile(file, 'utf8')))).toEqual(SESSION_DOCUMENT_KEYS);
      expectNoCliLeaks(result, emulator.issuedSecrets());
    } finally {
      emulator.autoAuthorize(false);
    }
  });

  test('when no browser can be opened the URL is printed and the tool waits for it', async () => {
    const { result } = await loginWith(
      [],
      async (url) => {
        // The person reads the note, then opens the URL by hand.
        await waitFor(() => printed.includes('Could not open a browser'));
        return completeAuthorization(url);
      },
      { BROWSER: '/nonexistent/browser' },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'Could not open a browser (/nonexistent/browser: not found); open the URL above yourself.',
    );
  });

  test('an expired or foreign code at CreateToken is a sentence about the code', async () => {
    const { result } = await loginWith(['--no-browser'], async (url) => {
      const decision = await decideAuthorization(url);
      const location = new URL(decision.location ?? '');
      // The code is swapped for one the service never issued, as a code injection would.
      location.searchParams.set('code', 'ac-not-a-code-this-emulator-issued');
      return getPage(location.href);
    });
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toMatch(
      /^IAM Identity Center refused the authorization code \(invalid_grant\)/,
    );
  });
});
