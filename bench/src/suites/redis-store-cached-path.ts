import { memoryTokenStore } from '@cloud-token/core';
import { redisTokenStore } from '@cloud-token/redis';
import { startRedisServer } from '@cloud-token/redis/testing';
import { Redis } from 'ioredis';
import { emulatorSource, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import { median, nsPerOperation, timeSequential } from '../measure.js';
import { sized } from '../quick.js';
import type { Suite } from '../suite.js';

const WARMUP_CALLS = sized(200_000, 20_000);
const CALLS_PER_ROUND = sized(250_000, 25_000);
const ROUNDS = sized(10, 2);

/**
 * The Redis store's cached path: `await getToken()` on a warm source whose
 * store is `redisTokenStore()` against one whose store is the memory store.
 * A cached token never touches the store, so a `redis-server` is needed only
 * to create the store; the commands Redis processed during the rounds are
 * reported beside the figure. Skipped, with a note, without `redis-server`.
 */
export const redisStoreCachedPath: Suite = {
  title: '12 Redis store, cached path',
  async run({ checks }) {
    const redis = await startRedisServer().catch((error: unknown) => {
      if (error instanceof Error && error.message.includes('is not installed')) return undefined;
      throw error;
    });
    if (redis === undefined) {
      console.log('  skipped: no redis-server in /usr/bin or /usr/local/bin');
      return [];
    }
    const client = new Redis({ port: redis.port, host: '127.0.0.1' });
    const admin = new Redis({ port: redis.port, host: '127.0.0.1' });
    const processed = async () =>
      Number(/total_commands_processed:(\d+)/.exec(await admin.info('stats'))?.[1] ?? Number.NaN);
    try {
      return await withEmulator(async (emulator): Promise<Figure[]> => {
        const viaRedis = emulatorSource(emulator, { store: redisTokenStore({ client }) });
        const viaMemory = emulatorSource(emulator, { store: memoryTokenStore() });
        try {
          await viaRedis.getToken();
          await viaMemory.getToken();
          const sides = [
            { operation: () => viaRedis.getToken(), ns: [] as number[] },
            { operation: () => viaMemory.getToken(), ns: [] as number[] },
          ];
          for (const side of sides) await timeSequential(WARMUP_CALLS, side.operation);
          const commandsBefore = await processed();
          for (let round = 0; round < ROUNDS; round += 1) {
            const order = round % 2 === 0 ? sides : [...sides].reverse();
            for (const side of order) {
              const ms = await timeSequential(CALLS_PER_ROUND, side.operation);
              side.ns.push(nsPerOperation(CALLS_PER_ROUND, ms));
            }
          }
          // Minus the INFO command that reads the figure.
          const commands = (await processed()) - commandsBefore - 1;
          checks.expect(
            emulator.stats.tokenRequests.total === 2,
            `redis store: ${emulator.stats.tokenRequests.total} token requests, expected 2 (one per source)`,
          );
          const [redisNs, memoryNs] = sides.map((side) => median(side.ns)) as [number, number];
          return [
            {
              figure: 'await getToken(), warm cache: ops/s',
              value: 1e9 / redisNs,
              unit: 'ops/s',
              baseline: 1e9 / memoryNs,
              baselineLabel: 'memory store',
              target: { kind: 'ratio-at-least', limit: 0.97 },
            },
            {
              figure: 'await getToken(), warm cache: ns/op',
              value: redisNs,
              unit: 'ns',
              baseline: memoryNs,
              baselineLabel: 'memory store',
            },
            {
              figure: `Redis commands during ${(ROUNDS * CALLS_PER_ROUND).toLocaleString('en-US')} cached calls`,
              value: commands,
              unit: '',
            },
          ];
        } finally {
          viaRedis.close();
          viaMemory.close();
        }
      });
    } finally {
      client.disconnect();
      admin.disconnect();
      await redis.stop();
    }
  },
};
