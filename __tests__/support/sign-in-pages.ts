import { DEFAULT_USERS } from '../../emulator/index.js';

/**
 * A person at the emulator's sign-in pages without a browser: plain HTTP GETs and form posts,
 * with redirects followed by hand so that each hop can be checked. The real-browser tests do
 * the same clicks in Chromium; these helpers cover the flows where a browser adds nothing
 * (wrong state, timeouts, the opener failing) and run even where no Chromium can be installed.
 */

export interface Page {
  readonly status: number;
  /** The page's <h1>, or '' when it has none. */
  readonly title: string;
  readonly html: string;
  /** The Location of a redirect. */
  readonly location?: string;
}

export interface Person {
  readonly username?: string;
  readonly password?: string;
  readonly decision?: 'allow' | 'deny';
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function toPage(response: Response): Promise<Page> {
  const html = await response.text();
  const title = /<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';
  const location = response.headers.get('location');
  return { status: response.status, title, html, ...(location ? { location } : {}) };
}

export async function getPage(url: string): Promise<Page> {
  return toPage(await fetch(url, { redirect: 'manual' }));
}

export async function postForm(url: string, fields: Record<string, string>): Promise<Page> {
  const body = new URLSearchParams(fields).toString();
  return toPage(await fetch(url, { method: 'POST', headers: FORM, body, redirect: 'manual' }));
}

/** The value of a hidden form field. */
export function hiddenField(page: Page, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(page.html)?.[1];
  if (value === undefined) throw new Error(`no hidden ${name} on the page "${page.title}"`);
  return value;
}

function credentials(person: Person): { username: string; password: string } {
  const user = DEFAULT_USERS[0];
  return {
    username: person.username ?? user?.username ?? '',
    password: person.password ?? user?.password ?? '',
  };
}

/**
 * Signs in on the authorize page and decides; returns the decision's answer (a 303 to the
 * redirect URI, when all went well). The callback itself is not visited.
 */
export async function decideAuthorization(
  authorizeUrl: string,
  person: Person = {},
): Promise<Page> {
  const origin = new URL(authorizeUrl).origin;
  const signInPage = await getPage(authorizeUrl);
  if (signInPage.status !== 200) return signInPage;
  const consent = await postForm(`${origin}/authorize/sign-in`, {
    request: hiddenField(signInPage, 'request'),
    ...credentials(person),
  });
  if (consent.status !== 200) return consent;
  return postForm(`${origin}/authorize/decision`, {
    ticket: hiddenField(consent, 'ticket'),
    decision: person.decision ?? 'allow',
  });
}

/** decideAuthorization, then the browser's last hop: the redirect to the CLI's callback. */
export async function completeAuthorization(
  authorizeUrl: string,
  person: Person = {},
): Promise<{ decision: Page; callback: Page }> {
  const decision = await decideAuthorization(authorizeUrl, person);
  if (!decision.location) throw new Error(`no redirect after the decision: ${decision.title}`);
  return { decision, callback: await getPage(decision.location) };
}

/** Enters the code on the device-verification page, signs in and decides. */
export async function decideDevice(verificationUrl: string, person: Person = {}): Promise<Page> {
  const url = new URL(verificationUrl);
  const page = await getPage(verificationUrl);
  if (page.status !== 200) return page;
  const consent = await postForm(`${url.origin}/device/sign-in`, {
    user_code: url.searchParams.get('user_code') ?? '',
    ...credentials(person),
  });
  if (consent.status !== 200) return consent;
  return postForm(`${url.origin}/device/decision`, {
    ticket: hiddenField(consent, 'ticket'),
    decision: person.decision ?? 'allow',
  });
}

/** The /authorize URL the CLI printed on stderr, once it has. */
export function authorizeUrlIn(stderr: string): string | undefined {
  return /(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)/.exec(stderr)?.[1];
}
