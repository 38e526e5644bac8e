import { readJwtClaims } from '@cloud-token/core/adapter';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unsignedJwt } from '../support/unsigned-jwt.js';

describe('readJwtClaims', () => {
  it('reads the payload of a JWT as an object', () => {
    const claims = { iss: 'https://id.example', client_id: 'app', scope: 'a b', exp: 10 };
    expect(readJwtClaims(unsignedJwt(claims))).toEqual(claims);
  });

  it.each([
    ['an opaque token', 'opaque-token'],
    ['an empty string', ''],
    ['a null payload', `a.${Buffer.from('null').toString('base64url')}.c`],
    ['an array payload', `a.${Buffer.from('[1]').toString('base64url')}.c`],
    ['a string payload', `a.${Buffer.from('"x"').toString('base64url')}.c`],
    ['a payload that is not JSON', `a.${Buffer.from('{exp:1').toString('base64url')}.c`],
    ['a payload that is not base64url', 'a.b$c.d'],
  ])('gives undefined for %s', (_, token) => {
    expect(readJwtClaims(token)).toBeUndefined();
  });

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const claims = readJwtClaims(`a.${Buffer.from(text).toString('base64url')}.b`);
        expect(claims === undefined || (typeof claims === 'object' && claims !== null)).toBe(true);
      }),
    );
  });
});
