import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ApiRequest } from './wire.js';

/**
 * AWS Signature Version 4, verified for real: the canonical request rebuilt from what arrived,
 * the signing key derived from the secret the emulator issued, and the signature compared. A
 * client that signs wrongly (a header left out, the wrong secret, the wrong service) is refused
 * as STS would refuse it.
 */

export interface SignedRequest {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly amzDate: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** The parts of an Authorization header, or undefined when it is not SigV4. */
export function parseAuthorization(req: ApiRequest): SignedRequest | undefined {
  const match = AUTHORIZATION.exec(req.headers.authorization ?? '');
  const amzDate = req.headers['x-amz-date'] ?? '';
  if (!match || !/^\d{8}T\d{6}Z$/.test(amzDate)) return undefined;
  const [, accessKeyId = '', date = '', region = '', service = '', headers = '', signature = ''] =
    match;
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: headers.split(';'),
    signature,
    amzDate,
  };
}

/** Whether `signed` is the signature of `req` under `secretAccessKey`. */
export function signatureMatches(
  req: ApiRequest,
  signed: SignedRequest,
  secretAccessKey: string,
): boolean {
  if (!signed.signedHeaders.includes('host') || !signed.amzDate.startsWith(signed.date))
    return false;
  const scope = `${signed.date}/${signed.region}/${signed.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    signed.amzDate,
    scope,
    sha256Hex(canonicalRequest(req, signed.signedHeaders)),
  ].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, signed.date);
  for (const part of [signed.region, signed.service, 'aws4_request']) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const given = Buffer.from(signed.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** When the request was signed, in epoch milliseconds (X-Amz-Date). */
export function signedAtMs(signed: SignedRequest): number {
  const d = signed.amzDate;
  return Date.UTC(
    Number(d.slice(0, 4)),
    Number(d.slice(4, 6)) - 1,
    Number(d.slice(6, 8)),
    Number(d.slice(9, 11)),
    Number(d.slice(11, 13)),
    Number(d.slice(13, 15)),
  );
}

function canonicalRequest(req: ApiRequest, signedHeaders: readonly string[]): string {
  const headers = signedHeaders.map(
    (name) => `${name}:${(req.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`,
  );
  const payloadHash = req.headers['x-amz-content-sha256'] ?? sha256Hex(req.rawBody ?? '');
  return [
    req.method,
    canonicalPath(req.path),
    canonicalQuery(req.rawQuery ?? ''),
    headers.join(''),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

/** Each segment URI-encoded (RFC 3986), as the SDKs do for every service but S3. */
function canonicalPath(path: string): string {
  return path
    .split('/')
    .map((segment) => rfc3986(decodeURIComponent(segment)))
    .join('/');
}

function canonicalQuery(raw: string): string {
  if (raw === '') return '';
  return raw
    .split('&')
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=');
      const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
      return [rfc3986(decode(name)), rfc3986(decode(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}
