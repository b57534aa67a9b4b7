import { type Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createProxyAgents } from '../http/proxy.js';
import { type RetryPolicy, withRetries } from '../http/retry.js';
import { untrustedText } from '../secrets/untrusted-text.js';

/**
 * A minimal client of the GitHub REST API for the secret write-back: node's own http(s), the
 * step's proxy (with NO_PROXY) when it has one, a deadline per attempt, a bounded answer, and
 * retries of what another attempt can change (429, 5xx, resets, timeouts). Loaded only with the
 * write-back (a lazy chunk), so the common path does not pay for it.
 */

export interface RestTarget {
  /** GITHUB_API_URL. */
  readonly apiUrl: URL;
  readonly token: string;
  readonly proxy?: { readonly url: URL; readonly noProxy: string };
}

export interface RestResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** An answer worth another attempt; shaped as retry.ts reads status and Retry-After. */
export class RetryableAnswer extends Error {
  override readonly name = 'RetryableAnswer';
  readonly $response: { statusCode: number; headers: Record<string, string | undefined> };
  constructor(readonly response: RestResponse) {
    super(`HTTP ${response.status}`);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    this.$response = { statusCode: response.status, headers };
  }
}

const ATTEMPT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 64 * 1024;
const REST_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  throttlingBaseDelayMs: 2000,
  maxDelayMs: 10_000,
};

/**
 * One API call, retried under REST_RETRY_POLICY. Any other answer (2xx, 4xx) is returned for the
 * caller to read; a retryable one left after the last attempt ends as RetriesExhaustedError.
 */
export async function callGitHub(
  target: RestTarget,
  method: 'GET' | 'PUT',
  path: string,
  body?: unknown,
): Promise<RestResponse> {
  const agents = target.proxy
    ? await createProxyAgents(target.proxy.url, target.proxy.noProxy)
    : undefined;
  try {
    return await withRetries(REST_RETRY_POLICY, async () => {
      const response = await send(target, method, path, body, agents);
      if (response.status === 429 || response.status >= 500) throw new RetryableAnswer(response);
      return response;
    });
  } finally {
    agents?.httpAgent.destroy();
    agents?.httpsAgent.destroy();
  }
}

/** GITHUB_API_URL may carry a path (GitHub Enterprise Server: /api/v3). */
function urlOf(apiUrl: URL, path: string): URL {
  return new URL(`${apiUrl.href.replace(/\/+$/, '')}${path}`);
}

function send(
  target: RestTarget,
  method: string,
  path: string,
  body: unknown,
  agents: { httpAgent: Agent; httpsAgent: Agent } | undefined,
): Promise<RestResponse> {
  const url = urlOf(target.apiUrl, path);
  const secure = url.protocol === 'https:';
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = {
    Accept: 'application/vnd.github+json',
    Authorization: `Bearer ${target.token}`,
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'aws-sso-credentials',
    ...(payload === undefined
      ? {}
      : {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(payload)),
        }),
  };
  const agent = agents ? (secure ? agents.httpsAgent : agents.httpAgent) : undefined;
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(url, {
      method,
      headers,
      ...(agent ? { agent } : {}),
    });
    const timer = setTimeout(() => {
      request.destroy(
        Object.assign(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS} ms`), {
          name: 'TimeoutError',
        }),
      );
    }, ATTEMPT_TIMEOUT_MS);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) request.destroy(new Error('the answer is too large'));
        else chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text });
      });
      response.on('error', reject);
    });
    request.end(payload);
  });
}

/**
 * GitHub's own `message` of an error answer, as one short line, if it has one: made safe as every
 * echoed text is (untrusted-text.ts), so known secrets (the github-token first) are withheld
 * before anything else, token-like runs too, and the text is shortened only between words.
 */
export function gitHubMessage(response: RestResponse): string | undefined {
  try {
    const { message } = JSON.parse(response.body) as { message?: unknown };
    if (typeof message !== 'string') return undefined;
    const line = untrustedText(message, 200);
    return line === '' ? undefined : line;
  } catch {
    return undefined;
  }
}
