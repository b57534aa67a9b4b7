import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import type { HttpHandlerOptions } from '@smithy/types';

/**
 * The SDK's request handler with two bounds on every response, whoever sends it (the service,
 * a private endpoint, a proxy):
 *
 * - size: a body over `maxBodyBytes` (1 MiB) is refused without reading the rest. A declared
 *   Content-Length over the limit is refused before the first byte; otherwise the bytes are
 *   counted as they arrive and the connection is closed at the first byte over.
 * - time: the whole response, headers and body, must arrive within `deadlineMs` of the attempt's
 *   start (or within the call's own requestTimeout, when it gives one: CreateToken does).
 *   NodeHttpHandler's requestTimeout ends at the response headers and its socket timeout
 *   only notices silence, so a body that trickles in (a byte every few seconds) or never ends
 *   would otherwise hold the step forever. Until the headers arrive, requestTimeout (the same
 *   number) applies as before; this handler takes over for the body.
 *
 * Both failures reach the SDK as errors of the body stream, with `$metadata.httpStatusCode` set,
 * so that the SDK passes them on as they are and retry.ts classifies them: the deadline is a
 * TimeoutError (retried like any timeout), an oversized answer is final unless its status is a 5xx.
 * The rejected body is never read into a message.
 */

export interface ResponseBounds {
  readonly maxBodyBytes: number;
  readonly deadlineMs: number;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** An answer larger than the bound: never read to the end, never echoed. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  readonly $metadata: { httpStatusCode?: number | undefined };
  constructor(maxBytes: number, status: number | undefined) {
    super(`the response body is larger than ${sizeOf(maxBytes)}; refused without reading the rest`);
    this.$metadata = { httpStatusCode: status };
  }
}

/** The body did not arrive in time; named TimeoutError so that it is retried like one. */
class ResponseDeadlineError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
  readonly $metadata: { httpStatusCode?: number | undefined };
  constructor(deadlineMs: number, status: number | undefined) {
    super(
      `the response did not complete within the ${deadlineMs} ms requestTimeout (headers and body)`,
    );
    this.$metadata = { httpStatusCode: status };
  }
}

function sizeOf(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** A little after the deadline, in case the handler's own timeout did not end the attempt. */
const ABORT_GRACE_MS = 1000;

export class BoundedHttpHandler extends NodeHttpHandler {
  constructor(
    options: NodeHttpHandlerOptions,
    private readonly bounds: ResponseBounds,
  ) {
    super(options);
  }

  override async handle(
    request: HttpRequest,
    options: HttpHandlerOptions = {},
  ): Promise<{ response: HttpResponse }> {
    const started = Date.now();
    // A call may give its own per-attempt timeout (CreateToken does); the deadline follows it.
    const deadlineMs = options.requestTimeout ?? this.bounds.deadlineMs;
    const abort = new AbortController();
    const safetyNet = setTimeout(() => abort.abort(), deadlineMs + ABORT_GRACE_MS);
    safetyNet.unref();
    try {
      const abortSignal =
        options.abortSignal ?? (abort.signal as HttpHandlerOptions['abortSignal']);
      const result = await super.handle(request, {
        ...options,
        ...(abortSignal ? { abortSignal } : {}),
      });
      const remainingMs = deadlineMs - (Date.now() - started);
      result.response.body = boundBody(
        result.response,
        { ...this.bounds, deadlineMs },
        remainingMs,
      );
      return result;
    } finally {
      clearTimeout(safetyNet);
    }
  }
}

function declaredLength(response: HttpResponse): number | undefined {
  const entry = Object.entries(response.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'content-length',
  );
  const length = Number(entry?.[1]);
  return entry && Number.isFinite(length) ? length : undefined;
}

/** The response body behind a counting, time-limited stream. */
function boundBody(response: HttpResponse, bounds: ResponseBounds, remainingMs: number): unknown {
  const source = response.body as IncomingMessage | undefined;
  if (!source || typeof source.on !== 'function') return source;
  return new BoundedBody(source, {
    ...bounds,
    remainingMs,
    status: response.statusCode,
    declaredLength: declaredLength(response),
  });
}

interface BodyLimits extends ResponseBounds {
  readonly remainingMs: number;
  readonly status: number | undefined;
  readonly declaredLength: number | undefined;
}

/**
 * Passes the body on until it ends, it grows past the size bound, or the deadline comes. Starts
 * when the SDK first reads it: by then the SDK listens for its errors, so that a failure can
 * never go unheard (an unheard stream error would leave the SDK waiting for ever).
 */
class BoundedBody extends Readable {
  private started = false;
  private done = false;
  private received = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: IncomingMessage,
    private readonly limits: BodyLimits,
  ) {
    super();
  }

  override _read(): void {
    if (this.started) {
      this.source.resume();
      return;
    }
    this.started = true;
    const { declaredLength, maxBodyBytes, status } = this.limits;
    if (declaredLength !== undefined && declaredLength > maxBodyBytes) {
      this.fail(new ResponseTooLargeError(maxBodyBytes, status));
      return;
    }
    this.timer = setTimeout(
      () => this.fail(new ResponseDeadlineError(this.limits.deadlineMs, status)),
      Math.max(0, this.limits.remainingMs),
    );
    this.timer.unref();
    this.source.on('data', (chunk: Buffer) => this.accept(chunk));
    this.source.on('end', () => this.finish());
    this.source.on('error', (error) => this.fail(error));
  }

  private accept(chunk: Buffer): void {
    if (this.done) return;
    this.received += chunk.length;
    if (this.received > this.limits.maxBodyBytes) {
      this.fail(new ResponseTooLargeError(this.limits.maxBodyBytes, this.limits.status));
      return;
    }
    if (!this.push(chunk)) this.source.pause();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.push(null);
  }

  /** Destroying the message closes the socket: the rest is never read, and it is not reused. */
  private fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.source.destroy();
    this.destroy(error);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.timer);
    if (!this.done) {
      this.done = true;
      this.source.destroy();
    }
    callback(error);
  }
}
