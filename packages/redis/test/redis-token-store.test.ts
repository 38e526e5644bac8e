import { randomBytes } from 'node:crypto';
import type { StoredToken } from '@cloud-token/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RedisTokenStore, redisTokenStore } from '../src/index.js';
import { type ClientForm, clientForms } from './support/client-forms.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

const hour = 3_600_000;
const token = (value: string, expiresAt: number, generation = 0): StoredToken => ({
  value,
  type: 'Bearer',
  expiresAt,
  generation,
});
const newKey = () => randomBytes(16).toString('hex');

describe.each(clientForms)('the store over $name', (form) => {
  let client: ClientForm;
  let store: RedisTokenStore;
  let key: string;

  beforeEach(async () => {
    client = await form.connect(server.url);
    store = redisTokenStore({ ...client.options });
    key = newKey();
  });
  afterEach(async () => {
    await store.close();
    await client.close();
  });

  // The contract itself: the token-store conformance suite (redis-token-store.conformance.test.ts).
  it('is shared', () => {
    expect(store.shared).toBe(true);
  });

  it('gives the lock key the TTL asked for, never longer', async () => {
    expect(await store.acquireLock(key, 100)).toBeDefined();
    const pttl = Number(await client.command('PTTL', store.keysOf(key).lock));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(100);
  });

  it('keeps a token record a little past the token’s expiry, not before', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    await expect(store.writeToken(key, token('token-1', Date.now() + hour), lock)).resolves.toBe(
      true,
    );
    const pttl = Number(await client.command('PTTL', store.keysOf(key).token));
    expect(pttl).toBeGreaterThan(hour - 60_000);
    expect(pttl).toBeLessThanOrEqual(hour + 5_000);
  });

  it('never hands out a generation below the stored token’s, even when the counter is lost', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    await store.writeToken(key, token('t', Date.now() + hour), { ...lock, generation: 41 });
    await store.releaseLock(key, lock);
    await client.command('DEL', store.keysOf(key).gen);
    expect((await store.acquireLock(key, 10_000))?.generation).toBe(42);
  });

  it('keeps the guard key alive as long as the longest TTL asked for', async () => {
    const now = Date.now();
    await store.updateGuard(key, { rateLimitedUntil: now + 600_000 }, 600_000);
    await store.updateGuard(key, { rateLimitedUntil: now + 1_000 }, 1_000);
    expect(Number(await client.command('PTTL', store.keysOf(key).guard))).toBeGreaterThan(60_000);
  });

  it('reads the token and the guard in one round trip', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    const expiresAt = Date.now() + hour;
    await store.writeToken(key, token('both', expiresAt), lock);
    const guard = await store.updateGuard(key, { rateLimitedUntil: expiresAt }, 60_000);
    // Redis has the read script from here on: what follows is one read's traffic.
    await store.read(key);
    const sent: string[] = [];
    const counting = redisTokenStore({
      sendCommand: (...args) => {
        sent.push(args[0] ?? '');
        return client.command(...args);
      },
    });
    await expect(counting.read(key)).resolves.toEqual({
      token: token('both', expiresAt, lock.generation),
      guard,
    });
    expect(sent).toEqual(['EVALSHA']);
  });

  it('loads a script again only when Redis answers NOSCRIPT', async () => {
    const sent: string[] = [];
    const counting = redisTokenStore({
      sendCommand: (...args) => {
        sent.push(args[0] ?? '');
        return client.command(...args);
      },
    });
    await counting.read(key);
    await client.command('SCRIPT', 'FLUSH');
    await counting.read(key);
    await counting.read(key);
    expect(sent).toEqual(['EVALSHA', 'EVALSHA', 'EVAL', 'EVALSHA']);
  });
});
