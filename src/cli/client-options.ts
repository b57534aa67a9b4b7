import { noProxyFromEnvironment, parseProxyUrl, proxyFromEnvironment } from '../http/proxy.js';
import { UserError } from '../shared/errors.js';
import type { ClientOptions } from '../sso/clients.js';
import { describeCause } from '../sso/service-errors.js';
import type { CliIo } from './io.js';
import { cliVocabulary } from './vocabulary.js';

/**
 * Three attempts per call, as the AWS CLI makes: someone is waiting at a terminal (or the AWS CLI
 * is, through credential_process), not a fleet of jobs that must all get through.
 */
export const CLI_MAX_ATTEMPTS = 3;

/** Client options for the tool: its retry budget, the environment's proxy, retries told on stderr. */
export function cliClientOptions(io: CliIo): ClientOptions {
  const proxy = environmentProxy(io.env);
  return {
    maxAttempts: CLI_MAX_ATTEMPTS,
    proxy,
    onRetry: ({ attempt, maxAttempts, delayMs, error }) =>
      io.err(
        `Attempt ${attempt} of ${maxAttempts} failed (${describeCause(error, cliVocabulary())}); retrying in ${(delayMs / 1000).toFixed(1)}s.\n`,
      ),
  };
}

/** HTTPS_PROXY and friends, as the action reads them; the URL is never printed (it may hold a password). */
function environmentProxy(env: NodeJS.ProcessEnv): ClientOptions['proxy'] {
  const value = proxyFromEnvironment(env);
  if (!value) return undefined;
  const url = parseProxyUrl(value);
  if (!url) {
    throw new UserError(
      'The proxy in the environment (HTTPS_PROXY or HTTP_PROXY) must be an http:// or https:// proxy URL, e.g. http://proxy.example.com:3128.',
    );
  }
  return { url, noProxy: noProxyFromEnvironment(env) };
}
