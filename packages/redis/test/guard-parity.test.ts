import { randomBytes } from 'node:crypto';
import type { GuardRecord, GuardUpdate } from '@cloud-token/core';
import { applyGuardUpdate, readStoredGuard, type StoredGuard } from '@cloud-token/core/adapter';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisTokenStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from '../src/testing/index.js';

let server: RedisServer;
let client: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});
afterAll(async () => {
  client.disconnect();
  await server.stop();
});

// Coarse durations: two of them are either equal or far apart next to the
// few milliseconds Redis's clock moves between two updates of a sequence.
const duration = fc.integer({ min: 1, max: 60 }).map((tens) => tens * 10_000);
const update: fc.Arbitrary<GuardUpdate> = fc.record(
  {
    failed: fc.boolean(),
    // Long windows: within a sequence no failure ages out (the window rule has its own tests).
    windowMs: fc.constantFrom(60_000, 120_000),
    rejectedForMs: duration,
    rejection: fc.record(
      {
        oauthError: fc.constantFrom('invalid_client', 'invalid_grant', 'unauthorized_client'),
        description: fc.string({ maxLength: 20 }),
        upstreamStatus: fc.constantFrom(400, 401),
      },
      { requiredKeys: ['oauthError'] },
    ),
    rateLimitedForMs: duration,
    clearRejection: fc.boolean(),
  },
  { requiredKeys: [] },
);

/**
 * The model's record (every update at one instant) as Redis may answer it a
 * few ms later on its own clock: what lasts is at most as long and at most
 * `slack` shorter, what has lasted (and ages) at least as long and at most
 * `slack` longer; everything else exactly.
 */
function closeTo(model: GuardRecord, slack: number) {
  const shorter = (ms: number) =>
    expect.toSatisfy((value: number) => value <= ms && value >= Math.max(0, ms - slack));
  const longer = (ms: number) =>
    expect.toSatisfy((value: number) => value >= ms && value <= ms + slack);
  return {
    ...model,
    rejectedForMs: shorter(model.rejectedForMs),
    rateLimitedForMs: shorter(model.rateLimitedForMs),
    ...(model.rejectedSinceMs !== undefined && { rejectedSinceMs: longer(model.rejectedSinceMs) }),
    ...(model.rateLimitedSinceMs !== undefined && {
      rateLimitedSinceMs: longer(model.rateLimitedSinceMs),
    }),
    failureAgesMs: model.failureAgesMs.map(longer),
  };
}

describe('the guard record in Redis', () => {
  it('follows the memory store’s rules (the core’s applyGuardUpdate) for any sequence of updates', async () => {
    const store = redisTokenStore({ client, pubsub: false });
    await fc.assert(
      fc.asyncProperty(fc.array(update, { minLength: 1, maxLength: 40 }), async (updates) => {
        const key = randomBytes(16).toString('hex');
        const started = Date.now();
        let model: StoredGuard | undefined;
        for (const next of updates) {
          model = applyGuardUpdate(model, next, 0);
          const answer = await store.updateGuard(key, next, 600_000);
          expect(answer).toEqual(closeTo(readStoredGuard(model, 0), Date.now() - started + 5));
        }
        const read = (await store.read(key)).guard;
        expect(read).toEqual(
          closeTo(readStoredGuard(model as StoredGuard, 0), Date.now() - started + 5),
        );
      }),
      { numRuns: 60 },
    );
  });
});
