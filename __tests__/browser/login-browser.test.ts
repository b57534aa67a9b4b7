import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { DEFAULT_USERS, IdentityCenterEmulator } from '../../emulator/index.js';
import {
  expectNoCliLeaks,
  expectOneSentence,
  runCli,
  SESSION_DOCUMENT_KEYS,
  START_URL,
} from '../support/cli.js';
import { repoRoot } from '../support/node24.js';
import { removeDir, tempHome } from '../support/temp-dirs.js';

/**
 * `login` end to end in a real browser: the built CLI under Node 24 starts its BROWSER command
 * as it would start a person's browser; that command (chromium-browser.mjs) drives a headless
 * Chromium from Debian's packages through playwright-core, signs in on the emulator's page and
 * clicks Allow or Deny. Skipped, with the reason printed, only where no Chromium is installed
 * (.ci/run installs one).
 */

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
].filter((path): path is string => Boolean(path));

const CHROMIUM = CANDIDATES.find((path) => existsSync(path));
if (!CHROMIUM) {
  console.warn(
    `Skipping the real-browser login tests: no Chromium at ${CANDIDATES.join(', ')} (apt-get install chromium-headless-shell, or set CHROMIUM_PATH).`,
  );
}
const browserTest = CHROMIUM ? test : test.skip;

const DRIVER = join(repoRoot, '__tests__', 'browser', 'chromium-browser.mjs');
const LOGIN = ['login', '--start-url', START_URL, '--sso-region', 'us-east-1'];

let emulator: IdentityCenterEmulator;
let home: string;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({ deviceInterval: 1 });
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(async () => {
  home = await tempHome('browser');
  emulator.clearRequests();
});

afterEach(async () => removeDir(home));

interface BrowserLog {
  readonly url?: string;
  readonly headings: string[];
  readonly error?: string;
}

/** The environment that makes the CLI's browser the Chromium driver. */
function browserEnv(decision: 'allow' | 'deny'): Record<string, string> {
  const user = DEFAULT_USERS[0];
  return {
    BROWSER: `${process.execPath} ${DRIVER}`,
    CHROMIUM_PATH: CHROMIUM ?? '',
    BROWSER_DECISION: decision,
    BROWSER_USER: user?.username ?? '',
    BROWSER_PASSWORD: user?.password ?? '',
    BROWSER_LOG: join(home, 'browser.json'),
  };
}

/** What the browser saw; the driver writes it when it has closed Chromium. */
async function browserLog(): Promise<BrowserLog> {
  const file = join(home, 'browser.json');
  const deadline = Date.now() + 60_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error('the browser never wrote its log');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return JSON.parse(await readFile(file, 'utf8')) as BrowserLog;
}

async function expectSessionFile(file: string): Promise<void> {
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const document = JSON.parse(await readFile(file, 'utf8'));
  expect(Object.keys(document)).toEqual(SESSION_DOCUMENT_KEYS);
  expect(document).toMatchObject({ startUrl: START_URL, region: 'us-east-1' });
  expect(emulator.isAccessTokenValid(document.accessToken)).toBe(true);
  const credentials = await runCli(
    ['credentials', '--session', file, '--account-id', '111111111111', '--role-name', 'ReadOnly'],
    { emulator, home },
  );
  expect(credentials.code).toBe(0);
  expect(credentials.stdout).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA[A-Z2-7]{16}'\n/);
}

const SLOW = { timeoutMs: 120_000 } as const;

/** `login` (with `flags`) in `home`, the browser script deciding; what the tool and the tab saw. */
async function loginInBrowser(decision: 'allow' | 'deny', flags: readonly string[] = []) {
  const file = join(home, 'session.json');
  const result = await runCli([...LOGIN, ...flags, '--output', file], {
    emulator,
    home,
    env: browserEnv(decision),
    ...SLOW,
  });
  const seen = await browserLog();
  expect(seen.error).toBeUndefined();
  return { file, result, seen };
}

describe('login in a real browser', () => {
  browserTest(
    'no flags: the browser opens, Allow, and the session works',
    async () => {
      const { file, result, seen } = await loginInBrowser('allow');
      expect(result.code).toBe(0);
      expect(seen.headings).toEqual(['Sign in', 'Allow access?', 'Signed in']);
      expect(seen.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
      expect(result.stderr).toContain('Opening the sign-in page in your browser.');
      expect(result.stderr).not.toContain('Could not open a browser');
      await expectSessionFile(file);
      expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
    },
    150_000,
  );

  browserTest(
    'Deny in the browser: the tab says so, the tool fails with one sentence, nothing written',
    async () => {
      const { file, result, seen } = await loginInBrowser('deny');
      expect(seen.headings).toEqual(['Sign in', 'Allow access?', 'Sign-in not completed']);
      expect(result.code).toBe(1);
      expect(expectOneSentence(result)).toMatch(/^The sign-in was denied in the browser/);
      expect(existsSync(file)).toBe(false);
    },
    150_000,
  );

  browserTest(
    '--use-device-code: the verification page opens with the code, Allow, and the session works',
    async () => {
      const { file, result, seen } = await loginInBrowser('allow', ['--use-device-code']);
      expect(result.code).toBe(0);
      expect(seen.headings).toEqual(['Authorize a device', 'Allow access?', 'Request approved']);
      expect(seen.url).toBe(`${emulator.url}/device/decision`);
      expect(result.stderr).toMatch(/The page must show this code: [A-Z]{4}-[A-Z]{4}/);
      await expectSessionFile(file);
      expectNoCliLeaks(result, emulator.issuedSecrets(), { stdout: true });
    },
    150_000,
  );
});
