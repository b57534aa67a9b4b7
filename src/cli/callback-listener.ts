import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../shared/errors.js';
import { byCount, plural } from '../shared/plural.js';
import { CALLBACK_PATH, type CallbackReceiver } from '../sso/authorization-code.js';
import { describeWait } from '../time/relative-time.js';

/**
 * The loopback end of the authorization-code flow: an HTTP listener on 127.0.0.1 (a random port)
 * that answers only `GET /oauth/callback`, takes the first callback with this sign-in's state as
 * the outcome, shows the person a page, and closes at once. Everything about the callback is
 * untrusted: any local process or web page can send the browser here, so the state decides and
 * nothing is echoed. A callback with another state (or none) is answered with an error page and
 * changes nothing: the listener keeps waiting for the right one until the deadline, so a stray
 * or hostile request cannot end someone's sign-in.
 */

const AGAIN = 'Nothing was written. Run `aws-sso-credentials login` again';

/** The browser came back, but not with a code for this sign-in. */
export class CallbackError extends UserError {
  override readonly name = 'CallbackError';
}

export interface CallbackListener extends CallbackReceiver {
  readonly port: number;
  /** Stops listening; pending waits reject. Safe to call more than once. */
  close(): Promise<void>;
}

export interface CallbackListenerOptions {
  /** How long to wait for the browser once waitForCode is called. */
  readonly timeoutMs: number;
}

type Outcome = { readonly code: string } | { readonly error: CallbackError };

/**
 * What a callback's query means, given the state this sign-in sent; undefined when the state is
 * not this sign-in's (an old tab, another process, a page that is not IAM Identity Center's).
 */
function interpretCallback(query: URLSearchParams, expectedState: string): Outcome | undefined {
  if (query.get('state') !== expectedState) return undefined;
  const error = query.get('error');
  if (error !== null) return { error: deniedOrFailed(error, query.get('error_description')) };
  const code = query.get('code');
  // Codes are opaque but bounded; anything else is not one to send on to CreateToken.
  if (code === null || !/^[\x21-\x7e]{1,4096}$/.test(code)) {
    return {
      error: new CallbackError(`The browser came back without an authorization code. ${AGAIN}.`),
    };
  }
  return { code };
}

function deniedOrFailed(error: string, description: string | null): CallbackError {
  if (error === 'access_denied') {
    return new CallbackError(
      `The sign-in was denied in the browser (access_denied). ${AGAIN} and choose Allow, or ask your IAM Identity Center administrator for access.`,
    );
  }
  const code = /^[a-z_]{1,64}$/.test(error) ? error : 'an unrecognised error';
  const detail = description ? `: ${printable(description)}` : '';
  return new CallbackError(`The sign-in page returned an error (${code}${detail}). ${AGAIN}.`);
}

/** A page's words, made safe for a terminal: printable ASCII only, one line, bounded. */
function printable(text: string): string {
  const line = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function timeoutError(timeoutMs: number, strays: number): CallbackError {
  const refused =
    strays === 0
      ? ''
      : ` (${byCount(strays, 'one callback', plural(strays, 'callback'))} with a state that does not belong to this sign-in ${byCount(strays, 'was', 'were')} refused: an old tab, or a page that is not IAM Identity Center's)`;
  return new CallbackError(
    `No sign-in came back from the browser within ${describeWait(timeoutMs)}${refused}. ${AGAIN}; --timeout waits longer, and --use-device-code suits a machine whose browser cannot reach 127.0.0.1.`,
  );
}

/** Starts listening on 127.0.0.1 at a port the system picks. */
export async function startCallbackListener(
  options: CallbackListenerOptions,
): Promise<CallbackListener> {
  let settle: ((outcome: Outcome) => void) | undefined;
  let expected: string | undefined;
  let strays = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) return notFound(res);
    if (!settle || expected === undefined) return page(res, 409, PAGES.notWaiting);
    const outcome = interpretCallback(url.searchParams, expected);
    if (!outcome) {
      strays += 1;
      return page(res, 400, PAGES.notThisSignIn);
    }
    const done = settle;
    settle = undefined;
    page(res, 'code' in outcome ? 200 : 400, 'code' in outcome ? PAGES.done : PAGES.failed, () =>
      done(outcome),
    );
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;
  const close = async (): Promise<void> => {
    settle?.({ error: new CallbackError(`Stopped waiting for the browser. ${AGAIN}.`) });
    settle = undefined;
    if (!server.listening) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const waitForCode = (state: string): Promise<string> => {
    expected = state;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => settle?.({ error: timeoutError(options.timeoutMs, strays) }),
        options.timeoutMs,
      );
      settle = (outcome) => {
        clearTimeout(timer);
        settle = undefined;
        // Closes as soon as the answer is in: nothing else is ever served.
        void close();
        server.closeAllConnections();
        if ('code' in outcome) resolve(outcome.code);
        else reject(outcome.error);
      };
    });
  };
  return { port, redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, waitForCode, close };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Pages that send nothing anywhere else: no scripts, no links, no referrer, no caching. */
const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  Connection: 'close',
};

function html(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>body{font-family:system-ui,sans-serif;margin:4em auto;max-width:34em;line-height:1.5}</style></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
}

/** Fixed texts: nothing from the request is ever reflected into a page. */
const PAGES = {
  done: html(
    'Signed in',
    'aws-sso-credentials has the sign-in it was waiting for. You may close this tab and return to the terminal.',
  ),
  failed: html(
    'Sign-in not completed',
    'aws-sso-credentials did not get a sign-in it can use. The terminal says why; you may close this tab.',
  ),
  notThisSignIn: html(
    'Not this sign-in',
    'This page does not belong to the sign-in aws-sso-credentials is waiting for (an old tab, or a link from elsewhere). It is still waiting: sign in on the page it opened.',
  ),
  notWaiting: html(
    'Not waiting',
    'aws-sso-credentials is not waiting for a sign-in here. You may close this tab.',
  ),
} as const;

function page(res: ServerResponse, status: number, body: string, then?: () => void): void {
  res.writeHead(status, { ...HEADERS, 'Content-Length': Buffer.byteLength(body) });
  res.end(body, then);
}

function notFound(res: ServerResponse): void {
  const body = 'Not found\n';
  res.writeHead(404, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  res.end(body);
}
