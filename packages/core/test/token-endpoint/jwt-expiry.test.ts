import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJwtExpiry } from '../../src/token-endpoint/jwt-expiry.js';
import { unsignedJwt } from '../support/unsigned-jwt.js';

describe('readJwtExpiry', () => {
  it('reads exp as epoch milliseconds', () => {
    expect(readJwtExpiry(unsignedJwt({ exp: 1_900_000_000, sub: 'x' }))).toBe(1_900_000_000_000);
    expect(readJwtExpiry(unsignedJwt({ exp: 1.5 }))).toBe(1500);
  });

  it('reads a payload with UTF-8 claims and with base64 padding, as Node decodes it', () => {
    const claims = { exp: 1_900_000_000, name: 'Zoë 東京 🚀', note: '?>~' };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    expect(readJwtExpiry(`a.${payload}.c`)).toBe(1_900_000_000_000);
    const padded = payload.padEnd(Math.ceil(payload.length / 4) * 4, '=');
    expect(readJwtExpiry(`a.${padded}.c`)).toBe(1_900_000_000_000);
  });

  it("reads any exp claim of any JSON payload as Node's base64url decoding does", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.integer({ min: 1 }),
        (rest, exp) => {
          const payload = Buffer.from(JSON.stringify({ ...rest, exp })).toString('base64url');
          return readJwtExpiry(`a.${payload}.c`) === exp * 1000;
        },
      ),
    );
  });

  it('reads a payload without a signature part', () => {
    const [header, payload] = unsignedJwt({ exp: 10 }).split('.');
    expect(readJwtExpiry(`${header}.${payload}`)).toBe(10_000);
  });

  it.each([
    ['an opaque token', 'opaque-token'],
    ['an empty string', ''],
    ['no exp claim', unsignedJwt({ sub: 'x' })],
    ['a string exp', unsignedJwt({ exp: '1900000000' })],
    ['a zero exp', unsignedJwt({ exp: 0 })],
    ['a negative exp', unsignedJwt({ exp: -5 })],
    [
      'a null payload',
      unsignedJwt({}).replace(/\.[^.]+\./, `.${Buffer.from('null').toString('base64url')}.`),
    ],
    ['an array payload', `a.${Buffer.from('[1]').toString('base64url')}.c`],
    ['a payload that is not JSON', `a.${Buffer.from('{exp:1').toString('base64url')}.c`],
    ['a payload that is not base64url', 'a.b$c.d'],
    ['an exp too large for a date', `a.${Buffer.from('{"exp":1e308}').toString('base64url')}.c`],
  ])('gives undefined for %s', (_, token) => {
    expect(readJwtExpiry(token)).toBeUndefined();
  });

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (first, second) => {
        for (const token of [
          first,
          `${first}.${second}`,
          `a.${Buffer.from(first).toString('base64url')}.b`,
        ]) {
          const expiry = readJwtExpiry(token);
          expect(expiry === undefined || (Number.isFinite(expiry) && expiry > 0)).toBe(true);
        }
      }),
    );
  });
});
