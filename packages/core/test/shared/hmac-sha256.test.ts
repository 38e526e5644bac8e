import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, sha256 } from '../../src/shared/hmac-sha256.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (value: string): Uint8Array => Buffer.from(value, 'hex');
const repeated = (byte: number, length: number): Uint8Array => new Uint8Array(length).fill(byte);

describe('sha256', () => {
  // FIPS 180-2 appendix B and the NIST example values for SHA-256.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('gives the NIST digest of a %#th message', (message, digest) => {
    expect(hex(sha256(new TextEncoder().encode(message)))).toBe(digest);
  });

  it('agrees with node:crypto at every length around the block and padding boundaries', () => {
    for (let length = 0; length <= 200; length += 1) {
      const message = new Uint8Array(length).map((_, index) => (index * 31 + length) & 0xff);
      expect(hex(sha256(message)), `length ${length}`).toBe(
        createHash('sha256').update(message).digest('hex'),
      );
    }
  });
});

describe('hmacSha256Hex', () => {
  // RFC 4231 §4.2–4.8, the HMAC-SHA-256 results.
  it.each([
    [
      'test case 1',
      repeated(0x0b, 20),
      new TextEncoder().encode('Hi There'),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    ],
    [
      'test case 2',
      new TextEncoder().encode('Jefe'),
      new TextEncoder().encode('what do ya want for nothing?'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    [
      'test case 3',
      repeated(0xaa, 20),
      repeated(0xdd, 50),
      '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    ],
    [
      'test case 4',
      bytes('0102030405060708090a0b0c0d0e0f10111213141516171819'),
      repeated(0xcd, 50),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    ],
    [
      'test case 6 (a key longer than a block)',
      repeated(0xaa, 131),
      new TextEncoder().encode('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      'test case 7 (key and data longer than a block)',
      repeated(0xaa, 131),
      new TextEncoder().encode(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ])('gives the RFC 4231 result of %s', (_name, key, data, mac) => {
    expect(hmacSha256Hex(key, data)).toBe(mac);
  });

  it('gives the RFC 4231 result of test case 5, truncated to 128 bits', () => {
    const mac = hmacSha256Hex(repeated(0x0c, 20), new TextEncoder().encode('Test With Truncation'));
    expect(mac.slice(0, 32)).toBe('a3b6167473100ee06e0c796c2955552b');
  });

  it('equals node:crypto for any key and message, as strings (UTF-8) or bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.uint8Array({ maxLength: 200 })),
        fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 })),
        (key, message) =>
          hmacSha256Hex(key, message) === createHmac('sha256', key).update(message).digest('hex'),
      ),
      { numRuns: 200 },
    );
  });
});
