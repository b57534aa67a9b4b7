import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { HttpRequest } from '@smithy/core/protocols';
import { streamCollector } from '@smithy/node-http-handler';
import { BoundedHttpHandler, MAX_BODY_BYTES } from '../../src/http/bounded-handler.js';

/** The handler as clients.ts builds it, but with a short deadline, against a loopback server. */

let respond: (response: ServerResponse) => void = (response) => response.end('{}');
let server: Server;
let port: number;
let bytesSent = 0;

beforeAll(async () => {
  server = createServer((_request, response) => respond(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const DEADLINE_MS = 800;

async function fetchBody(): Promise<{ status: number; body: string }> {
  const handler = new BoundedHttpHandler(
    { requestTimeout: DEADLINE_MS, connectionTimeout: 1000, throwOnRequestTimeout: true },
    { maxBodyBytes: MAX_BODY_BYTES, deadlineMs: DEADLINE_MS },
  );
  try {
    const request = new HttpRequest({
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/',
      method: 'GET',
    });
    const { response } = await handler.handle(request);
    const bytes = await streamCollector(response.body);
    return { status: response.statusCode, body: Buffer.from(bytes).toString() };
  } finally {
    handler.destroy();
  }
}

async function failure(): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await fetchBody();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the body was read');
}

/** Writes `chunk` for as long as the client takes it. */
function endless(response: ServerResponse, chunk: Buffer): void {
  bytesSent = 0;
  const pump = () => {
    while (!response.destroyed && response.write(chunk)) bytesSent += chunk.length;
    if (!response.destroyed) response.once('drain', pump);
  };
  pump();
}

describe('BoundedHttpHandler', () => {
  test('passes an ordinary body on unchanged', async () => {
    respond = (response) => response.end('{"roleCredentials":{}}');
    expect(await fetchBody()).toEqual({ status: 200, body: '{"roleCredentials":{}}' });
  });

  test('a body of exactly 1 MiB is accepted', async () => {
    respond = (response) => response.end(Buffer.alloc(MAX_BODY_BYTES, 'a'));
    expect((await fetchBody()).body).toHaveLength(MAX_BODY_BYTES);
  });

  test('an endless body is refused at 1 MiB, without reading on', async () => {
    respond = (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      endless(response, Buffer.alloc(64 * 1024, 'a'));
    };
    const error = await failure();
    expect(error.name).toBe('ResponseTooLargeError');
    expect(error.message).toBe(
      'the response body is larger than 1 MiB; refused without reading the rest',
    );
    expect(error.$metadata?.httpStatusCode).toBe(200);
    // the connection was closed: the server stopped being able to write soon after 1 MiB
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bytesSent).toBeLessThan(8 * MAX_BODY_BYTES);
  });

  test('a declared Content-Length over 1 MiB is refused before the body is read', async () => {
    respond = (response) => {
      response.writeHead(500, { 'content-length': String(2 * MAX_BODY_BYTES) });
      response.write('{');
    };
    const error = await failure();
    expect(error.name).toBe('ResponseTooLargeError');
    expect(error.$metadata?.httpStatusCode).toBe(500);
  });

  test('a trickling body ends at the deadline as a TimeoutError', async () => {
    respond = (response) => {
      response.writeHead(200);
      const timer = setInterval(() => response.write(' '), 50);
      response.on('close', () => clearInterval(timer));
    };
    const started = Date.now();
    const error = await failure();
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toMatch(/did not complete within the 800 ms requestTimeout/);
    // generous: the deadline plus a loaded machine's slack, far below "for ever"
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 5000);
  });

  test('silent headers still end with the handler’s own requestTimeout', async () => {
    respond = () => {};
    const error = await failure();
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toMatch(/requestTimeout/);
  });
});
