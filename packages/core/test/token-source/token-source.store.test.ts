import {
  type AccessToken,
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  memoryTokenStore,
  type TokenSourceOptions,
  type TokenStore,
} from '@cloud-token/core';
import { createFakeClock, createRecordingStore } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { describe, expect, it } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';
import { runUntilSettled } from '../support/run-until-settled.js';

const cloud = useEmulatorSources();
const { opened } = cloud;

function sourceOn(store: TokenStore, options: TokenSourceOptions & { clientSecret?: string } = {}) {
  const { clientSecret = DEFAULT_CLIENT_SECRET, ...rest } = options;
  const grant = clientCredentials({
    tokenUrl: cloud.emulator.tokenUrl,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret,
  });
  const source = createTokenSource(grant, { random: () => 0, store, ...rest });
  opened.push(source);
  return source;
}

const tokenRequests = (): number => cloud.emulator.stats.tokenRequests.total;
const many = <T>(count: number, make: () => Promise<T>): Promise<T[]> =>
  Promise.all(Array.from({ length: count }, make));
const valuesOf = (tokens: AccessToken[]): Set<string> =>
  new Set(tokens.map((token) => token.value));

describe('createTokenSource with a store: the hot path', () => {
  it('turns a herd of 1,000 cold callers into 1 read, 1 lock, 1 token written; 100,000 cached calls make 0 store calls', async () => {
    const clock = createFakeClock();
    const store = createRecordingStore({ clock });
    const source = sourceOn(store, { clock });

    const herd = await many(1_000, () => source.getToken());
    expect(valuesOf(herd).size).toBe(1);
    expect(tokenRequests()).toBe(1);
    expect(store.calls).toEqual({
      read: 1,
      acquireLock: 1,
      writeToken: 1,
      releaseLock: 1,
      updateGuard: 0,
      subscribe: 0,
    });

    const before = store.total();
    for (let call = 0; call < 100_000; call++) await source.getToken();
    expect(store.total()).toBe(before);
    expect(tokenRequests()).toBe(1);
  });
});

describe('createTokenSource with a store: two processes on one shared store', () => {
  for (const subscribe of [true, false]) {
    it(`requests once under the lock; the other waits and adopts the written token (${subscribe ? 'woken by subscribe' : 'polling'})`, async () => {
      const shared = memoryTokenStore();
      const storeA = createRecordingStore({ inner: shared, shared: true, subscribe });
      const storeB = createRecordingStore({ inner: shared, shared: true, subscribe });
      // Real time: the waiter polls at most every 250 ms; the token request takes 300 ms.
      cloud.emulator.control.setLatency({ tokenMs: 300 });
      const a = sourceOn(storeA);
      const b = sourceOn(storeB);

      const [fromA, fromB] = await Promise.all([a.getToken(), b.getToken()]);

      expect(tokenRequests()).toBe(1);
      expect(fromB.value).toBe(fromA.value);
      expect(storeA.calls.acquireLock).toBe(1);
      expect(storeA.calls.writeToken).toBe(1);
      expect(storeB.calls.acquireLock).toBeGreaterThanOrEqual(1);
      expect(storeB.calls.writeToken).toBe(0);
      expect(storeB.calls.read).toBeGreaterThanOrEqual(2);
      expect(storeB.calls.subscribe).toBe(subscribe ? 1 : 0);
      expect(b.status?.()).toMatchObject({ hasUsableToken: true, store: 'shared' });
    });
  }

  it('a holder descheduled between its read and its lock looks again: it adopts the token written meanwhile, or the rejection recorded', async () => {
    for (const clientSecret of [DEFAULT_CLIENT_SECRET, 'wrong-secret']) {
      cloud.emulator.control.reset();
      const shared = memoryTokenStore();
      const first = sourceOn(createRecordingStore({ inner: shared, shared: true }), {
        clientSecret,
      });
      // The second process reads the store, then stalls before it asks for the lock, until
      // the first has requested, written (or recorded its rejection) and released the lock.
      let resume: () => void = () => undefined;
      const stalled = new Promise<void>((resolve) => {
        resume = resolve;
      });
      const stalling = createRecordingStore({ inner: shared, shared: true });
      const second = sourceOn(
        {
          ...stalling,
          acquireLock: async (key, ttlMs) => {
            await stalled;
            return stalling.acquireLock(key, ttlMs);
          },
        },
        { clientSecret },
      );
      const fromSecond = second.getToken();
      await expect.poll(() => stalling.calls.read).toBe(1);
      const fromFirst = await first.getToken().catch((error: unknown) => error);
      resume();

      const adopted = await fromSecond.catch((error: unknown) => error);
      expect(tokenRequests()).toBe(1);
      expect(stalling.calls.acquireLock).toBe(1);
      expect(stalling.calls.writeToken).toBe(0);
      if (clientSecret === DEFAULT_CLIENT_SECRET) {
        expect((adopted as AccessToken).value).toBe((fromFirst as AccessToken).value);
      } else {
        expect(isCloudTokenError(adopted, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
        expect(cloud.emulator.stats.tokenRequests.rejected).toBe(1);
      }
    }
  });
});

describe('createTokenSource with a store: clearing a recorded rejection', () => {
  it('store.clearGuard(grant.storeKey) is the recovery: the next source made sends a token request again', async () => {
    const store = memoryTokenStore();
    // A transient rejection: the right credentials answered invalid_client once.
    cloud.emulator.control.failTokenRequests(1, { kind: 'oauth-error', error: 'invalid_client' });
    const first = sourceOn(store);
    const rejected = await first.getToken().catch((error: unknown) => error);
    expect(isCloudTokenError(rejected, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
    first.close();
    const refusedAgain = await sourceOn(store)
      .getToken()
      .catch((error: unknown) => error);
    expect(isCloudTokenError(refusedAgain, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
    expect(tokenRequests()).toBe(1);

    const grant = clientCredentials({
      tokenUrl: cloud.emulator.tokenUrl,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
    });
    await store.clearGuard?.(grant.storeKey);

    const recovered = sourceOn(store);
    await expect(recovered.getToken()).resolves.toMatchObject({ type: 'Bearer' });
    expect(tokenRequests()).toBe(2);
    expect(recovered.status?.()).toMatchObject({ hasUsableToken: true, reason: undefined });
  });
});

describe('createTokenSource with a store: the 429 cooldown outlives a source', () => {
  it('a new source for throttled credentials waits out the cooldown without a request', async () => {
    const clock = createFakeClock();
    const store = createRecordingStore({ clock });
    const first = sourceOn(store, { clock });
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    expect((await runUntilSettled(clock, first.getToken())).status).toBe('rejected');
    first.close();

    const again = sourceOn(store, { clock });
    const refused = await runUntilSettled(clock, again.getToken());
    expect(
      refused.status === 'rejected' && isCloudTokenError(refused.reason, 'ERR_RATE_LIMITED'),
    ).toBe(true);
    expect(tokenRequests()).toBe(1);
    await clock.advance(120_000);
    expect((await runUntilSettled(clock, again.getToken())).status).toBe('fulfilled');
    expect(tokenRequests()).toBe(2);
  });
});

describe('createTokenSource with a failing store', () => {
  // Stores that reject or hang: the token-store conformance suite (memory-token-store.conformance.test.ts).
  it('serves tokens on the local path when every store call throws, reports fallback, and rejoins', async () => {
    const store = createRecordingStore();
    store.misbehave({
      throws: ['read', 'writeToken', 'acquireLock', 'releaseLock', 'updateGuard'],
    });
    const warnings: string[] = [];
    const source = sourceOn(store, {
      storeTimeoutMs: 20,
      logger: { warn: (message) => warnings.push(message), info: () => {} },
    });

    const tokens = await many(100, () => source.getToken());
    expect(valuesOf(tokens).size).toBe(1);
    expect(tokenRequests()).toBe(1);
    expect(source.status?.().store).toBe('fallback');
    expect(warnings.filter((line) => line.startsWith('token store failed'))).toHaveLength(1);

    // The local guard still protects the credentials while the store is down.
    const [token] = tokens;
    if (token !== undefined) source.invalidate(token);
    store.misbehave({});
    await source.getToken();
    expect(tokenRequests()).toBe(2);
    expect(source.status?.().store).toBe('local');
  });

  it('keeps the local guard when the store fails: rejected credentials still cost one request', async () => {
    const store = createRecordingStore();
    store.misbehave({
      reject: ['read', 'writeToken', 'acquireLock', 'releaseLock', 'updateGuard'],
    });
    const source = sourceOn(store, { clientSecret: 'wrong-secret' });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => source.getToken()));
    for (let round = 0; round < 20; round++) {
      outcomes.push(...(await Promise.allSettled([source.getToken()])));
    }
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(tokenRequests()).toBe(1);
  });
});

describe('createTokenSource: status()', () => {
  it('says what the source knows: token times, cooldown and reason, store kind', async () => {
    const clock = createFakeClock();
    const source = sourceOn(createRecordingStore({ clock }), { clock });
    expect(source.status?.()).toEqual({
      hasUsableToken: false,
      expiresAt: undefined,
      renewAt: undefined,
      cooldownUntil: undefined,
      reason: undefined,
      store: 'local',
    });
    const token = (await runUntilSettled(
      clock,
      source.getToken(),
    )) as PromiseFulfilledResult<AccessToken>;
    const status = source.status?.();
    expect(status?.hasUsableToken).toBe(true);
    expect(status?.expiresAt).toBe(token.value.expiresAt);
    expect(status?.renewAt).toBe(token.value.expiresAt - 300_000);
    expect(JSON.stringify(status)).not.toContain(token.value.value);

    source.invalidate(token.value);
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    await runUntilSettled(clock, source.getToken());
    expect(source.status?.()).toMatchObject({
      hasUsableToken: false,
      cooldownUntil: clock.now() + 120_000,
      reason: 'rate-limited',
    });
  });
});
