import { describe, expect, test } from '@jest/globals';
import {
  type CliOptions,
  type CliResult,
  expectOneSentence,
  runCli,
  START_URL,
  whenPrompted,
} from '../support/cli.js';
import { calls } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { useTempDir } from '../support/temp-dirs.js';

/**
 * What `login` says when it cannot work as asked: on a machine where no browser can be opened
 * (Linux without DISPLAY, WAYLAND_DISPLAY and BROWSER; an SSH session), and when the sign-in
 * service cannot be reached (a region whose host does not exist). The tool runs as built, with
 * the minimal environment of support/cli.ts: no display, no BROWSER.
 */

const emulator = useEmulator({ deviceInterval: 1 });
const home = useTempDir('obstacles');

const SIGN_IN = ['login', '--start-url', START_URL];

function login(args: string[], options: Partial<CliOptions> = {}): Promise<CliResult> {
  return runCli([...SIGN_IN, ...args], { emulator, home: home.path, ...options });
}

describe('no browser can be opened here', () => {
  test.each([
    ['Linux without a display', {}],
    ['an SSH session', { SSH_CONNECTION: '203.0.113.7 50022 10.0.0.5 22', SSH_TTY: '/dev/pts/1' }],
  ])(
    '%s: login says at once that --use-device-code is the way, and calls nothing',
    async (_l, env) => {
      // The default timeout is ten minutes; runCli kills the tool after 20 s, so an answer at
      // all proves it did not wait for a browser that cannot come back.
      const result = await login(['--sso-region', 'us-east-1'], { env });
      expect(result.code).toBe(1);
      const sentence = expectOneSentence(result);
      expect(sentence).toMatch(
        /^No browser can be opened here \(no display, and BROWSER is not set/,
      );
      expect(sentence).toContain('Sign in with --use-device-code');
      expect(result.stderr).not.toContain('Waiting for the sign-in');
      expect(calls(emulator)).toEqual([]);
    },
  );

  test('--use-device-code prints the page and code and announces no browser it cannot open', async () => {
    const result = await login(['--sso-region', 'us-east-1', '--use-device-code'], {
      onStderr: whenPrompted((code) => emulator.approveDevice(code)),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'To sign in, open this page in a browser (on any device) and approve the request:',
    );
    expect(result.stderr).not.toMatch(/Opening the sign-in page|Could not open a browser/);
  });

  test('--no-browser still waits for a browser opened by hand on this machine', async () => {
    const result = await login(['--sso-region', 'us-east-1', '--no-browser', '--timeout', '1s']);
    expect(result.stderr).toContain('To sign in, open this URL in a browser on this machine:');
    expect(expectOneSentence(result)).not.toContain('No browser can be opened');
  });
});

describe('the sign-in service cannot be reached', () => {
  // No network here but loopback: neither name resolves, and a name that does not resolve is not
  // retried (http/retry.ts), so each run ends in well under runCli's 20 s.
  test('a region whose host does not exist: the sentence names the host, --sso-region and the network', async () => {
    const result = await runCli([...SIGN_IN, '--sso-region', 'us-east-9', '--use-device-code'], {
      home: home.path,
    });
    expect(result.code).toBe(1);
    const sentence = expectOneSentence(result);
    expect(sentence).toMatch(
      /^RegisterClient could not reach oidc\.us-east-9\.amazonaws\.com.*: the name (does not resolve \(ENOTFOUND\)|could not be looked up \(EAI_AGAIN\))\. Check --sso-region and this machine's network/,
    );
  });

  test('an endpoint that does not resolve (AWS_ENDPOINT_URL_SSO_OIDC) is named as the host tried', async () => {
    const result = await runCli([...SIGN_IN, '--sso-region', 'us-east-1', '--use-device-code'], {
      home: home.path,
      env: { AWS_ENDPOINT_URL_SSO_OIDC: 'http://name.invalid' },
    });
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toMatch(
      /^RegisterClient could not reach name\.invalid.*\. Check --sso-region and this machine's network/,
    );
  });
});
