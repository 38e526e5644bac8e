import { systemClock } from '../index.js';
import { sleep } from '../shared/clock.js';
import {
  applyGuardUpdate,
  readStoredGuard,
  type StoredGuard,
  type StoreLock,
  type TokenStore,
} from '../store.js';
import { guardUpdateSequences } from './guard-update-sequences.js';
import { pollUntil } from './poll-until.js';
import { CLOCK_MARGIN_MS, settledGuard, settledToken } from './store-durations.js';
import { lockOf, type StoreFixture, storedToken } from './store-fixture.js';
import type { TestApi } from './test-api.js';

const TIMEOUT_MS = 30_000;
const SEQUENCE_TIMEOUT_MS = 4 * TIMEOUT_MS;
const HOUR = 3_600_000;

/** The lock of `key`, taken as soon as the one held now has lapsed. */
async function lockOnceLapsed(store: TokenStore, key: string): Promise<StoreLock> {
  let lock: StoreLock | undefined;
  await pollUntil(
    async () => {
      lock = await store.acquireLock(key, 10_000);
      return lock !== undefined;
    },
    'the lock to lapse',
    10_000,
  );
  if (lock === undefined) throw new Error('no lock');
  return lock;
}

/** The `TokenStore` contract, method by method, on one or two handles of the store. */
export function describeStoreContract(
  test: TestApi,
  fixture: StoreFixture,
  settings: { tokenGraceMs: number; subscribe: boolean },
): void {
  const { describe, it, expect } = test;

  describe('the store contract', () => {
    it('reads nothing for a credential it has never seen, and says whether it is shared', async () => {
      const store = await fixture.open();
      expect(typeof store.shared).toBe('boolean');
      expect(await store.read(fixture.newKey())).toEqual({});
    });

    it(
      'grants the renewal lock to one holder at a time, with a growing fencing generation; only the owner releases it',
      async () => {
        const [a, b] = [await fixture.open(), await fixture.open()];
        const key = fixture.newKey();
        const first = await lockOf(a, key);
        expect(await b.acquireLock(key, 10_000)).toBeUndefined();
        await b.releaseLock(key, { owner: 'someone-else', generation: first.generation });
        expect(await b.acquireLock(key, 10_000)).toBeUndefined();
        await a.releaseLock(key, first);
        const second = await lockOf(b, key);
        expect(second.generation).toBeGreaterThan(first.generation);
        expect(second.owner).not.toBe(first.owner);
        // Each credential has its own lock.
        expect(await a.acquireLock(fixture.newKey(), 10_000)).toBeDefined();
      },
      TIMEOUT_MS,
    );

    it(
      'lets a lock lapse after its TTL; the next holder gets a later generation',
      async () => {
        const store = await fixture.open();
        const key = fixture.newKey();
        const first = await lockOf(store, key, 100);
        const next = await lockOnceLapsed(store, key);
        expect(next.generation).toBeGreaterThan(first.generation);
      },
      TIMEOUT_MS,
    );

    it(
      'stores a token written under the lock and reads it back, with the lock’s generation',
      async () => {
        const [a, b] = [await fixture.open(), await fixture.open()];
        const key = fixture.newKey();
        const lock = await lockOf(a, key);
        const written = systemClock.now();
        const token = storedToken('token-1', HOUR);
        expect(await a.writeToken(key, token, lock)).toBe(true);
        // What is left of its hour, and how old it is, counted from the write on the store's clock.
        const { token: read } = await b.read(key);
        const slackMs = systemClock.now() - written + CLOCK_MARGIN_MS;
        expect(settledToken(read, token, slackMs)).toEqual({
          ...token,
          generation: lock.generation,
        });
      },
      TIMEOUT_MS,
    );

    it(
      'fences writes: a stale holder cannot overwrite, and the expiry never moves back',
      async () => {
        const store = await fixture.open();
        const key = fixture.newKey();
        const stale = await lockOf(store, key, 1);
        const fresh = await lockOnceLapsed(store, key);
        // Expiries a minute apart: far more than the time the writes take.
        const written = systemClock.now();
        expect(await store.writeToken(key, storedToken('new', HOUR), fresh)).toBe(true);
        // The paused holder comes back with an older generation, even with a later expiry.
        expect(await store.writeToken(key, storedToken('old', 2 * HOUR), stale)).toBe(false);
        // The current holder cannot move the expiry backwards.
        const earlier = storedToken('earlier', HOUR - 60_000);
        expect(await store.writeToken(key, earlier, fresh)).toBe(false);
        // The same generation with a later expiry is accepted.
        const later = storedToken('later', HOUR + 60_000);
        expect(await store.writeToken(key, later, fresh)).toBe(true);
        const { token: read } = await store.read(key);
        const slackMs = systemClock.now() - written + CLOCK_MARGIN_MS;
        expect(settledToken(read, later, slackMs)).toEqual({
          ...later,
          generation: fresh.generation,
        });
      },
      TIMEOUT_MS,
    );

    it(
      'keeps a token until it expires, and lets it go after',
      async () => {
        const store = await fixture.open();
        const key = fixture.newKey();
        const token = storedToken('short-lived', 300);
        expect(await store.writeToken(key, token, await lockOf(store, key))).toBe(true);
        expect((await store.read(key)).token?.value).toBe('short-lived');
        await pollUntil(
          async () => (await store.read(key)).token === undefined,
          'the expired token to go',
          300 + settings.tokenGraceMs + 10_000,
        );
      },
      TIMEOUT_MS + settings.tokenGraceMs,
    );

    it(
      'merges guard updates as the core’s applyGuardUpdate does: failures in their window, deadlines only later, rejections cleared',
      async () => {
        const [a, b] = [await fixture.open(), await fixture.open()];
        for (const updates of guardUpdateSequences(30, 30)) {
          const key = fixture.newKey();
          // The model applies every update at one instant; the store applies them a few
          // milliseconds apart on its own clock, which only that much time may explain.
          const started = systemClock.now();
          const slack = () => systemClock.now() - started + CLOCK_MARGIN_MS;
          let model: StoredGuard | undefined;
          for (const [index, update] of updates.entries()) {
            model = applyGuardUpdate(model, update, 0);
            const expected = readStoredGuard(model, 0);
            // Two handles take turns, as two processes would.
            const store = index % 2 === 0 ? a : b;
            const answer = await store.updateGuard(key, update, 60_000);
            expect(settledGuard(answer, expected, slack())).toEqual(expected);
          }
          if (model === undefined) continue;
          const expected = readStoredGuard(model, 0);
          expect(settledGuard((await b.read(key)).guard, expected, slack())).toEqual(expected);
        }
      },
      // Hundreds of round trips, one after the other: about a second on a quiet machine,
      // past 30 s on a CI machine running other suites beside it.
      SEQUENCE_TIMEOUT_MS,
    );

    it(
      'keeps the guard record as long as the longest TTL asked for, then lets it go',
      async () => {
        const store = await fixture.open();
        const [kept, short] = [fixture.newKey(), fixture.newKey()];
        await store.updateGuard(kept, { rateLimitedForMs: HOUR }, 60_000);
        await store.updateGuard(kept, { failed: true, windowMs: 60_000 }, 100);
        await store.updateGuard(short, { rateLimitedForMs: 100 }, 100);
        await pollUntil(
          async () => (await store.read(short)).guard === undefined,
          'the short-lived guard record to go',
          10_000,
        );
        expect((await store.read(kept)).guard?.failureAgesMs).toHaveLength(1);
        // A guard record and a token record of one credential live side by side.
        const lock = await lockOf(store, kept);
        await store.writeToken(kept, storedToken('beside', HOUR), lock);
        const both = await store.read(kept);
        expect(both.token?.value).toBe('beside');
        expect(both.guard?.rateLimitedForMs).toBeGreaterThan(HOUR - 60_000);
      },
      TIMEOUT_MS,
    );

    if (settings.subscribe) {
      it(
        'wakes its subscribers when another handle writes a token, until they unsubscribe',
        async () => {
          const [reader, writer] = [await fixture.open(), await fixture.open()];
          expect(typeof reader.subscribe).toBe('function');
          const key = fixture.newKey();
          let wakes = 0;
          const unsubscribe = reader.subscribe?.(key, () => {
            wakes += 1;
          });
          const lock = await lockOf(writer, key);
          // A subscription may take a moment to be in place: write until one wakes it.
          // Each write expires a little later than the one before, so the store accepts it.
          let writes = 0;
          const write = (value: string) => {
            writes += 1;
            return writer.writeToken(key, storedToken(value, HOUR + writes * 1_000), lock);
          };
          await pollUntil(
            async () => {
              await write('wake');
              return wakes > 0;
            },
            'a wake-up',
            10_000,
          );
          unsubscribe?.();
          unsubscribe?.();
          const seen = wakes;
          expect(await write('quiet')).toBe(true);
          await sleep(50, systemClock);
          expect(wakes).toBe(seen);
        },
        TIMEOUT_MS,
      );
    }
  });
}
