import { defaultTokenStore, memoryTokenStore, systemClock } from '@cloud-token/core';
import { applyGuardUpdate } from '@cloud-token/core/store';
import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';

describe('memoryTokenStore', () => {
  it('keeps at most maxEntries credentials, dropping records whose time is up first', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock, maxEntries: 3 });
    await store.updateGuard('short', { rateLimitedUntil: 1 }, 10);
    await store.updateGuard('a', { rateLimitedUntil: 1 }, 60_000);
    await store.updateGuard('b', { rateLimitedUntil: 1 }, 60_000);
    await clock.advance(10);
    await store.updateGuard('c', { rateLimitedUntil: 1 }, 60_000);
    expect((await store.read('a')).guard).toBeDefined();
    await store.updateGuard('d', { rateLimitedUntil: 1 }, 60_000);
    // Nothing had expired: the least recently written one went.
    expect((await store.read('a')).guard).toBeUndefined();
    expect((await store.read('d')).guard).toBeDefined();
  });

  it('applyGuardUpdate merges atomically: failures in their window, deadlines only later, rejection cleared', () => {
    const empty = { rejectedUntil: 0, rateLimitedUntil: 0, failures: [] as readonly number[] };
    let record = applyGuardUpdate(empty, { failureAt: 1_000, windowMs: 60_000 });
    record = applyGuardUpdate(record, {
      failureAt: 2_000,
      windowMs: 60_000,
      rateLimitedUntil: 90_000,
    });
    record = applyGuardUpdate(record, {
      rejectedUntil: 600_000,
      rejection: { oauthError: 'invalid_client' },
      rateLimitedUntil: 10,
    });
    expect(record).toEqual({
      rejectedUntil: 600_000,
      rejection: { oauthError: 'invalid_client' },
      rateLimitedUntil: 90_000,
      failures: [1_000, 2_000],
    });
    record = applyGuardUpdate(record, { failureAt: 61_500, windowMs: 60_000 });
    expect(record.failures).toEqual([2_000, 61_500]);
    // Failures that arrive out of order are kept oldest first.
    expect(applyGuardUpdate(record, { failureAt: 61_000, windowMs: 60_000 }).failures).toEqual([
      2_000, 61_000, 61_500,
    ]);
    record = applyGuardUpdate(record, { clearRejection: true });
    expect(record.rejectedUntil).toBe(0);
    expect(record.rejection).toBeUndefined();
  });

  it('applyGuardUpdate keeps a bounded failure list', () => {
    let record = { rejectedUntil: 0, rateLimitedUntil: 0, failures: [] as readonly number[] };
    for (let at = 1; at <= 200; at++)
      record = applyGuardUpdate(record, { failureAt: at, windowMs: 1e9 });
    expect(record.failures.length).toBeLessThanOrEqual(64);
    expect(record.failures.at(-1)).toBe(200);
  });

  it('defaultTokenStore() is one store per process for the system clock, one per injected clock', () => {
    expect(defaultTokenStore()).toBe(defaultTokenStore(systemClock));
    expect(defaultTokenStore().shared).toBe(false);
    const clock = createFakeClock();
    expect(defaultTokenStore(clock)).toBe(defaultTokenStore(clock));
    expect(defaultTokenStore(clock)).not.toBe(defaultTokenStore());
  });
});
