import {
  clientCredentials,
  isCloudTokenError,
  memoryTokenStore,
  type TokenSource,
  type TokenSourceOptions,
  type TokenStore,
} from '@cloud-token/core';
import type { StoreLock } from '@cloud-token/core/store';
import { createFakeClock, createRecordingStore, type FakeClock } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { describe, expect, it } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';
import { runUntilSettled } from '../support/run-until-settled.js';

/*
 * The store seam under the faults of issue 22, on the memory store (the
 * fleet tests of @cloud-token/redis prove the same with processes on Redis):
 * a holder that stalled between its read and its lock, a store whose clock
 * is not the source's, a record longer than a reader's policy, a record the
 * store dropped.
 */

const cloud = useEmulatorSources();
const tokenRequests = (): number => cloud.emulator.stats.tokenRequests.total;

const sourceOn = (
  store: TokenStore,
  options: TokenSourceOptions & { clientSecret?: string } = {},
) => cloud.source({ store, ...options });

/** `inner`, whose lock requests wait until the test lets them go: a stall between read and lock. */
function stalledStore(inner: TokenStore, options: { withSnapshot: boolean }) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let asked = 0;
  let reads = 0;
  const store: TokenStore = {
    ...createRecordingStore({ inner, shared: true }),
    read: (key) => {
      reads += 1;
      return inner.read(key);
    },
    async acquireLock(key, ttlMs): Promise<StoreLock | undefined> {
      asked += 1;
      await released;
      const lock = await inner.acquireLock(key, ttlMs);
      if (lock === undefined || options.withSnapshot) return lock;
      // A third-party store that hands over no snapshot: the source must read again.
      return { owner: lock.owner, generation: lock.generation };
    },
  };
  return {
    store,
    release: () => release(),
    asked: () => asked,
    reads: () => reads,
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

async function failureOf(clock: FakeClock, source: TokenSource) {
  const outcome = await runUntilSettled(clock, source.getToken());
  if (outcome.status === 'fulfilled') return undefined;
  return isCloudTokenError(outcome.reason) ? outcome.reason : undefined;
}

describe.each([
  { withSnapshot: true, name: 'a store that hands over its snapshot with the lock' },
  { withSnapshot: false, name: 'a store that does not (the source reads again)' },
])('the lock holder looks again: $name', ({ withSnapshot }) => {
  it('a holder stalled between its read and its lock adopts the token its predecessor wrote', async () => {
    const shared = memoryTokenStore();
    const stalled = stalledStore(shared, { withSnapshot });
    const late = sourceOn(stalled.store);
    const pending = late.getToken();
    await until(() => stalled.asked() === 1);
    // Meanwhile another process renews and releases the lock.
    const first = await sourceOn(createRecordingStore({ inner: shared, shared: true })).getToken();
    stalled.release();
    expect((await pending).value).toBe(first.value);
    expect(tokenRequests()).toBe(1);
    expect(stalled.reads()).toBe(withSnapshot ? 1 : 2);
  });

  it('a holder stalled past a rejection fails with it, without a request', async () => {
    const shared = memoryTokenStore();
    const stalled = stalledStore(shared, { withSnapshot });
    const late = sourceOn(stalled.store, { clientSecret: 'wrong-secret' });
    const pending = late.getToken().catch((error: unknown) => error);
    await until(() => stalled.asked() === 1);
    const first = await sourceOn(shared, { clientSecret: 'wrong-secret' })
      .getToken()
      .catch((error: unknown) => error);
    stalled.release();
    expect(isCloudTokenError(first, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
    expect(isCloudTokenError(await pending, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
    expect(cloud.emulator.stats.tokenRequests.rejected).toBe(1);
    expect(tokenRequests()).toBe(1);
  });

  it('a holder stalled past a 429 fails with it, without a request', async () => {
    const shared = memoryTokenStore();
    const stalled = stalledStore(shared, { withSnapshot });
    const late = sourceOn(stalled.store);
    const pending = late.getToken().catch((error: unknown) => error);
    await until(() => stalled.asked() === 1);
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    await sourceOn(shared)
      .getToken()
      .catch(() => undefined);
    stalled.release();
    const refused = await pending;
    expect(isCloudTokenError(refused, 'ERR_RATE_LIMITED')).toBe(true);
    expect(tokenRequests()).toBe(1);
  });
});

describe('deadlines on the store’s clock, capped by the reader, dropped with the record', () => {
  it('a source whose clock is a day ahead of its store’s reads a 10-minute cooldown as 10 minutes', async () => {
    const storeClock = createFakeClock();
    const store = memoryTokenStore({ clock: storeClock });
    const writer = createFakeClock(storeClock.now() + 86_400_000);
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    await failureOf(writer, sourceOn(store, { clock: writer }));

    const readerClock = createFakeClock(storeClock.now() - 15 * 60_000);
    const reader = sourceOn(store, { clock: readerClock });
    const refused = await failureOf(readerClock, reader);
    expect(refused?.code).toBe('ERR_RATE_LIMITED');
    expect(refused?.retryAfterMs).toBe(600_000);
    expect(reader.status?.().cooldownUntil).toBe(readerClock.now() + 600_000);
  });

  it('a cooldown longer than the reader’s rateLimit.maxCooldownMs ends for it at its cap', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock });
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '7200' });
    await failureOf(clock, sourceOn(store, { clock, rateLimit: { maxCooldownMs: 7_200_000 } }));

    const capped = sourceOn(store, { clock });
    expect((await failureOf(clock, capped))?.retryAfterMs).toBe(3_600_000);
    await clock.advance(1_800_000);
    // Looked at again half an hour later: what is left of its own cap, not of the record.
    await clock.advance(250);
    expect((await failureOf(clock, capped))?.retryAfterMs).toBe(3_600_000 - 1_800_250);
    await clock.advance(3_600_000 - 1_800_250);
    expect(await failureOf(clock, capped)).toBeUndefined();
    expect(tokenRequests()).toBe(2);
  });

  it('a running source drops a cooldown the store no longer holds within 250 ms of a caller asking', async () => {
    const clock = createFakeClock();
    const store = createRecordingStore({ clock });
    const source = sourceOn(store, { clock });
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    expect((await failureOf(clock, source))?.code).toBe('ERR_RATE_LIMITED');
    const grant = clientCredentials({
      tokenUrl: cloud.emulator.tokenUrl,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
    });
    // Within the bound the refusal is served from memory: no store call.
    const reads = store.calls.read;
    expect((await failureOf(clock, source))?.code).toBe('ERR_RATE_LIMITED');
    expect(store.calls.read).toBe(reads);

    await store.clearGuard?.(grant.storeKey);
    await clock.advance(250);
    expect(await failureOf(clock, source)).toBeUndefined();
    expect(tokenRequests()).toBe(2);
    expect(source.status?.()).toMatchObject({ hasUsableToken: true, reason: undefined });
  });

  it('a refused source adopts a token another source of the fleet got meanwhile', async () => {
    const clock = createFakeClock();
    const store = memoryTokenStore({ clock });
    const patient = sourceOn(store, { clock, rateLimit: { maxCooldownMs: 7_200_000 } });
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '7200' });
    await failureOf(clock, patient);
    await clock.advance(3_600_000);
    const other = sourceOn(store, { clock });
    const token = await runUntilSettled(clock, other.getToken());
    expect(token.status).toBe('fulfilled');
    const adopted = await runUntilSettled(clock, patient.getToken());
    expect(adopted.status === 'fulfilled' && token.status === 'fulfilled').toBe(true);
    if (adopted.status === 'fulfilled' && token.status === 'fulfilled') {
      expect(adopted.value.value).toBe(token.value.value);
    }
    expect(tokenRequests()).toBe(2);
  });
});
