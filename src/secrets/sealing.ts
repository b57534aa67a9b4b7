import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption of a short text with a key derived from a shared secret:
 * AES-256-GCM, the key from HKDF-SHA256 over the secret with a fresh random salt per box. The
 * associated data is authenticated but not carried: a box opens only where the opener supplies
 * the same associated data, which is how a box is bound to a context it never states itself.
 */

export interface SealContext {
  /** HKDF info: separates keys made from the same secret for different purposes. */
  readonly purpose: string;
  /** Authenticated, not encrypted, not carried in the box. */
  readonly associatedData: string;
}

export type Opened =
  | { readonly ok: true; readonly plaintext: string }
  /** `malformed`: not a box at all; `unauthentic`: altered, or another secret or context. */
  | { readonly ok: false; readonly reason: 'malformed' | 'unauthentic' };

const SALT_BYTES = 16;
/** GCM's standard 96-bit nonce: random, and with a fresh key per box it can never repeat under one key. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function deriveKey(secret: string, salt: Buffer, purpose: string): Buffer {
  if (secret === '') throw new Error('sealing needs a non-empty secret');
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), salt, purpose, KEY_BYTES));
}

/** base64url(salt ‖ iv ‖ ciphertext ‖ tag). */
export function seal(plaintext: string, secret: string, context: SealContext): string {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, salt, context.purpose), iv, {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(Buffer.from(context.associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([salt, iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
}

/** The plaintext, or why there is none; never throws for anything the box holds. */
export function open(box: string, secret: string, context: SealContext): Opened {
  if (!BASE64URL.test(box)) return { ok: false, reason: 'malformed' };
  const bytes = Buffer.from(box, 'base64url');
  if (bytes.length < SALT_BYTES + IV_BYTES + TAG_BYTES) return { ok: false, reason: 'malformed' };
  const salt = bytes.subarray(0, SALT_BYTES);
  const iv = bytes.subarray(SALT_BYTES, SALT_BYTES + IV_BYTES);
  const ciphertext = bytes.subarray(SALT_BYTES + IV_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret, salt, context.purpose), iv, {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(context.associatedData, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return { ok: true, plaintext: plaintext.toString('utf8') };
  } catch {
    // final() throws on a tag mismatch: the only failure left once the sizes are right.
    return { ok: false, reason: 'unauthentic' };
  }
}
