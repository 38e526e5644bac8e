import { inspect } from 'node:util';
import { AccessToken } from '@cloud-token/core';
import { decodeStoredToken, encodeStoredToken } from '@cloud-token/core/store';
import { describe, expect, it } from 'vitest';

describe('encodeStoredToken / decodeStoredToken', () => {
  it('writes the value out explicitly, while AccessToken keeps hiding it', () => {
    const token = new AccessToken('secret-token-value', { obtainedAt: 1_000, expiresAt: 61_000 });
    expect(JSON.stringify(token)).not.toContain('secret-token-value');
    expect(inspect(token)).not.toContain('secret-token-value');
    const record = encodeStoredToken(token, 4, 11_000);
    expect(record).toEqual({
      value: 'secret-token-value',
      type: 'Bearer',
      expiresInMs: 50_000,
      ageMs: 10_000,
      generation: 4,
    });
    const decoded = decodeStoredToken(JSON.parse(JSON.stringify(record)), 31_000);
    expect(decoded?.value).toBe('secret-token-value');
    expect(decoded?.expiresAt).toBe(81_000);
    expect(decoded?.obtainedAt).toBe(21_000);
    expect(inspect(decoded)).not.toContain('secret-token-value');
  });

  it('writes durations only: a writer whose clock is a day ahead writes the same record', () => {
    const day = 86_400_000;
    const onTime = new AccessToken('t', { obtainedAt: 1_000, expiresAt: 3_601_000 });
    const ahead = new AccessToken('t', { obtainedAt: 1_000 + day, expiresAt: 3_601_000 + day });
    expect(encodeStoredToken(ahead, 1, 2_000 + day)).toEqual(encodeStoredToken(onTime, 1, 2_000));
  });

  it('takes a record without an age as just obtained', () => {
    const decoded = decodeStoredToken(
      { value: 't', type: 'Bearer', expiresInMs: 60_000, generation: 1 },
      5_000,
    );
    expect(decoded).toMatchObject({ obtainedAt: 5_000, expiresAt: 65_000 });
  });

  it.each([
    undefined,
    null,
    'token',
    { value: '', type: 'Bearer', expiresInMs: 1, generation: 1 },
    { value: 'two words', type: 'Bearer', expiresInMs: 1, generation: 1 },
    { value: 't', type: 'mac', expiresInMs: 1, generation: 1 },
    { value: 't', type: 'Bearer', expiresInMs: '1', generation: 1 },
    { value: 't', type: 'Bearer', expiresInMs: Number.NaN, generation: 1 },
    { value: 't', type: 'Bearer', expiresAt: 1, generation: 1 },
  ])('decodes %o to nothing', (record) => {
    expect(decodeStoredToken(record, 0)).toBeUndefined();
  });
});
