import { afterEach, describe, expect, test } from '@jest/globals';
import {
  CallbackError,
  type CallbackListener,
  startCallbackListener,
} from '../../src/cli/callback-listener.js';

/**
 * The loopback listener over plain HTTP, as any browser, local process or web page could reach
 * it: only the callback path answers, the state decides (a callback with another state is refused
 * and the wait goes on), and it closes once it has an answer.
 */

const STATE = '2b0c6f7e-8a51-4d1a-9a57-0f3f0d8c1e11';
let listener: CallbackListener | undefined;

afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

async function start(timeoutMs = 60_000): Promise<CallbackListener> {
  listener = await startCallbackListener({ timeoutMs });
  return listener;
}

function callback(target: CallbackListener, query: Record<string, string>): Promise<Response> {
  return fetch(`${target.redirectUri}?${new URLSearchParams(query)}`);
}

async function rejection(promise: Promise<unknown>): Promise<CallbackError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CallbackError);
  return error as CallbackError;
}

/** True once nothing listens on the port any more. */
async function refused(target: CallbackListener): Promise<boolean> {
  return fetch(target.redirectUri).then(
    () => false,
    () => true,
  );
}

describe('the callback listener', () => {
  test('listens on 127.0.0.1 at a random port, on /oauth/callback', async () => {
    const target = await start();
    expect(target.redirectUri).toBe(`http://127.0.0.1:${target.port}/oauth/callback`);
    expect(target.port).toBeGreaterThan(0);
  });

  test('takes the code with the right state, says the tab may close, and stops listening', async () => {
    const target = await start();
    const code = target.waitForCode(STATE);
    const response = await callback(target, { code: 'ac-the-code', state: STATE });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<h1>Signed in</h1>');
    expect(page).toContain('You may close this tab');
    expect(page).not.toContain('ac-the-code');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    await expect(code).resolves.toBe('ac-the-code');
    expect(await refused(target)).toBe(true);
  });

  test('answers nothing but GET /oauth/callback: everything else is a 404 and changes nothing', async () => {
    const target = await start();
    const code = target.waitForCode(STATE);
    const base = `http://127.0.0.1:${target.port}`;
    for (const path of ['/', '/favicon.ico', '/oauth/callback/', '/oauth', '/authorize']) {
      expect((await fetch(`${base}${path}?code=x&state=${STATE}`)).status).toBe(404);
    }
    const post = await fetch(target.redirectUri, { method: 'POST', body: `state=${STATE}` });
    expect(post.status).toBe(404);
    // Still waiting: the real callback is still taken.
    await callback(target, { code: 'ac-later', state: STATE });
    await expect(code).resolves.toBe('ac-later');
  });

  test('a callback with another state, or none, gets an error page and ends nothing: the right one still signs in', async () => {
    const target = await start();
    const code = target.waitForCode(STATE);
    const strays: Record<string, string>[] = [
      { code: 'ac-x', state: 'other-state' },
      { code: 'ac-x' },
      { error: 'access_denied', state: `${STATE}x` },
      { code: 'ac-x', state: '' },
    ];
    for (const query of strays) {
      const response = await callback(target, query);
      expect(response.status).toBe(400);
      const page = await response.text();
      expect(page).toContain('Not this sign-in');
      expect(page).not.toContain('ac-x');
    }
    const response = await callback(target, { code: 'ac-the-right-one', state: STATE });
    expect(response.status).toBe(200);
    expect(await code).toBe('ac-the-right-one');
    expect(await refused(target)).toBe(true);
  });

  test('only strays until the deadline: the timeout says how many were refused', async () => {
    const target = await start(1500);
    const code = rejection(target.waitForCode(STATE));
    for (const state of ['one', 'two']) {
      expect((await callback(target, { code: 'ac-x', state })).status).toBe(400);
    }
    expect((await code).message).toMatch(
      /^No sign-in came back from the browser within 2 seconds \(2 callbacks with a state that does not belong to this sign-in were refused: an old tab, or a page that is not IAM Identity Center's\)\. Nothing was written\./,
    );
  });

  test('error=access_denied is a denial', async () => {
    const target = await start();
    const code = rejection(target.waitForCode(STATE));
    await callback(target, { error: 'access_denied', state: STATE });
    const error = await code;
    expect(error.message).toMatch(
      /^The sign-in was denied in the browser \(access_denied\)\. Nothing was written/,
    );
  });

  test("another error is named, with the page's description made safe for a terminal", async () => {
    const target = await start();
    const code = rejection(target.waitForCode(STATE));
    await callback(target, {
      error: 'invalid_scope',
      error_description: 'bad\u001b[31m scope\nline\u0007',
      state: STATE,
    });
    const error = await code;
    expect(error.message).toContain('(invalid_scope: bad [31m scope line)');
    expect([...error.message].every((c) => c >= ' ' && c <= '~')).toBe(true);
  });

  test('an error code that is not one is not repeated', async () => {
    const target = await start();
    const code = rejection(target.waitForCode(STATE));
    await callback(target, { error: '\u001b]0;pwned\u0007', state: STATE });
    expect((await code).message).toContain('(an unrecognised error)');
  });

  test('a callback without a usable code is an error', async () => {
    const target = await start();
    const code = rejection(target.waitForCode(STATE));
    await callback(target, { code: 'has space', state: STATE });
    expect((await code).message).toMatch(/without an authorization code/);
  });

  test('the deadline passes: a timeout that names the wait, and the port is closed', async () => {
    const target = await start(1500);
    const error = await rejection(target.waitForCode(STATE));
    expect(error.message).toBe(
      'No sign-in came back from the browser within 2 seconds. Nothing was written. Run `aws-sso-credentials login` again; --timeout waits longer, and --use-device-code suits a machine whose browser cannot reach 127.0.0.1.',
    );
    expect(await refused(target)).toBe(true);
  });

  test('before anyone waits, a callback is told nobody is waiting', async () => {
    const target = await start();
    const response = await callback(target, { code: 'ac-x', state: STATE });
    expect(response.status).toBe(409);
  });

  test('close() ends a wait', async () => {
    const target = await start();
    const code = rejection(target.waitForCode(STATE));
    await target.close();
    expect((await code).message).toMatch(/^Stopped waiting for the browser/);
  });
});
