import { randomBytes, randomInt } from 'node:crypto';

/**
 * Generators for every value the emulator hands out. Secrets carry a distinctive prefix and
 * enough random characters that a leak scan cannot match one by accident.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** No I/O/0/1 and no vowels-that-spell-words trouble: what a person types from a screen. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

function token(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

function fromAlphabet(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const newAccessToken = (): string => token('aoa-', 48);
export const newRefreshToken = (): string => token('aor-', 48);
export const newClientSecret = (): string => token('cs-', 48);
export const newDeviceCode = (): string => token('dc-', 36);
/** Not a secret (the CLI logs it), so it is shorter and not in issuedSecrets(). */
export const newClientId = (): string => token('cid-', 18);
export const newSessionId = (): string => randomBytes(8).toString('hex');

/** "ABCD-EFGH", as the live service shows it. */
export function newUserCode(): string {
  return `${fromAlphabet(USER_CODE_ALPHABET, 4)}-${fromAlphabet(USER_CODE_ALPHABET, 4)}`;
}

/** Real temporary access key ids are ASIA + 16 base32 characters; 80 random bits. */
export const newAccessKeyId = (): string => `ASIA${fromAlphabet(BASE32, 16)}`;

/** 40 characters like a real secret access key. */
export const newSecretAccessKey = (): string => randomBytes(30).toString('base64');

/** Real session tokens start with "IQoJb3JpZ2lu" and run to hundreds of characters. */
export const newSessionToken = (): string =>
  `IQoJb3JpZ2luX2VjEMU${randomBytes(240).toString('base64')}`;
