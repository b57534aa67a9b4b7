// The BROWSER command of the real-browser tests: `node chromium-browser.mjs URL`, started by the
// CLI under test exactly as it starts a person's browser. It opens URL in a real headless
// Chromium (Debian's package, driven by playwright-core), signs in on the emulator's page as a
// seeded user, clicks Allow or Deny like a person, waits for the page that follows, and writes
// what it saw to BROWSER_LOG as JSON (headings, final origin and path; never a query, which may
// carry the authorization code).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const url = process.argv[2];
const env = process.env;
const decision = env.BROWSER_DECISION === 'deny' ? 'Deny' : 'Allow';
const log = { url: undefined, headings: [], error: undefined };

/** Chromium flags for a throwaway, offline, unattended run as root in a container. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function heading(page) {
  const text = ((await page.locator('h1').first().textContent()) ?? '').trim();
  log.headings.push(text);
  return text;
}

async function run(profile) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: env.CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    timeout: 60_000,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    await page.goto(url);
    await heading(page);
    await page.getByLabel('Username').fill(env.BROWSER_USER ?? '');
    await page.getByLabel('Password').fill(env.BROWSER_PASSWORD ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Allow access?' }).waitFor();
    log.headings.push('Allow access?');
    await page.getByRole('button', { name: decision }).click();
    // The page after the decision: the CLI's callback page, or the device page's verdict.
    const after = ['/oauth/callback', '/device/decision'];
    await page.waitForURL((next) => after.includes(next.pathname), { waitUntil: 'load' });
    await heading(page);
    const final = new URL(page.url());
    log.url = `${final.origin}${final.pathname}`;
    if (env.BROWSER_SCREENSHOT) await page.screenshot({ path: env.BROWSER_SCREENSHOT });
  } finally {
    await context.close();
  }
}

const profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
try {
  await run(profile);
} catch (error) {
  log.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  process.exitCode = 1;
} finally {
  await rm(profile, { recursive: true, force: true });
  if (env.BROWSER_LOG) await writeFile(env.BROWSER_LOG, JSON.stringify(log));
}
