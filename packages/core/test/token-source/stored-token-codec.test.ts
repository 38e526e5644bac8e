import { inspect } from 'node:util';
import { AccessToken } from '@cloud-token/core';
import { decodeStoredToken, encodeStoredToken } from '@cloud-token/core/store';
import { describe, expect, it } from 'vitest';

describe('encodeStoredToken / decodeStoredToken', () => {
  it('writes the value out explicitly, while AccessToken keeps hiding it', () => {
    const token = new AccessToken('secret-token-value', { obtainedAt: 1_000, expiresAt: 61_000 });
    expect(JSON.stringify(token)).not.toContain('secret-token-value');
    expect(inspect(token)).not.toContain('secret-token-value');
    const record = encodeStoredToken(token, 4);
    expect(record).toEqual({
      value: 'secret-token-value',
      type: 'Bearer',
      expiresAt: 61_000,
      generation: 4,
    });
    const decoded = decodeStoredToken(JSON.parse(JSON.stringify(record)), 31_000);
    expect(decoded?.value).toBe('secret-token-value');
    expect(decoded?.expiresAt).toBe(61_000);
    expect(decoded?.obtainedAt).toBe(31_000);
    expect(inspect(decoded)).not.toContain('secret-token-value');
  });

  it.each([
    undefined,
    null,
    'token',
    { value: '', type: 'Bearer', expiresAt: 1, generation: 1 },
    { value: 'two words', type: 'Bearer', expiresAt: 1, generation: 1 },
    { value: 't', type: 'mac', expiresAt: 1, generation: 1 },
    { value: 't', type: 'Bearer', expiresAt: '1', generation: 1 },
    { value: 't', type: 'Bearer', expiresAt: Number.NaN, generation: 1 },
  ])('decodes %o to nothing', (record) => {
    expect(decodeStoredToken(record, 0)).toBeUndefined();
  });
});
