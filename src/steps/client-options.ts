import { redactProxyUrl } from '../http/proxy.js';
import * as log from '../runner/log.js';
import type { ClientOptions } from '../sso/clients.js';
import { describeCause } from '../sso/service-errors.js';
import { Deadline } from '../time/deadline.js';
import type { TokenSettings } from './token-inputs.js';
import { GITHUB_VOCABULARY } from './vocabulary.js';

/**
 * The clients' options in an action step: the retry budget, the step's deadline (counted from the
 * start of the process: Node's start-up is part of the step), the proxy, and retries in the log.
 */
export function stepClientOptions(settings: TokenSettings): ClientOptions {
  return {
    maxAttempts: settings.maxAttempts,
    deadline: stepDeadline(settings),
    proxy: settings.proxy,
    onRetry: ({ attempt, maxAttempts, delayMs, error }) =>
      log.info(
        `Attempt ${attempt} of ${maxAttempts} failed (${describeCause(error, GITHUB_VOCABULARY)}); retrying in ${(delayMs / 1000).toFixed(1)}s.`,
      ),
  };
}

/**
 * action-timeout-s as a Deadline, counted from the start of the process (Node's start-up is part
 * of the step); undefined without one. Every call's deadline and every lock wait is this one.
 */
export function stepDeadline(settings: {
  readonly timeLimitMs?: number | undefined;
}): Deadline | undefined {
  return settings.timeLimitMs
    ? new Deadline(settings.timeLimitMs, performance.timeOrigin)
    : undefined;
}

/** Says which proxy is used and where it came from, without its user name and password. */
export function logProxy(settings: TokenSettings): void {
  if (!settings.proxy) return;
  log.info(
    `Using the proxy ${redactProxyUrl(settings.proxy.url)} (from ${settings.proxy.source}).`,
  );
}
