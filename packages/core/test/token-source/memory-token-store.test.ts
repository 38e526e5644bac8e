import { defaultTokenStore, memoryTokenStore, systemClock } from '@cloud-token/core';
import { applyGuardUpdate } from '@cloud-token/core/adapter';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../support/fake-clock.js';

const token = (expiresAt: number, generation = 1) => ({
  value: 'stored-token',
  type: 'Bearer',
  expiresAt,
  generation,
});

describe('memoryTokenStore', () => {
  it('grants the renewal lock to one holder until it is released by its owner or its TTL passes', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock });
    const first = await store.acquireLock('k', 1_000);
    expect(first).toMatchObject({ generation: 1 });
    expect(await store.acquireLock('k', 1_000)).toBeUndefined();
    // Only the owner releases.
    await store.releaseLock('k', { owner: 'someone-else', generation: 1 });
    expect(await store.acquireLock('k', 1_000)).toBeUndefined();
    if (first !== undefined) await store.releaseLock('k', first);
    const second = await store.acquireLock('k', 1_000);
    expect(second).toMatchObject({ generation: 2 });
    await clock.advance(1_000);
    expect(await store.acquireLock('k', 1_000)).toMatchObject({ generation: 3 });
    // Another key has its own lock.
    expect(await store.acquireLock('other', 1_000)).toMatchObject({ generation: 1 });
  });

  it('fences writes: an older generation or an earlier expiry than the stored token is refused', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock });
    const old = await store.acquireLock('k', 10);
    await clock.advance(10);
    const current = await store.acquireLock('k', 10);
    if (old === undefined || current === undefined) throw new Error('expected locks');
    const later = clock.now() + 60_000;
    expect(await store.writeToken('k', token(later, current.generation), current)).toBe(true);
    expect(await store.writeToken('k', token(later + 1, old.generation), old)).toBe(false);
    expect(await store.writeToken('k', token(later - 1, current.generation), current)).toBe(false);
    expect((await store.read('k')).token).toEqual(token(later, current.generation));
  });

  it('drops a token record once it has expired, and wakes subscribers on a write', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock });
    let woken = 0;
    const unsubscribe = store.subscribe?.('k', () => {
      woken += 1;
    });
    const lock = await store.acquireLock('k', 1_000);
    if (lock === undefined) throw new Error('expected a lock');
    await store.writeToken('k', token(clock.now() + 5_000), lock);
    await Promise.resolve();
    expect(woken).toBe(1);
    unsubscribe?.();
    await store.writeToken('k', token(clock.now() + 6_000), lock);
    await Promise.resolve();
    expect(woken).toBe(1);
    await clock.advance(6_000);
    expect((await store.read('k')).token).toBeUndefined();
  });

  it('applies guard updates atomically: failures in their window, deadlines only later, rejection cleared', async () => {
    const clock = createFakeClock(0);
    const store = memoryTokenStore({ clock });
    await store.updateGuard('k', { failureAt: 1_000, windowMs: 60_000 }, 60_000);
    await store.updateGuard(
      'k',
      { failureAt: 2_000, windowMs: 60_000, rateLimitedUntil: 90_000 },
      90_000,
    );
    let record = await store.updateGuard(
      'k',
      { rejectedUntil: 600_000, rejection: { oauthError: 'invalid_client' }, rateLimitedUntil: 10 },
      600_000,
    );
    expect(record).toEqual({
      rejectedUntil: 600_000,
      rejection: { oauthError: 'invalid_client' },
      rateLimitedUntil: 90_000,
      failures: [1_000, 2_000],
    });
    record = await store.updateGuard('k', { failureAt: 61_500, windowMs: 60_000 }, 60_000);
    expect(record.failures).toEqual([2_000, 61_500]);
    record = await store.updateGuard('k', { clearRejection: true }, 1);
    expect(record.rejectedUntil).toBe(0);
    expect(record.rejection).toBeUndefined();
    expect((await store.read('k')).guard).toEqual(record);
    // The record lives as long as the longest ttl given.
    await clock.advance(600_000);
    expect((await store.read('k')).guard).toBeUndefined();
  });

  it('clearGuard forgets the guard state of one key and keeps its token, its lock and other keys', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock });
    const lock = await store.acquireLock('k', 60_000);
    if (lock === undefined) throw new Error('expected a lock');
    await store.writeToken('k', token(clock.now() + 60_000, lock.generation), lock);
    const rejected = {
      failureAt: clock.now(),
      windowMs: 60_000,
      rejectedUntil: clock.now() + 600_000,
      rejection: { oauthError: 'invalid_client' },
      rateLimitedUntil: clock.now() + 60_000,
    };
    await store.updateGuard('k', rejected, 600_000);
    await store.updateGuard('other', rejected, 600_000);

    await store.clearGuard?.('k');

    const snapshot = await store.read('k');
    expect(snapshot.guard).toBeUndefined();
    expect(snapshot.token).toEqual(token(clock.now() + 60_000, lock.generation));
    expect(await store.acquireLock('k', 1_000)).toBeUndefined();
    expect((await store.read('other')).guard).toMatchObject({
      rejection: { oauthError: 'invalid_client' },
    });
    // A later failure starts a new record, without the cleared one's deadlines.
    const next = await store.updateGuard('k', { failureAt: clock.now(), windowMs: 60_000 }, 60_000);
    expect(next).toEqual({ rejectedUntil: 0, rateLimitedUntil: 0, failures: [clock.now()] });
    // An unknown key is nothing to clear.
    await expect(store.clearGuard?.('never-seen')).resolves.toBeUndefined();
  });

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
