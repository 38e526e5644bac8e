import { randomBytes } from 'node:crypto';
import type { TokenStore } from '@cloud-token/core';
import { runTokenStoreConformance } from '@cloud-token/core/testing';
import * as vitest from 'vitest';
import { type RedisTokenStore, redisTokenStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from '../src/testing/index.js';
import { type ClientForm, clientForms } from './support/client-forms.js';
import { waitFor } from './support/wait-for.js';

let server: RedisServer;
vitest.beforeAll(async () => {
  server = await startRedisServer();
});
vitest.afterAll(async () => {
  await server.stop();
});

/** A token record stays this long past its token's expiry (the store's fencing grace). */
const TOKEN_GRACE_MS = 5_000;
const encryptionKey = randomBytes(32);

for (const form of clientForms) {
  // Each handle is its own connection, as another process's would be.
  const clients = new Map<TokenStore, ClientForm>();
  const storesReady = () =>
    waitFor(async () => {
      const reads = [...clients.keys()].map((store) => store.read('ready').then(() => true));
      return Promise.all(reads).then(
        (answers) => answers.every(Boolean),
        () => false,
      );
    }, 'every store to answer again');

  runTokenStoreConformance(vitest, {
    name: `redisTokenStore over ${form.name}, encrypted`,
    async createStore() {
      const client = await form.connect(server.url);
      const store = redisTokenStore({
        ...client.options,
        commandTimeoutMs: 1_000,
        encryption: { keys: [encryptionKey] },
      });
      clients.set(store, client);
      return store;
    },
    async closeStore(store) {
      await (store as RedisTokenStore).close();
      await clients.get(store)?.close();
      clients.delete(store);
    },
    tokenGraceMs: TOKEN_GRACE_MS,
    encryption: {
      async readRecord(key) {
        const [store, client] = [...clients][0] ?? [];
        if (store === undefined || client === undefined) throw new Error('no store is open');
        const { token } = (store as RedisTokenStore).keysOf(key);
        return JSON.stringify(await client.command('HGETALL', token));
      },
      async copyRecord(from, to) {
        const [store, client] = [...clients][0] ?? [];
        if (store === undefined || client === undefined) throw new Error('no store is open');
        const keys = (store as RedisTokenStore).keysOf.bind(store);
        const fields = (await client.command('HGETALL', keys(from).token)) as
          | string[]
          | Record<string, string>;
        const pairs = Array.isArray(fields) ? fields : Object.entries(fields).flat();
        await client.command('HSET', keys(to).token, ...pairs);
      },
    },
    faults: {
      async fail() {
        await server.kill();
        return async () => {
          await server.restart();
          await storesReady();
        };
      },
      async hang() {
        const admin = await form.connect(server.url);
        await admin.command('CLIENT', 'PAUSE', '2000', 'ALL');
        await admin.close();
        return storesReady;
      },
    },
  });
}
