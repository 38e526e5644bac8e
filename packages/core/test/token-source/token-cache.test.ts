import { describe, expect, it } from 'vitest';
import { AccessToken } from '../../src/shared/access-token.js';
import { TokenCache } from '../../src/token-source/token-cache.js';

const policies = {
  renewal: { maxEarlyMs: 300_000, earlyFraction: 0.1, jitterMs: 0 },
  unusable: { maxMarginMs: 30_000, marginFraction: 0.05 },
};
const NOW = Date.UTC(2030, 0, 1);
const HOUR = 3_600_000;

const token = (value: string, expiresAt: number, obtainedAt = NOW) =>
  new AccessToken(value, { expiresAt, obtainedAt });
/** A stored record of a token expiring at `expiresAt`, as a store answers it at `readAt`. */
const stored = (value: string, expiresAt: number, readAt = NOW, ageMs?: number) => ({
  value,
  type: 'Bearer',
  expiresInMs: expiresAt - readAt,
  ...(ageMs === undefined ? {} : { ageMs }),
  generation: 1,
});

describe('TokenCache', () => {
  it('serves one entry, and the same settled promise, to every caller until it is unusable', async () => {
    const cache = new TokenCache(policies, () => 0);
    expect(cache.usable(NOW)).toBeUndefined();
    const entry = cache.fromEndpoint(token('a', NOW + HOUR));
    expect(cache.hold(entry)).toBeUndefined();
    expect(entry).toMatchObject({ renewAt: NOW + HOUR - 300_000, unusableAt: NOW + HOUR - 30_000 });
    expect(cache.usable(NOW)).toBe(entry);
    expect(cache.usable(NOW + 1_000)?.settled).toBe(entry.settled);
    expect(await entry.settled).toBe(entry.token);
    expect(cache.usable(entry.unusableAt)).toBeUndefined();
    expect(cache.entry).toBe(entry);
  });

  it('believes a token it obtained itself for MIN_TOKEN_LIFETIME_SECONDS, a stored one only for its life', () => {
    const cache = new TokenCache(policies, () => 0);
    const own = cache.fromEndpoint(token('short', NOW + 1_000));
    expect(own.from).toBe('token endpoint');
    expect(own.unusableAt).toBeGreaterThan(NOW + 1_000);
    const adopted = cache.fromStore(stored('short', NOW + 1_000), NOW);
    expect(adopted?.from).toBe('store');
    expect(adopted?.unusableAt).toBeLessThan(NOW + 1_000);
    expect(cache.fromStore(stored('short', NOW + 1_000, NOW + 1_000), NOW + 1_000)).toBeUndefined();
  });

  it('adopts from the store only a usable token newer than its own, never the refused one', () => {
    const cache = new TokenCache(policies, () => 0);
    const held = cache.fromEndpoint(token('held', NOW + HOUR));
    cache.hold(held);
    expect(cache.fromStore(undefined, NOW)).toBeUndefined();
    expect(cache.fromStore({ ...stored('x', NOW + HOUR), type: 'MAC' }, NOW)).toBeUndefined();
    expect(cache.fromStore(stored('older', NOW + HOUR - 1), NOW)).toBeUndefined();
    const newer = cache.fromStore(stored('newer', NOW + 2 * HOUR), NOW);
    expect(newer).toMatchObject({ from: 'store', unusableAt: NOW + 2 * HOUR - 30_000 });
    expect(newer?.token.value).toBe('newer');

    expect(cache.invalidate('newer')).toBe(false);
    expect(cache.invalidate('held')).toBe(true);
    expect(cache.entry).toBeUndefined();
    expect(cache.fromStore(stored('held', NOW + 3 * HOUR), NOW)).toBeUndefined();
    expect(cache.fromStore(stored('other', NOW + 3 * HOUR), NOW)?.token.value).toBe('other');
  });

  it('never adopts the token it holds again, and dates a stored token by its age', () => {
    const cache = new TokenCache(policies, () => 0);
    cache.hold(cache.fromEndpoint(token('held', NOW + HOUR)));
    // The same token read back a little later looks a few ms younger: still not a new one.
    expect(cache.fromStore(stored('held', NOW + HOUR + 5, NOW), NOW)).toBeUndefined();
    const aged = cache.fromStore(stored('other', NOW + 2 * HOUR, NOW, 22 * HOUR), NOW);
    expect(aged?.token).toMatchObject({ obtainedAt: NOW - 22 * HOUR, expiresAt: NOW + 2 * HOUR });
    // Its renewal window is that of its whole life (a day): 5 minutes before expiry.
    expect(aged?.renewAt).toBe(NOW + 2 * HOUR - 300_000);
  });

  it('compares before it invalidates, and forgets everything on clear()', () => {
    const cache = new TokenCache(policies, () => 0);
    cache.hold(cache.fromEndpoint(token('a', NOW + HOUR)));
    expect(cache.invalidate(undefined)).toBe(false);
    expect(cache.invalidate('b')).toBe(false);
    expect(cache.usable(NOW)?.token.value).toBe('a');
    cache.clear();
    expect(cache.entry).toBeUndefined();
  });
});
