import { describe, expect, test } from '@jest/globals';
import { sha1Hex, sha256Base64Url, sha256Hex, sha256HexOfLatin1 } from '../../src/shared/hash.js';
import { byCount, plural } from '../../src/shared/plural.js';

/** The one hashing module and the one way a count is phrased (src/shared). */

describe('hash.ts: each digest by what it hashes and how it is written', () => {
  test('known answers (FIPS 180 "abc"; RFC 7636 appendix B for the PKCE challenge)', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha256Base64Url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  test('text read as latin1 hashes to the bytes of the file; UTF-8 text to its UTF-8 bytes', () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x5b, 0xc3, 0xa9, 0x5d]);
    expect(sha256HexOfLatin1(bytes.toString('latin1'))).toBe(sha256Hex(bytes.toString('utf8')));
    expect(sha256HexOfLatin1('é')).not.toBe(sha256Hex('é'));
  });
});

describe('plural.ts', () => {
  test('the count and the noun that agrees with it', () => {
    expect(plural(1, 'profile')).toBe('1 profile');
    expect(plural(0, 'profile')).toBe('0 profiles');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
    expect(byCount(1, 'was', 'were')).toBe('was');
    expect(byCount(2, 'it', 'they')).toBe('they');
  });
});
