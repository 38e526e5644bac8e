import { defaultTokenStore, memoryTokenStore, systemClock } from '@cloud-token/core';
import { applyGuardUpdate, readStoredGuard, type StoredGuard } from '@cloud-token/core/store';
import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';

/** A token written (or read) `expiresInMs` before its expiry, `ageMs` after it was obtained. */
const token = (expiresInMs: number, generation = 1, ageMs = 0) => ({
  value: 'stored-token',
  type: 'Bearer',
  expiresInMs,
  ageMs,
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
    expect(await store.writeToken('k', token(60_000, current.generation), current)).toBe(true);
    expect(await store.writeToken('k', token(60_001, old.generation), old)).toBe(false);
    expect(await store.writeToken('k', token(59_999, current.generation), current)).toBe(false);
    expect((await store.read('k')).token).toEqual(token(60_000, current.generation));
  });

  it('keeps a token’s times on its own clock and hands out what is left of them', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock });
    const lock = await store.acquireLock('k', 1_000);
    if (lock === undefined) throw new Error('expected a lock');
    await store.writeToken('k', token(3_600_000, lock.generation, 2_000), lock);
    await clock.advance(600_000);
    expect((await store.read('k')).token).toEqual(token(3_000_000, lock.generation, 602_000));
  });

  it('hands over, with a lock, what it held at the grant', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock });
    expect((await store.acquireLock('k', 1_000))?.snapshot).toEqual({});
    await clock.advance(1_000);
    const first = await store.acquireLock('k', 1_000);
    if (first === undefined) throw new Error('expected a lock');
    await store.writeToken('k', token(60_000, first.generation), first);
    await store.updateGuard(
      'k',
      { failed: true, windowMs: 60_000, rateLimitedForMs: 5_000 },
      60_000,
    );
    await store.releaseLock('k', first);
    const second = await store.acquireLock('k', 1_000);
    expect(second?.snapshot).toEqual({
      token: token(60_000, first.generation),
      guard: {
        rejectedForMs: 0,
        rejections: 0,
        rateLimitedForMs: 5_000,
        rateLimitedSinceMs: 0,
        failureAgesMs: [0],
      },
    });
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
    await store.writeToken('k', token(5_000), lock);
    await Promise.resolve();
    expect(woken).toBe(1);
    unsubscribe?.();
    await store.writeToken('k', token(6_000), lock);
    await Promise.resolve();
    expect(woken).toBe(1);
    await clock.advance(6_000);
    expect((await store.read('k')).token).toBeUndefined();
  });

  it('applies guard updates atomically on its own clock, handing out durations', async () => {
    const clock = createFakeClock(0);
    const store = memoryTokenStore({ clock });
    await clock.advance(1_000);
    await store.updateGuard('k', { failed: true, windowMs: 60_000 }, 60_000);
    await clock.advance(1_000);
    await store.updateGuard(
      'k',
      { failed: true, windowMs: 60_000, rateLimitedForMs: 88_000 },
      90_000,
    );
    let record = await store.updateGuard(
      'k',
      { rejectedForMs: 598_000, rejection: { oauthError: 'invalid_client' }, rateLimitedForMs: 10 },
      600_000,
    );
    expect(record).toEqual({
      rejectedForMs: 598_000,
      rejectedSinceMs: 0,
      rejection: { oauthError: 'invalid_client' },
      rejections: 1,
      rateLimitedForMs: 88_000,
      rateLimitedSinceMs: 0,
      failureAgesMs: [1_000, 0],
    });
    await clock.advance(59_500);
    record = await store.updateGuard('k', { failed: true, windowMs: 60_000 }, 60_000);
    // The failure at 1 000 is 60 000 old: out of the window.
    expect(record).toMatchObject({
      rejectedForMs: 538_500,
      rejectedSinceMs: 59_500,
      rateLimitedForMs: 28_500,
      rateLimitedSinceMs: 59_500,
      failureAgesMs: [59_500, 0],
    });
    record = await store.updateGuard('k', { clearRejection: true }, 1);
    expect(record).toMatchObject({ rejectedForMs: 0, rejections: 0 });
    expect(record.rejection).toBeUndefined();
    expect(record.rejectedSinceMs).toBeUndefined();
    expect((await store.read('k')).guard).toEqual(record);
    // The record lives as long as the longest ttl given.
    await clock.advance(600_000);
    expect((await store.read('k')).guard).toBeUndefined();
  });

  it('counts rejections in a row; a deadline only moves later', async () => {
    const clock = createFakeClock(0);
    const store = memoryTokenStore({ clock });
    const rejection = { oauthError: 'invalid_client' };
    await store.updateGuard('k', { rejectedForMs: 120_000, rejection }, 600_000);
    await clock.advance(120_000);
    const second = await store.updateGuard('k', { rejectedForMs: 60_000, rejection }, 600_000);
    expect(second).toMatchObject({ rejections: 2, rejectedForMs: 60_000, rejectedSinceMs: 0 });
    const shorter = await store.updateGuard('k', { rejectedForMs: 1_000, rejection }, 600_000);
    expect(shorter).toMatchObject({ rejections: 3, rejectedForMs: 60_000 });
  });

  it('clearGuard forgets the guard state of one key and keeps its token, its lock and other keys', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock });
    const lock = await store.acquireLock('k', 60_000);
    if (lock === undefined) throw new Error('expected a lock');
    await store.writeToken('k', token(60_000, lock.generation), lock);
    const rejected = {
      failed: true,
      windowMs: 60_000,
      rejectedForMs: 600_000,
      rejection: { oauthError: 'invalid_client' },
      rateLimitedForMs: 60_000,
    };
    await store.updateGuard('k', rejected, 600_000);
    await store.updateGuard('other', rejected, 600_000);

    await store.clearGuard?.('k');

    const snapshot = await store.read('k');
    expect(snapshot.guard).toBeUndefined();
    expect(snapshot.token).toEqual(token(60_000, lock.generation));
    expect(await store.acquireLock('k', 1_000)).toBeUndefined();
    expect((await store.read('other')).guard).toMatchObject({
      rejection: { oauthError: 'invalid_client' },
    });
    // A later failure starts a new record, without the cleared one's deadlines.
    const next = await store.updateGuard('k', { failed: true, windowMs: 60_000 }, 60_000);
    expect(next).toEqual({
      rejectedForMs: 0,
      rejections: 0,
      rateLimitedForMs: 0,
      failureAgesMs: [0],
    });
    // An unknown key is nothing to clear.
    await expect(store.clearGuard?.('never-seen')).resolves.toBeUndefined();
  });

  it('keeps at most maxEntries credentials, dropping records whose time is up first', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock, maxEntries: 3 });
    await store.updateGuard('short', { rateLimitedForMs: 1 }, 10);
    await store.updateGuard('a', { rateLimitedForMs: 1 }, 60_000);
    await store.updateGuard('b', { rateLimitedForMs: 1 }, 60_000);
    await clock.advance(10);
    await store.updateGuard('c', { rateLimitedForMs: 1 }, 60_000);
    expect((await store.read('a')).guard).toBeDefined();
    await store.updateGuard('d', { rateLimitedForMs: 1 }, 60_000);
    // Nothing had expired: the least recently written one went.
    expect((await store.read('a')).guard).toBeUndefined();
    expect((await store.read('d')).guard).toBeDefined();
  });

  it('applyGuardUpdate keeps a bounded failure list', () => {
    let state: StoredGuard | undefined;
    for (let at = 1; at <= 200; at++) state = applyGuardUpdate(state, { failed: true }, at);
    expect(state?.failures.length).toBeLessThanOrEqual(64);
    expect(state?.failures.at(-1)).toBe(200);
    expect(readStoredGuard(state as StoredGuard, 250).failureAgesMs.at(-1)).toBe(50);
  });

  it('defaultTokenStore() is one store per process for the system clock, one per injected clock', () => {
    expect(defaultTokenStore()).toBe(defaultTokenStore(systemClock));
    expect(defaultTokenStore().shared).toBe(false);
    const clock = createFakeClock();
    expect(defaultTokenStore(clock)).toBe(defaultTokenStore(clock));
    expect(defaultTokenStore(clock)).not.toBe(defaultTokenStore());
  });
});
