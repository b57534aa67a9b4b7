/**
 * What a later `run:` step of the job gets: the job's environment (PATH, the step's home, the
 * step's exports) and nothing of the test process's, pointed at the emulator: the endpoint
 * variables for the clients that read them, the TLS interceptor for those that do not (Debian's
 * AWS CLI v2 and its botocore).
 */
import type { IdentityCenterEmulator } from '../../emulator/index.js';
import { endpointEnv } from './emulator.js';
import type { TlsInterceptor } from './tls-interceptor.js';

export interface JobEnvOptions {
  /** The emulator the job's tools reach. */
  readonly emulator: IdentityCenterEmulator;
  /** Present when a client that ignores the endpoint variables runs (support/real-clients.ts). */
  readonly interceptor?: TlsInterceptor | undefined;
  /** Variables the job sets itself; the step's exports still win. */
  readonly extra?: Record<string, string>;
}

/** The environment of a later step after the step that gave `result` (its exports and home). */
export function jobEnv(
  result: { readonly home: string; readonly env: Readonly<Record<string, string>> },
  { emulator, interceptor, extra = {} }: JobEnvOptions,
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: result.home,
    ...endpointEnv(emulator),
    ...(interceptor ? { HTTPS_PROXY: interceptor.url, AWS_CA_BUNDLE: interceptor.caFile } : {}),
    AWS_PAGER: '',
    ...extra,
    ...result.env,
  };
}
