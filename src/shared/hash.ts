import { createHash } from 'node:crypto';

/**
 * Every digest the project takes, each named by what it hashes and how it is written. Text is
 * hashed as UTF-8 unless the name says otherwise.
 */

/** SHA-256 of text (UTF-8), as 64 hex digits: a token or state file checked later, a tag. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * SHA-256 of the bytes a file held, given as the latin1 text it was read as (credentials-file.ts
 * reads and writes latin1 so that every byte survives), as 64 hex digits.
 */
export function sha256HexOfLatin1(text: string): string {
  return createHash('sha256').update(text, 'latin1').digest('hex');
}

/** SHA-256 of text (UTF-8) in base64url without padding: PKCE's S256 code challenge. */
export function sha256Base64Url(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/** SHA-1 of text (UTF-8), as 40 hex digits: how the AWS CLI names its cache files. */
export function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}
