import { randomUUID } from 'node:crypto';
import { useEmulator, waitForCounter } from '@cloud-token/emulator/testing';
import {
  type AccessToken,
  type CredentialsRejectedError,
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  type TokenSource,
  type TokenSourceOptions,
  type TokenStore,
} from '../index.js';
import {
  createRecordingStore,
  type MisbehaviourMode,
  type RecordingStore,
} from './recording-store.js';
import { lockOf, type StoreFixture, storedToken } from './store-fixture.js';
import type { TestApi } from './test-api.js';
import type { StoreFaults } from './token-store-conformance.js';

const TIMEOUT_MS = 30_000;
const everyMethod = ['read', 'writeToken', 'acquireLock', 'releaseLock', 'updateGuard'] as const;

/** What the store is for: token sources, each on its own handle, acting as one client. */
export function describeStoreUnderSources(
  test: TestApi,
  fixture: StoreFixture,
  faults: StoreFaults | undefined,
): void {
  const { describe, it, expect, beforeEach, afterEach } = test;

  describe('under token sources', () => {
    const cloud = useEmulator(test);
    const opened: TokenSource[] = [];
    let clientId = '';
    let clientSecret = '';
    beforeEach(() => {
      clientId = `store-conformance-${randomUUID()}`;
      clientSecret = `store-conformance-secret-${randomUUID()}`;
      cloud.emulator.control.addClient({ clientId, clientSecret });
    });
    afterEach(() => {
      for (const source of opened.splice(0)) source.close();
    });

    const grant = (secret = clientSecret) =>
      clientCredentials({ tokenUrl: cloud.emulator.tokenUrl, clientId, clientSecret: secret });
    function sourceOn(
      store: TokenStore,
      options: TokenSourceOptions & { clientSecret?: string } = {},
    ): TokenSource {
      const { clientSecret: secret, ...rest } = options;
      const source = createTokenSource(grant(secret), { random: () => 0, store, ...rest });
      opened.push(source);
      return source;
    }
    const tokenRequests = (): number => cloud.emulator.stats.tokenRequests.total;
    const valuesOf = (tokens: AccessToken[]): Set<string> =>
      new Set(tokens.map((token) => token.value));

    it(
      'lets one of two sources request the token under the lock; the other adopts it',
      async () => {
        const [a, b] = [await fixture.open(), await fixture.open()];
        // The token request takes longer than the waiter's poll, woken or not.
        cloud.emulator.control.setLatency({ tokenMs: 300 });
        const [fromA, fromB] = await Promise.all([sourceOn(a).getToken(), sourceOn(b).getToken()]);
        expect(fromB.value).toBe(fromA.value);
        expect(tokenRequests()).toBe(1);
      },
      TIMEOUT_MS,
    );

    it(
      'takes the lock itself when the holder released it without a token (its request failed)',
      async () => {
        const [a, b] = [await fixture.open(), await fixture.open()];
        const first = sourceOn(a, { retry: { attempts: 1 } });
        const second = sourceOn(b);
        cloud.emulator.control.setLatency({ tokenMs: 100 });
        cloud.emulator.control.failTokenRequests(1, { kind: 'status', status: 500 });
        const pendingA = first.getToken();
        // The first holds the lock once its token request is under way.
        await waitForCounter(cloud.emulator, (stats) => stats.maxConcurrentTokenRequests, 1);
        const [fromA, fromB] = await Promise.allSettled([pendingA, second.getToken()]);
        expect(fromA.status).toBe('rejected');
        expect(fromB.status).toBe('fulfilled');
        expect(tokenRequests()).toBe(2);
        expect(cloud.emulator.stats.tokenRequests.issued).toBe(1);
      },
      TIMEOUT_MS,
    );

    it(
      'hands a source made again the stored token while it is usable, never once it has expired',
      async () => {
        const [a, b] = [await fixture.open(), await fixture.open()];
        // An expired token in the store is a miss: the source asks the cloud.
        const key = grant().storeKey;
        const lock = await lockOf(a, key);
        await a.writeToken(key, storedToken('expired-token', -1_000, lock.generation), lock);
        await a.releaseLock(key, lock);
        const first = sourceOn(a);
        const token = await first.getToken();
        expect(token.value).not.toBe('expired-token');
        expect(tokenRequests()).toBe(1);
        first.close();
        // The token it stored is usable: a source made again adopts it.
        expect((await sourceOn(b).getToken()).value).toBe(token.value);
        expect(tokenRequests()).toBe(1);
      },
      TIMEOUT_MS,
    );

    it(
      'never hands back the token a source invalidated: a 401 leads to a new token request',
      async () => {
        const source = sourceOn(await fixture.open());
        const refused = await source.getToken();
        expect(source.invalidate(refused)).toBe(true);
        const renewed = await source.getToken();
        expect(renewed.value).not.toBe(refused.value);
        expect(tokenRequests()).toBe(2);
      },
      TIMEOUT_MS,
    );

    it(
      'shares a rejection: a new source for rejected credentials fails fast without a request',
      async () => {
        const opened = await fixture.open();
        const a = createRecordingStore({ inner: opened, shared: opened.shared });
        const b = await fixture.open();
        const wrong = `wrong-${clientSecret}`;
        const first = (await sourceOn(a, { clientSecret: wrong })
          .getToken()
          .catch((error: unknown) => error)) as CredentialsRejectedError;
        expect(isCloudTokenError(first, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
        expect(a.calls.updateGuard).toBe(1);
        const again = sourceOn(b, { clientSecret: wrong });
        const second = (await again
          .getToken()
          .catch((error: unknown) => error)) as CredentialsRejectedError;
        expect(isCloudTokenError(second, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
        expect(second.oauthError).toBe(first.oauthError);
        expect(cloud.emulator.stats.tokenRequests.rejected).toBe(1);
        expect(again.status?.()).toMatchObject({ hasUsableToken: false, reason: 'rejected' });
        // The right credentials are another record: untouched.
        await sourceOn(b).getToken();
        expect(cloud.emulator.stats.tokenRequests.issued).toBe(1);
      },
      TIMEOUT_MS,
    );

    it(
      'shares a 429 cooldown: a new source waits it out without a request',
      async () => {
        const [a, b] = [await fixture.open(), await fixture.open()];
        cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
        await expect(sourceOn(a).getToken()).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED' });
        const again = sourceOn(b);
        await expect(again.getToken()).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED' });
        expect(again.status?.()).toMatchObject({ hasUsableToken: false, reason: 'rate-limited' });
        expect(tokenRequests()).toBe(1);
      },
      TIMEOUT_MS,
    );

    it(
      'shares the failure budget: a new source counts the failures of the one before',
      async () => {
        const [a, b] = [await fixture.open(), await fixture.open()];
        cloud.emulator.control.failTokenRequests(3, { kind: 'status', status: 500 });
        const first = sourceOn(a, { retry: { attempts: 1 } });
        for (let attempt = 0; attempt < 2; attempt++) {
          await expect(first.getToken()).rejects.toMatchObject({ code: 'ERR_TOKEN_REQUEST' });
        }
        const again = sourceOn(b, { retry: { attempts: 1 } });
        await expect(again.getToken()).rejects.toMatchObject({ code: 'ERR_TOKEN_REQUEST' });
        // Three failures within the minute: the budget of the credentials is spent.
        await expect(again.getToken()).rejects.toMatchObject({ code: 'ERR_TOKEN_REQUEST' });
        expect(again.status?.().reason).toBe('failure-budget');
        expect(tokenRequests()).toBe(3);
      },
      TIMEOUT_MS,
    );

    /** Makes every store call fail or hang; resolves with what ends it. */
    type Outage = (store: RecordingStore) => Promise<() => Promise<void>>;
    const misbehaving =
      (mode: MisbehaviourMode): Outage =>
      async (store) => {
        store.misbehave(mode);
        return async () => store.misbehave({});
      };
    const outages: { how: string; inject: Outage }[] =
      faults === undefined
        ? [
            { how: 'rejects', inject: misbehaving({ reject: everyMethod }) },
            { how: 'hangs', inject: misbehaving({ hang: everyMethod }) },
          ]
        : [
            { how: 'fails', inject: () => faults.fail() },
            { how: 'hangs', inject: () => faults.hang() },
          ];

    for (const { how, inject } of outages) {
      it(
        `serves tokens on the local path while every store call ${how}, says so, and rejoins the store`,
        async () => {
          const opened = await fixture.open();
          const store = createRecordingStore({ inner: opened, shared: opened.shared });
          const warnings: string[] = [];
          const source = sourceOn(store, {
            storeTimeoutMs: 200,
            logger: { warn: (message) => warnings.push(message), info: () => {} },
          });
          const restore = await inject(store);
          let tokens: AccessToken[];
          try {
            tokens = await Promise.all(Array.from({ length: 100 }, () => source.getToken()));
            expect(valuesOf(tokens).size).toBe(1);
            expect(tokenRequests()).toBe(1);
            expect(source.status?.().store).toBe('fallback');
            expect(warnings.filter((line) => line.startsWith('token store failed'))).toHaveLength(
              1,
            );
          } finally {
            await restore();
          }
          // Back: a renewal goes through the store again.
          const [token] = tokens;
          if (token !== undefined) source.invalidate(token);
          await source.getToken();
          expect(tokenRequests()).toBe(2);
          expect(source.status?.().store).toBe(opened.shared ? 'shared' : 'local');
        },
        TIMEOUT_MS,
      );
    }
  });
}
