import type { ApiRequest, ApiResponse } from './wire.js';

/**
 * The HTML a person sees on the emulator: plain forms that work without scripts, every reflected
 * value escaped, and headers that keep the pages from being framed, cached or scripted.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:3em auto;max-width:30em;line-height:1.5}' +
  'label{display:block;margin:.6em 0}input{display:block;width:100%;padding:.3em}' +
  'button{margin:.8em .6em 0 0;padding:.4em 1.2em}.error{color:#b00020}.code{font-size:1.6em;letter-spacing:.1em}';

/** A whole page; `body` must already be escaped HTML. */
export function htmlPage(status: number, title: string, body: string): ApiResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><p>AWS IAM Identity Center (emulator)</p><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return { status, headers: { ...PAGE_HEADERS }, body: html };
}

/** A page that only explains, in one paragraph. */
export function messagePage(status: number, title: string, text: string): ApiResponse {
  return htmlPage(status, title, paragraph(text));
}

/** 303 See Other: the browser follows with a GET, as after any form post. */
export function redirect(location: string): ApiResponse {
  return {
    status: 303,
    headers: { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
    body: '',
  };
}

/** The fields of an application/x-www-form-urlencoded post; empty for anything else. */
export function formFields(req: ApiRequest): URLSearchParams {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  return new URLSearchParams(req.rawBody ?? '');
}

export function paragraph(text: string, className?: string): string {
  const cls = className ? ` class="${className}"` : '';
  return `<p${cls}>${escapeHtml(text)}</p>`;
}

function hiddenFields(hidden: Record<string, string>): string {
  return Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
}

export interface SignInForm {
  readonly action: string;
  readonly hidden: Record<string, string>;
  readonly usernames: readonly string[];
  readonly error?: string;
  /** The device page asks for the code too, prefilled when the link carried it. */
  readonly userCode?: string;
}

export function signInForm(form: SignInForm): string {
  const codeField =
    form.userCode === undefined
      ? ''
      : `<label>Code <input name="user_code" value="${escapeHtml(form.userCode)}" autocomplete="off"></label>`;
  return [
    form.error ? paragraph(form.error, 'error') : '',
    `<form method="post" action="${form.action}">`,
    hiddenFields(form.hidden),
    codeField,
    '<label>Username <input name="username" autocomplete="username"></label>',
    '<label>Password <input name="password" type="password" autocomplete="current-password"></label>',
    '<button type="submit">Sign in</button>',
    '</form>',
    paragraph(`Seeded users of this emulator: ${form.usernames.join(', ')}.`),
  ].join('');
}

/**
 * The page after a sign-in: `lead` (already escaped HTML), the application asking, and Allow /
 * Deny as two submit buttons of one form, the choice in `decision`.
 */
export function consentPage(
  lead: string,
  clientName: string,
  action: string,
  ticket: string,
): ApiResponse {
  const body = [
    lead,
    `<p>Allow <strong>${escapeHtml(clientName)}</strong> to access your AWS accounts and permission sets?</p>`,
    `<form method="post" action="${action}">`,
    hiddenFields({ ticket }),
    '<button type="submit" name="decision" value="allow">Allow</button>',
    '<button type="submit" name="decision" value="deny">Deny</button>',
    '</form>',
  ].join('');
  return htmlPage(200, 'Allow access?', body);
}
