import { randomBytes } from 'node:crypto';
import type { Clock, StoredToken } from '@cloud-token/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RedisTokenStore, redisTokenStore } from '../src/index.js';
import { type ClientForm, clientForms } from './support/client-forms.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';
import { waitFor } from './support/wait-for.js';

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

  it('is shared, and reads nothing for a credential it has never seen', async () => {
    expect(store.shared).toBe(true);
    await expect(store.read(key)).resolves.toEqual({});
  });

  it('grants the lock to one holder at a time, with a growing fencing generation', async () => {
    const first = await store.acquireLock(key, 10_000);
    expect(first).toMatchObject({ generation: 1 });
    await expect(store.acquireLock(key, 10_000)).resolves.toBeUndefined();
    // Only the owner releases it.
    await store.releaseLock(key, { owner: 'someone-else', generation: 1 });
    await expect(store.acquireLock(key, 10_000)).resolves.toBeUndefined();
    await store.releaseLock(key, first ?? { owner: '', generation: 0 });
    const second = await store.acquireLock(key, 10_000);
    expect(second?.generation).toBe(2);
    expect(second?.owner).not.toBe(first?.owner);
  });

  it('lets a lock lapse after its TTL, never extending it', async () => {
    const first = await store.acquireLock(key, 100);
    expect(first).toBeDefined();
    const pttl = Number(await client.command('PTTL', store.keysOf(key).lock));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(100);
    let next: Awaited<ReturnType<RedisTokenStore['acquireLock']>>;
    await waitFor(async () => {
      next = await store.acquireLock(key, 10_000);
      return next !== undefined;
    }, 'the lock to lapse');
    // @ts-expect-error assigned inside the wait
    expect(next.generation).toBe(2);
  });

  it('stores a token written under the lock and reads it back', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    const expiresAt = Date.now() + hour;
    await expect(store.writeToken(key, token('token-1', expiresAt), lock)).resolves.toBe(true);
    await expect(store.read(key)).resolves.toEqual({
      token: token('token-1', expiresAt, lock.generation),
    });
    // The record disappears a little after the token's expiry, not before.
    const pttl = Number(await client.command('PTTL', store.keysOf(key).token));
    expect(pttl).toBeGreaterThan(hour - 60_000);
    expect(pttl).toBeLessThanOrEqual(hour + 5_000);
  });

  it('fences the write: an older generation or an earlier expiry never replaces the stored token', async () => {
    const stale = await store.acquireLock(key, 1);
    if (stale === undefined) throw new Error('no lock');
    let fresh: Awaited<ReturnType<RedisTokenStore['acquireLock']>>;
    await waitFor(async () => {
      fresh = await store.acquireLock(key, 10_000);
      return fresh !== undefined;
    }, 'the first lock to lapse');
    if (fresh === undefined) throw new Error('no lock');
    const expiresAt = Date.now() + hour;
    await expect(store.writeToken(key, token('new', expiresAt), fresh)).resolves.toBe(true);
    // The paused holder comes back with an older generation, even with a later expiry.
    await expect(store.writeToken(key, token('old', expiresAt + hour), stale)).resolves.toBe(false);
    // The current holder cannot move the expiry backwards.
    await expect(store.writeToken(key, token('earlier', expiresAt - 1), fresh)).resolves.toBe(
      false,
    );
    // The same generation with the same or a later expiry is accepted.
    await expect(store.writeToken(key, token('later', expiresAt + 1), fresh)).resolves.toBe(true);
    expect((await store.read(key)).token?.value).toBe('later');
  });

  it('never hands out a generation below the stored token’s, even when the counter is lost', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    await store.writeToken(key, token('t', Date.now() + hour), { ...lock, generation: 41 });
    await store.releaseLock(key, lock);
    await client.command('DEL', store.keysOf(key).gen);
    expect((await store.acquireLock(key, 10_000))?.generation).toBe(42);
  });

  it('updates the guard atomically: failures kept for the window, untils only move later', async () => {
    const now = Date.now();
    await store.updateGuard(key, { failureAt: now - 70_000, windowMs: 60_000 }, 60_000);
    await store.updateGuard(key, { failureAt: now - 1_000, windowMs: 60_000 }, 60_000);
    const record = await store.updateGuard(key, { failureAt: now, windowMs: 60_000 }, 60_000);
    expect(record).toEqual({ rejectedUntil: 0, rateLimitedUntil: 0, failures: [now - 1_000, now] });

    await store.updateGuard(key, { rateLimitedUntil: now + 600_000 }, 600_000);
    const later = await store.updateGuard(key, { rateLimitedUntil: now + 1_000 }, 1_000);
    expect(later.rateLimitedUntil).toBe(now + 600_000);
    // The record lives at least as long as the longest TTL asked for.
    expect(Number(await client.command('PTTL', store.keysOf(key).guard))).toBeGreaterThan(60_000);

    const rejection = {
      oauthError: 'invalid_client',
      description: 'bad secret',
      upstreamStatus: 400,
    };
    const rejected = await store.updateGuard(
      key,
      { rejectedUntil: now + 600_000, rejection },
      600_000,
    );
    expect(rejected).toMatchObject({ rejectedUntil: now + 600_000, rejection });
    await expect(store.read(key)).resolves.toEqual({ guard: rejected });

    const cleared = await store.updateGuard(key, { clearRejection: true }, 600_000);
    expect(cleared).toEqual({
      rejectedUntil: 0,
      rateLimitedUntil: now + 600_000,
      failures: [now - 1_000, now],
    });
  });

  it('orders failures that arrive out of order, oldest first', async () => {
    const now = Date.now();
    await store.updateGuard(key, { failureAt: now, windowMs: 60_000 }, 60_000);
    const record = await store.updateGuard(key, { failureAt: now - 5, windowMs: 60_000 }, 60_000);
    expect(record.failures).toEqual([now - 5, now]);
  });

  it('reads the token and the guard in one round trip', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    const expiresAt = Date.now() + hour;
    await store.writeToken(key, token('both', expiresAt), lock);
    const guard = await store.updateGuard(key, { rateLimitedUntil: expiresAt }, 60_000);
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

  it('clears one credential’s guard record, keeping its token, its lock and other credentials', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    const expiresAt = Date.now() + hour;
    await store.writeToken(key, token('kept', expiresAt), lock);
    const rejected = {
      failureAt: Date.now(),
      windowMs: 60_000,
      rejectedUntil: Date.now() + 600_000,
      rejection: { oauthError: 'invalid_client', upstreamStatus: 400 },
      rateLimitedUntil: Date.now() + 60_000,
    };
    const other = newKey();
    await store.updateGuard(key, rejected, 600_000);
    await store.updateGuard(other, rejected, 600_000);

    await store.clearGuard(key);

    await expect(store.read(key)).resolves.toEqual({
      token: token('kept', expiresAt, lock.generation),
    });
    await expect(store.readLock(key)).resolves.toMatchObject({ owner: lock.owner });
    expect((await store.read(other)).guard?.rejection?.oauthError).toBe('invalid_client');
    // Clearing what is not there is no error.
    await expect(store.clearGuard(newKey())).resolves.toBeUndefined();
  });

  it('reads the renewal lock’s holder and its remaining TTL, and nothing once it is released', async () => {
    await expect(store.readLock(key)).resolves.toBeUndefined();
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    const holder = await store.readLock(key);
    expect(holder?.owner).toBe(lock.owner);
    expect(holder?.expiresInMs).toBeGreaterThan(0);
    expect(holder?.expiresInMs).toBeLessThanOrEqual(10_000);
    await store.releaseLock(key, lock);
    await expect(store.readLock(key)).resolves.toBeUndefined();
  });

  it('wakes its subscribers when another store writes a token, until they unsubscribe', async () => {
    if (store.subscribe === undefined) throw new Error('pub/sub is on for this form');
    const other = await form.connect(server.url);
    const writer = redisTokenStore({ ...other.options, pubsub: false });
    try {
      let wakes = 0;
      const unsubscribe = store.subscribe(key, () => {
        wakes++;
      });
      const lock = await writer.acquireLock(key, 10_000);
      if (lock === undefined) throw new Error('no lock');
      // The subscription is under way; publish until it is in place.
      let expiresAt = Date.now() + hour;
      await waitFor(async () => {
        await writer.writeToken(key, token('wake', expiresAt++), lock);
        return wakes > 0;
      }, 'a wake-up');
      unsubscribe();
      unsubscribe();
      const seen = wakes;
      await waitFor(
        async () =>
          Number(
            await client
              .command('PUBSUB', 'NUMSUB', writer.keysOf(key).channel)
              .then((r) => (r as unknown[])[1]),
          ) === 0,
        'the unsubscription',
      );
      await writer.writeToken(key, token('quiet', expiresAt + 1), lock);
      expect(wakes).toBe(seen);
    } finally {
      await writer.close();
      await other.close();
    }
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
