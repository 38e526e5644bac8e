import { randomBytes } from 'node:crypto';
import type { Clock } from '@cloud-token/core';
import type { StoredToken } from '@cloud-token/core/store';
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

describe('the store on an injected clock', () => {
  /** A clock whose timers run only when the test fires them. */
  function manualClock(now: number) {
    const timers = new Map<number, { callback: () => void; ms: number }>();
    let next = 0;
    const clock: Clock = {
      now: () => now,
      setTimeout(callback, ms) {
        next += 1;
        timers.set(next, { callback, ms });
        return next;
      },
      clearTimeout: (handle) => timers.delete(handle as number),
    };
    const fireAll = () => {
      for (const [handle, timer] of [...timers]) {
        timers.delete(handle);
        timer.callback();
      }
    };
    return { clock, timers, fireAll };
  }

  it('times a command out on the clock, not on a real timer', async () => {
    const { clock, timers, fireAll } = manualClock(Date.UTC(2030, 0, 1));
    const hung = redisTokenStore({
      sendCommand: () => new Promise<never>(() => undefined),
      commandTimeoutMs: 750,
      clock,
    });
    const read = hung.read(newKey());
    const outcome = read.then(
      () => 'answered',
      (error: Error) => error.message,
    );
    expect([...timers.values()].map((timer) => timer.ms)).toEqual([750]);
    fireAll();
    expect(await outcome).toMatch(/read failed \(timeout\).*within 750 ms/);
    expect(timers.size).toBe(0);
  });

  it('keeps a token record until the token expires on the clock, plus a grace', async () => {
    const now = Date.UTC(2030, 0, 1);
    const { clock } = manualClock(now);
    const sent: string[][] = [];
    const recording = redisTokenStore({
      sendCommand: async (...args) => {
        sent.push(args);
        return 1;
      },
      clock,
    });
    await recording.writeToken(newKey(), token('value', now + hour), {
      owner: 'me',
      generation: 1,
    });
    // EVALSHA sha 1 <token key> generation expiresAt blob ttlMs channel
    expect(sent[0]?.[7]).toBe(String(hour + 5_000));
  });
});
