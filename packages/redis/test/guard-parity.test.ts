import { randomBytes } from 'node:crypto';
import { applyGuardUpdate, type GuardRecord, type GuardUpdate } from '@cloud-token/core/store';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisTokenStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

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

const base = 1_800_000_000_000;
const at = fc.integer({ min: base, max: base + 300_000 });
const update: fc.Arbitrary<GuardUpdate> = fc.record(
  {
    failureAt: at,
    windowMs: fc.integer({ min: 1, max: 120_000 }),
    rejectedUntil: at,
    rejection: fc.record(
      {
        oauthError: fc.constantFrom('invalid_client', 'invalid_grant', 'unauthorized_client'),
        description: fc.string({ maxLength: 20 }),
        upstreamStatus: fc.constantFrom(400, 401),
      },
      { requiredKeys: ['oauthError'] },
    ),
    rateLimitedUntil: at,
    clearRejection: fc.boolean(),
  },
  { requiredKeys: [] },
);

const empty: GuardRecord = { rejectedUntil: 0, rateLimitedUntil: 0, failures: [] };

describe('the guard record in Redis', () => {
  it('follows the memory store’s rules (the core’s applyGuardUpdate) for any sequence of updates', async () => {
    const store = redisTokenStore({ client, pubsub: false });
    await fc.assert(
      fc.asyncProperty(fc.array(update, { minLength: 1, maxLength: 80 }), async (updates) => {
        const key = randomBytes(16).toString('hex');
        let expected = empty;
        for (const next of updates) {
          expected = applyGuardUpdate(expected, next);
          expect(await store.updateGuard(key, next, 60_000)).toEqual(expected);
        }
        expect((await store.read(key)).guard).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
