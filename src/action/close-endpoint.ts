import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import * as log from '../runner/log.js';
import { maskInLogs } from '../runner/masking.js';
import {
  CLOSE_PATH,
  type CloseAnswer,
  NONCE_HEADER,
  PROOF_HEADER,
} from '../shared/endpoint-protocol.js';
import { describeError } from '../shared/errors.js';
import { surfaceRotationAfterJob } from '../steps/rotation.js';
import { getTokenSettings, maskTokenInputs } from '../steps/token-inputs.js';
import type { EndpointState } from './endpoint.js';
import { readEndpointLog } from './endpoint-log.js';

/**
 * The post step's half of renew-credentials: endpoint. A control request only this step can make
 * (the control secret is in its state) takes the endpoint's final token state, proven by an HMAC
 * with a second secret the request never carries, and stops it; a refresh token the endpoint's
 * own refresh rotated is written back (only a token the service issued: the endpoint got it from
 * the service). Then the endpoint's log is printed in a group, and its files are removed.
 * Nothing here fails the step: trouble is a warning.
 */

const CLOSE_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 64 * 1024;
const MAX_LOG_BYTES = 256 * 1024;
const PORT_CLOSED_WITHIN_MS = 5_000;

export async function closeEndpoint(text: string): Promise<void> {
  maskTokenInputs();
  const state = parseState(text);
  if (!state) {
    log.warning("The post step cannot read the credential endpoint's state; it was not closed.");
    return;
  }
  for (const value of [state.control, state.seal]) maskInLogs(value);
  try {
    const answer = await askToClose(state);
    if (answer.rotated) await writeBack(answer.rotated);
    await waitUntilClosed(state.port);
    log.info(`Stopped the credential endpoint on 127.0.0.1:${state.port}.`);
  } catch (error) {
    log.warning(
      `The credential endpoint on 127.0.0.1:${state.port} did not answer the post step (${describeError(error)}); it had stopped already (see its log), or the runner stops it at the end of the job.`,
    );
  }
  await printLog(state.logFile);
  for (const file of [state.logFile, state.addressFile]) {
    if (file) await unlink(file).catch(() => undefined);
  }
}

async function writeBack(rotated: NonNullable<CloseAnswer['rotated']>): Promise<void> {
  for (const value of [rotated.refreshToken, rotated.accessToken]) maskInLogs(value);
  try {
    await surfaceRotationAfterJob(getTokenSettings(), {
      accessToken: rotated.accessToken,
      expiresAt: new Date(rotated.expiresAt),
      rotatedRefreshToken: rotated.refreshToken,
    });
  } catch (error) {
    log.warning(
      `The credential endpoint rotated the refresh token, and the post step could not write it back: ${describeError(error)}`,
    );
  }
}

/** The state as the main step saved it; files only under RUNNER_TEMP. */
function parseState(text: string): EndpointState | undefined {
  let state: Partial<EndpointState>;
  try {
    state = JSON.parse(text) as Partial<EndpointState>;
  } catch {
    return undefined;
  }
  const secret = (value: unknown) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
  const port = state?.port;
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) return undefined;
  if (!secret(state.control) || !secret(state.seal)) return undefined;
  if (!inRunnerTemp(state.logFile)) return undefined;
  if (state.addressFile !== undefined && !inRunnerTemp(state.addressFile)) return undefined;
  return state as EndpointState;
}

function inRunnerTemp(path: unknown): path is string {
  if (typeof path !== 'string' || !isAbsolute(path)) return false;
  const inside = relative(resolve(process.env.RUNNER_TEMP || tmpdir()), resolve(path));
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/** POST to the control path; the answer counts only with the seal's HMAC over our nonce. */
function askToClose(state: EndpointState): Promise<CloseAnswer> {
  const nonce = randomBytes(32).toString('hex');
  return new Promise<CloseAnswer>((resolveAnswer, reject) => {
    const call = request({
      host: '127.0.0.1',
      port: state.port,
      path: CLOSE_PATH,
      method: 'POST',
      headers: { authorization: state.control, [NONCE_HEADER]: nonce, 'content-length': '0' },
      timeout: CLOSE_TIMEOUT_MS,
    });
    call.on('timeout', () => call.destroy(new Error('no answer in time')));
    call.on('error', reject);
    call.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) call.destroy(new Error('the answer is too large'));
        else chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const proof = response.headers[PROOF_HEADER];
        if (response.statusCode !== 200 || !proven(state.seal, nonce, body, proof)) {
          reject(new Error(`answered ${response.statusCode} without the endpoint's proof`));
          return;
        }
        resolveAnswer(closeAnswerOf(body));
      });
    });
    call.end();
  });
}

function proven(seal: string, nonce: string, body: string, proof: unknown): boolean {
  if (typeof proof !== 'string' || !/^[0-9a-f]{64}$/.test(proof)) return false;
  const expected = createHmac('sha256', seal).update(nonce).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(proof, 'hex'));
}

const TOKEN = /^[A-Za-z0-9+/=._:-]{16,8192}$/;

function closeAnswerOf(body: string): CloseAnswer {
  const answer = JSON.parse(body) as CloseAnswer;
  const rotated = answer?.rotated;
  if (!rotated) return {};
  const valid =
    typeof rotated.refreshToken === 'string' &&
    TOKEN.test(rotated.refreshToken) &&
    typeof rotated.accessToken === 'string' &&
    TOKEN.test(rotated.accessToken) &&
    !Number.isNaN(Date.parse(rotated.expiresAt));
  if (!valid) throw new Error('its final token state is not in the expected shape');
  return { rotated };
}

/** Resolves once nothing accepts connections on the port (the endpoint exited). */
async function waitUntilClosed(port: number): Promise<void> {
  const until = Date.now() + PORT_CLOSED_WITHIN_MS;
  while (Date.now() < until) {
    if (!(await accepts(port))) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
  throw new Error('the port is still open');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolveAccepts) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveAccepts(true);
    });
    socket.once('error', () => resolveAccepts(false));
  });
}

/** The endpoint's log, in a group: each line withheld of secrets and neutralised by log.ts. */
async function printLog(file: string): Promise<void> {
  const text = await readEndpointLog(file, MAX_LOG_BYTES);
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return;
  log.group('The credential endpoint’s log', lines);
}
