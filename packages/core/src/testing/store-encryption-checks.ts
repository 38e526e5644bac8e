import { systemClock } from '../index.js';
import { CLOCK_MARGIN_MS, settledToken } from './store-durations.js';
import { lockOf, type StoreFixture, storedToken } from './store-fixture.js';
import type { TestApi } from './test-api.js';
import type { StoreAtRest } from './token-store-conformance.js';

const TIMEOUT_MS = 30_000;

/** What an encrypting store keeps at rest: nothing readable, nothing movable. */
export function describeEncryption(
  test: TestApi,
  fixture: StoreFixture,
  atRest: StoreAtRest,
): void {
  const { describe, it, expect } = test;

  describe('encryption at rest', () => {
    it(
      'keeps no readable token at rest, and reads it back',
      async () => {
        const [a, b] = [await fixture.open(), await fixture.open()];
        const key = fixture.newKey();
        const value = `eyJhbGciOiJSUzI1NiJ9.${'conformance-token'.repeat(4)}.signature`;
        const lock = await lockOf(a, key);
        const written = systemClock.now();
        const token = storedToken(value, 3_600_000);
        expect(await a.writeToken(key, token, lock)).toBe(true);
        const raw = await atRest.readRecord(key);
        expect(raw.length).toBeGreaterThan(0);
        for (const readable of [
          'conformance-token',
          Buffer.from(value).toString('base64'),
          Buffer.from(value).toString('hex'),
        ]) {
          expect(raw).not.toContain(readable);
        }
        const { token: read } = await b.read(key);
        // What is left of its hour, counted on the store's clock: at most the time the test took less.
        const slackMs = systemClock.now() - written + CLOCK_MARGIN_MS;
        expect(settledToken(read, token, slackMs)).toEqual({
          ...token,
          generation: lock.generation,
        });
      },
      TIMEOUT_MS,
    );

    it(
      'treats a record copied under another credential’s key as a miss',
      async () => {
        const store = await fixture.open();
        const [victim, attacker] = [fixture.newKey(), fixture.newKey()];
        for (const [key, value] of [
          [victim, 'victim-token'],
          [attacker, 'attacker-token'],
        ] as const) {
          await store.writeToken(key, storedToken(value, 3_600_000), await lockOf(store, key));
        }
        await atRest.copyRecord(victim, attacker);
        expect((await store.read(attacker)).token).toBeUndefined();
        expect((await store.read(victim)).token?.value).toBe('victim-token');
      },
      TIMEOUT_MS,
    );
  });
}
