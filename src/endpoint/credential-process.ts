import { request } from 'node:http';
import { readBounded } from '../disk/bounded-read.js';
import { neutralise } from '../secrets/neutralise.js';
import type { AddressFile, ServedCredentials } from '../shared/endpoint-protocol.js';

/**
 * The `credential_process` of a profile that `renew-credentials: endpoint` writes with
 * `profiles`: asks the job's credential endpoint for that profile's role and prints the answer
 * in the process-credentials format. argv: ADDRESS_FILE PROFILE. The address file (0600, under
 * RUNNER_TEMP) holds the endpoint's URL and authorization token, never the session. A bundle of
 * its own (dist/main/credential-process/), Node built-ins only, so that it starts fast.
 */

const TIMEOUT_MS = 5_000;
const MAX_ANSWER_BYTES = 64 * 1024;

/** The message reaches the job's log through the tool that ran us: one neutralised line. */
function fail(message: string): never {
  process.stderr.write(`aws-sso-credentials credential_process: ${neutralise(message)}\n`);
  process.exit(1);
}

/** The address file, read as every file read back is (a later step may have replaced it). */
async function readAddress(file: string): Promise<AddressFile> {
  const read = await readBounded(file, {
    maxBytes: MAX_ANSWER_BYTES,
    ownUser: true,
    forbiddenModeBits: 0o077,
  });
  if (read.kind !== 'read')
    fail(`cannot read ${file}: ${read.kind === 'missing' ? 'it is gone' : read.reason}`);
  try {
    const address = JSON.parse(read.text) as Partial<AddressFile>;
    if (typeof address.url !== 'string' || typeof address.authorization !== 'string') {
      fail(`${file} is not an endpoint address file`);
    }
    return address as AddressFile;
  } catch (error) {
    return fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function fetchCredentials(address: AddressFile, profile: string): void {
  const url = `${address.url}/${encodeURIComponent(profile)}`;
  const call = request(url, {
    headers: { authorization: address.authorization },
    timeout: TIMEOUT_MS,
  });
  call.on('timeout', () => call.destroy(new Error('no answer in time')));
  call.on('error', (error) => fail(`the credential endpoint at ${address.url}: ${error.message}`));
  call.on('response', (response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) call.destroy(new Error('answer too large'));
      else chunks.push(chunk);
    });
    response.on('end', () =>
      answer(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')),
    );
  });
  call.end();
}

function answer(status: number, body: string): void {
  let document: Partial<ServedCredentials> & { Message?: string };
  try {
    document = JSON.parse(body);
  } catch {
    fail(`the credential endpoint answered ${status}`);
  }
  if (status !== 200) fail(document.Message ?? `the credential endpoint answered ${status}`);
  const { AccessKeyId, SecretAccessKey, Token, Expiration } = document;
  process.stdout.write(
    `${JSON.stringify({ Version: 1, AccessKeyId, SecretAccessKey, SessionToken: Token, Expiration })}\n`,
  );
}

const [file, profile] = process.argv.slice(2);
if (!file || profile === undefined) fail('usage: credential-process ADDRESS_FILE PROFILE');
fetchCredentials(await readAddress(file), profile);
