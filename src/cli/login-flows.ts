import type { SecretSink } from '../secrets/secret-sink.js';
import { plural } from '../shared/plural.js';
import { authorizationCodeLogin } from '../sso/authorization-code.js';
import type { IdentityCenterClients } from '../sso/clients.js';
import { type DeviceAuthorization, deviceLogin, type LoginRequest } from '../sso/device-flow.js';
import type { SsoSession } from '../sso/session.js';
import { describeWait } from '../time/relative-time.js';
import { openBrowser } from './browser.js';
import { startCallbackListener } from './callback-listener.js';
import type { CliIo } from './io.js';

/**
 * The two ways `login` signs a person in, and what they see on stderr meanwhile: the
 * authorization code with PKCE (the default, as in the AWS CLI since 2.22) and the device code
 * (`--use-device-code`, for a machine whose browser is elsewhere).
 */

export interface FlowSettings {
  readonly request: LoginRequest;
  /** Only print the URL; never start a browser. */
  readonly noBrowser: boolean;
  /** How long to wait for the person in the browser. */
  readonly timeoutMs: number;
}

function indented(url: string): string {
  return `\n    ${url}\n\n`;
}

/** The authorization-code prompt: the URL always, so that a browser that did not open is no dead end. */
export function authorizePrompt(url: string, opening: boolean, timeoutMs: number): string {
  const lead = opening
    ? 'Opening the sign-in page in your browser. If it does not open, open this URL in a browser on this machine:'
    : 'To sign in, open this URL in a browser on this machine:';
  return `\n${lead}\n${indented(url)}Waiting for the sign-in (up to ${describeWait(timeoutMs)})...\n`;
}

/** The device-code prompt: the page, and the code the page must show. */
export function devicePrompt(device: DeviceAuthorization, opening: boolean): string {
  const minutes = Math.max(1, Math.round(device.expiresInSeconds / 60));
  const lead = opening
    ? 'Opening the sign-in page in your browser. If it does not open, open this page in a browser (on any device) and approve the request:'
    : 'To sign in, open this page in a browser (on any device) and approve the request:';
  return [
    '',
    lead,
    '',
    `    ${device.verificationUriComplete ?? device.verificationUri}`,
    '',
    `The page must show this code: ${device.userCode}`,
    `Waiting for approval (the code expires in ${plural(minutes, 'minute')})...`,
    '',
  ].join('\n');
}

/**
 * Opens the URL unless told not to, without holding up the sign-in: the wait for the browser
 * has already begun, and a browser may come back before its opener has even exited. Says so
 * when no browser could be started; the wait goes on either way.
 */
function offerBrowser(url: string, settings: FlowSettings, io: CliIo): void {
  if (settings.noBrowser) return;
  void openBrowser(url, io.env).then((result) => {
    if (!result.opened) {
      io.err(`Could not open a browser (${result.reason}); open the URL above yourself.\n`);
    }
  });
}

/** Authorization code with PKCE: a loopback listener for the redirect, closed however it ends. */
export async function authorizationCodeFlow(
  clients: IdentityCenterClients,
  settings: FlowSettings,
  io: CliIo,
  mask: SecretSink,
): Promise<SsoSession> {
  const listener = await startCallbackListener({ timeoutMs: settings.timeoutMs });
  try {
    const present = (url: string): void => {
      io.err(authorizePrompt(url, !settings.noBrowser, settings.timeoutMs));
      offerBrowser(url, settings, io);
    };
    return await authorizationCodeLogin(clients.oidc, settings.request, listener, present, {
      mask,
      retry: clients.retry,
    });
  } finally {
    await listener.close();
  }
}

/** The device-authorization flow: the page and code on stderr, polling until approved. */
export async function deviceCodeFlow(
  clients: IdentityCenterClients,
  settings: FlowSettings,
  io: CliIo,
  mask: SecretSink,
): Promise<SsoSession> {
  const prompt = (device: DeviceAuthorization): void => {
    io.err(devicePrompt(device, !settings.noBrowser));
    offerBrowser(device.verificationUriComplete ?? device.verificationUri, settings, io);
  };
  return deviceLogin(clients.oidc, settings.request, prompt, {
    mask,
    retry: clients.retry,
    waitUntil: Date.now() + settings.timeoutMs,
    onPoll: (outcome, interval) => {
      if (outcome === 'slow_down') io.err(`Asked to poll more slowly: now every ${interval} s.\n`);
    },
  });
}
