import { randomBytes } from 'node:crypto';
import type { TokenStore } from '@cloud-token/core';
import { runTokenStoreConformance } from '@cloud-token/core/testing';
import { Cluster, Redis } from 'ioredis';
import { createCluster } from 'redis';
import * as vitest from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RedisTokenStore,
  type RedisTokenStoreOptions,
  redisTokenStore,
} from '../src/index.js';
import { liveRedisPids, type RedisCluster, startRedisCluster } from '../src/testing/index.js';
import { waitFor } from './support/wait-for.js';

/*
 * A real Redis Cluster of 3 masters sharing the 16384 slots: it refuses any
 * command or script whose keys span two slots (CROSSSLOT), which is the
 * property the store relies on, and it redirects a key to the master that
 * serves its slot (MOVED), which the cluster clients follow.
 */
let nodes: RedisCluster;
beforeAll(async () => {
  nodes = await startRedisCluster({ replicasPerMaster: 0 });
});
afterAll(async () => {
  await nodes.stop();
  expect(liveRedisPids()).toEqual([]);
});

/** A token record stays this long past its token's expiry (the store's fencing grace). */
const TOKEN_GRACE_MS = 5_000;

const rootUrls = () => nodes.rootNodes.map(({ port }) => ({ url: `redis://127.0.0.1:${port}` }));

interface ClusterForm {
  name: string;
  connect(): Promise<{ options: RedisTokenStoreOptions; close(): Promise<void> }>;
}

const forms: ClusterForm[] = [
  {
    name: 'ioredis Cluster',
    async connect() {
      const cluster = new Cluster([...nodes.rootNodes]);
      cluster.on('error', () => {});
      return { options: { client: cluster }, close: async () => cluster.disconnect() };
    },
  },
  {
    name: 'node-redis cluster',
    async connect() {
      const cluster = createCluster({ rootNodes: rootUrls() });
      cluster.on('error', () => {});
      await cluster.connect();
      return {
        options: { client: cluster },
        close: async () => cluster.destroy(),
      };
    },
  },
  {
    name: 'sendClusterCommand',
    async connect() {
      const cluster = createCluster({ rootNodes: rootUrls() });
      cluster.on('error', () => {});
      await cluster.connect();
      return {
        options: { sendClusterCommand: (key, args) => cluster.sendCommand(key, false, args) },
        close: async () => cluster.destroy(),
      };
    },
  },
];

describe('on a real cluster', () => {
  it('Redis refuses a script whose keys span two slots (so the store’s scripts prove theirs do not)', async () => {
    const client = new Redis(nodes.nodes[0]?.url ?? '');
    try {
      await expect(client.call('EVAL', 'return 1', '2', '{a}x', '{b}x')).rejects.toThrow(
        /CROSSSLOT/,
      );
    } finally {
      client.disconnect();
    }
  });

  it.each(forms)('$name: locks, writes, reads, guards and wakes', async (form) => {
    const connection = await form.connect();
    const store = redisTokenStore(connection.options);
    const key = randomBytes(16).toString('hex');
    try {
      let wakes = 0;
      const unsubscribe = store.subscribe?.(key, () => {
        wakes++;
      });
      const lock = await store.acquireLock(key, 10_000);
      if (lock === undefined) throw new Error('no lock');
      const token = {
        value: 'cluster-token',
        type: 'Bearer',
        expiresInMs: 3_600_000,
        generation: 0,
      };
      await expect(store.writeToken(key, token, lock)).resolves.toBe(true);
      const guard = await store.updateGuard(key, { failed: true, windowMs: 60_000 }, 60_000);
      expect(guard).toMatchObject({ failureAgesMs: [expect.any(Number)] });
      await expect(store.read(key)).resolves.toEqual({
        token: {
          ...token,
          generation: lock.generation,
          expiresInMs: expect.toSatisfy((ms: number) => ms > 3_590_000 && ms <= 3_600_000),
          ageMs: expect.toSatisfy((ms: number) => ms >= 0 && ms < 10_000),
        },
        guard: { ...guard, failureAgesMs: [expect.toSatisfy((ms: number) => ms < 10_000)] },
      });
      await store.releaseLock(key, lock);
      await expect(store.acquireLock(key, 10_000)).resolves.toMatchObject({ generation: 2 });
      if (unsubscribe !== undefined) {
        let next = token.expiresInMs;
        await waitFor(async () => {
          next += 10_000;
          await store.writeToken(key, { ...token, expiresInMs: next }, lock);
          return wakes > 0;
        }, 'a wake-up');
        unsubscribe();
      }
    } finally {
      await store.close();
      await connection.close();
    }
  });
});

// The core's token-store conformance suite, over every cluster client form on the real cluster.
for (const form of forms) {
  const connections = new Map<TokenStore, { close(): Promise<void> }>();
  runTokenStoreConformance(vitest, {
    name: `redisTokenStore over a 3-master cluster, ${form.name}`,
    async createStore() {
      const connection = await form.connect();
      const store = redisTokenStore({ ...connection.options, commandTimeoutMs: 2_000 });
      connections.set(store, connection);
      return store;
    },
    async closeStore(store) {
      await (store as RedisTokenStore).close();
      await connections.get(store)?.close();
      connections.delete(store);
    },
    tokenGraceMs: TOKEN_GRACE_MS,
    // `sendClusterCommand` alone gives the store no pub/sub connection: no wake-ups, it polls.
    subscribe: form.name !== 'sendClusterCommand',
  });
}
