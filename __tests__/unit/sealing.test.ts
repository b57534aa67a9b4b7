import { createDecipheriv, hkdfSync } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { open, seal } from '../../src/secrets/sealing.js';

const SECRET = 'cs-unit-CLIENTSECRET-0123456789';
const CONTEXT = { purpose: 'unit purpose v1', associatedData: '["v1","owner/repo","42"]' };

describe('seal and open', () => {
  test('what is sealed opens with the same secret and context', () => {
    const box = seal('hello, box', SECRET, CONTEXT);
    expect(box).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(open(box, SECRET, CONTEXT)).toEqual({ ok: true, plaintext: 'hello, box' });
  });

  test('is AES-256-GCM under an HKDF-SHA256 key: salt ‖ iv ‖ ciphertext ‖ tag', () => {
    const bytes = Buffer.from(seal('interoperable', SECRET, CONTEXT), 'base64url');
    const salt = bytes.subarray(0, 16);
    const iv = bytes.subarray(16, 28);
    const tag = bytes.subarray(bytes.length - 16);
    const key = Buffer.from(hkdfSync('sha256', SECRET, salt, CONTEXT.purpose, 32));
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(CONTEXT.associatedData));
    decipher.setAuthTag(tag);
    const plaintext = Buffer.concat([
      decipher.update(bytes.subarray(28, bytes.length - 16)),
      decipher.final(),
    ]);
    expect(plaintext.toString()).toBe('interoperable');
  });

  test('the same text sealed twice gives two different boxes (fresh salt and iv)', () => {
    expect(seal('same', SECRET, CONTEXT)).not.toBe(seal('same', SECRET, CONTEXT));
  });

  test('the plaintext is not readable in the box', () => {
    const text = 'aoa-PLAINTEXT-ACCESS-TOKEN-0123456789';
    const box = seal(text, SECRET, CONTEXT);
    for (const form of [text, Buffer.from(text).toString('base64url')]) {
      expect(box).not.toContain(form);
    }
  });

  test.each([
    ['another secret', 'cs-unit-OTHERSECRET-0123456789', CONTEXT],
    ['other associated data', SECRET, { ...CONTEXT, associatedData: '["v1","owner/repo","43"]' }],
    ['another purpose', SECRET, { ...CONTEXT, purpose: 'unit purpose v2' }],
  ])('does not open with %s', (_label, secret, context) => {
    const box = seal('bound', SECRET, CONTEXT);
    expect(open(box, secret, context)).toEqual({ ok: false, reason: 'unauthentic' });
  });

  test.each([
    ['salt', 3],
    ['iv', 20],
    ['ciphertext', 30],
    ['tag', -3],
  ])('one flipped bit in the %s fails authentication', (_part, index) => {
    const bytes = Buffer.from(seal('integrity matters', SECRET, CONTEXT), 'base64url');
    const at = index < 0 ? bytes.length + index : index;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    expect(open(bytes.toString('base64url'), SECRET, CONTEXT)).toEqual({
      ok: false,
      reason: 'unauthentic',
    });
  });

  test.each([
    ['empty', ''],
    ['not base64url', 'abc+/=='],
    ['too short to hold salt, iv and tag', Buffer.alloc(43).toString('base64url')],
  ])('a box that is %s is malformed', (_label, box) => {
    expect(open(box, SECRET, CONTEXT)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('a cut-off box fails authentication rather than opening partly', () => {
    const box = seal('x'.repeat(100), SECRET, CONTEXT);
    expect(open(box.slice(0, -10), SECRET, CONTEXT).ok).toBe(false);
  });

  test('refuses an empty secret', () => {
    expect(() => seal('x', '', CONTEXT)).toThrow('non-empty secret');
  });
});
