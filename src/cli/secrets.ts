import { proxyFromEnvironment, proxyUrlSecrets } from '../http/proxy.js';
import { rememberSecret } from '../secrets/known-secrets.js';
import type { SecretSink } from '../secrets/secret-sink.js';

/**
 * The tool's SecretSink: every secret the shared modules report is remembered process-wide
 * (src/secrets/known-secrets.ts), so that an echoed service text withholds it before it is
 * rewritten, and the lines the tool prints on stderr are scrubbed of it. The messages are written
 * never to contain one; this is the second line of defence the runner's masking is for the
 * action. Values shorter than 8 characters are not secrets worth blanking every line for
 * (known-secrets.ts `isPlausibleSecret`).
 */
export const rememberCliSecret: SecretSink = (secret) => rememberSecret(secret);

/** The proxy's credentials from the environment, in every form a proxy's answer could echo. */
export function rememberProxyCredentials(env: NodeJS.ProcessEnv): void {
  for (const secret of proxyUrlSecrets(proxyFromEnvironment(env))) rememberCliSecret(secret);
}
