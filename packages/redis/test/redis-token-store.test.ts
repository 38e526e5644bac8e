import { randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '@cloud-token/core';
import type { StoredToken } from '@cloud-token/core/store';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RedisTokenStore, redisTokenStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from '../src/testing/index.js';
import { type ClientForm, clientForms } from './support/client-forms.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

const hour = 3_600_000;
/** A token to write: `expiresInMs` to live, obtained `ageMs` ago. */
const token = (value: string, expiresInMs: number, ageMs = 0): StoredToken => ({
  value,
  type: 'Bearer',
  expiresInMs,
  ageMs,
  generation: 0,
});
/*
 * Redis hands out durations measured on its own clock from the moment a
 * script ran, so a test reading them back a few milliseconds later sees a
 * little less time left (and a little more age); a loaded machine may take
 * longer. What lies within this slack of the exact figure is that figure.
 */
const SLACK_MS = 5_000;
/** A duration that was `ms` when written and has run down since, by less than the slack. */
const left = (ms: number) =>
  expect.toSatisfy(
    (value: unknown) => typeof value === 'number' && value <= ms && value > ms - SLACK_MS,
    `${ms} ms or a little less`,
  );
/** An age that was `ms` when written and has grown since, by less than the slack. */
const aged = (ms: number) =>
  expect.toSatisfy(
    (value: unknown) => typeof value === 'number' && value >= ms && value < ms + SLACK_MS,
    `${ms} ms or a little more`,
  );
/** A stored token as read back: its life run down and its age grown a little. */
const readBack = (value: string, expiresInMs: number, generation: number, ageMs = 0) => ({
  value,
  type: 'Bearer',
  expiresInMs: left(expiresInMs),
  ageMs: aged(ageMs),
  generation,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
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

  it('reads a token back with its times as durations, and keeps its record a little past its expiry, not before', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    await expect(store.writeToken(key, token('token-1', hour, 2_000), lock)).resolves.toBe(true);
    await expect(store.read(key)).resolves.toEqual({
      token: readBack('token-1', hour, lock.generation, 2_000),
    });
    // The record disappears a little after the token's expiry, not before.
    const pttl = Number(await client.command('PTTL', store.keysOf(key).token));
    expect(pttl).toBeGreaterThan(hour - 60_000);
    expect(pttl).toBeLessThanOrEqual(hour + 5_000);
  });

  it('never hands out a generation below the stored token’s, even when the counter is lost', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    await store.writeToken(key, token('t', hour), { ...lock, generation: 41 });
    await store.releaseLock(key, lock);
    await client.command('DEL', store.keysOf(key).gen);
    expect((await store.acquireLock(key, 10_000))?.generation).toBe(42);
  });

  it('updates the guard atomically on Redis’s clock: failures kept for the window, deadlines only move later', async () => {
    await store.updateGuard(key, { failed: true, windowMs: 60_000 }, 60_000);
    await sleep(300);
    // A window of 200 ms: the failure 300 ms old is dropped.
    const record = await store.updateGuard(key, { failed: true, windowMs: 200 }, 60_000);
    expect(record).toEqual({
      rejectedForMs: 0,
      rejections: 0,
      rateLimitedForMs: 0,
      failureAgesMs: [aged(0)],
    });
    const two = await store.updateGuard(key, { failed: true, windowMs: 60_000 }, 60_000);
    expect(two.failureAgesMs).toEqual([aged(0), aged(0)]);

    await store.updateGuard(key, { rateLimitedForMs: 600_000 }, 600_000);
    const later = await store.updateGuard(key, { rateLimitedForMs: 1_000 }, 1_000);
    expect(later).toMatchObject({ rateLimitedForMs: left(600_000), rateLimitedSinceMs: aged(0) });
    // The record lives at least as long as the longest TTL asked for.
    expect(Number(await client.command('PTTL', store.keysOf(key).guard))).toBeGreaterThan(60_000);

    const rejection = {
      oauthError: 'invalid_client',
      description: 'bad secret',
      upstreamStatus: 400,
    };
    const rejected = await store.updateGuard(key, { rejectedForMs: 120_000, rejection }, 600_000);
    expect(rejected).toMatchObject({
      rejectedForMs: left(120_000),
      rejectedSinceMs: aged(0),
      rejection,
      rejections: 1,
    });
    expect((await store.read(key)).guard).toMatchObject({
      rejectedForMs: left(120_000),
      rejection,
    });
    const again = await store.updateGuard(key, { rejectedForMs: 60_000, rejection }, 600_000);
    expect(again).toMatchObject({ rejectedForMs: left(120_000), rejections: 2 });

    const cleared = await store.updateGuard(key, { clearRejection: true }, 600_000);
    expect(cleared).toEqual({
      rejectedForMs: 0,
      rejections: 0,
      rateLimitedForMs: left(600_000),
      rateLimitedSinceMs: aged(0),
      failureAgesMs: [aged(0), aged(0)],
    });
  });

  it('keeps every moment on Redis’s clock: a writer whose clock is a day ahead records the same durations', async () => {
    const ahead: Clock = { ...systemClock, now: () => Date.now() + 86_400_000 };
    const skewed = redisTokenStore({ ...client.options, pubsub: false, clock: ahead });
    const lock = await skewed.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    await skewed.writeToken(key, token('skewed', hour), lock);
    await skewed.updateGuard(
      key,
      { failed: true, windowMs: 60_000, rateLimitedForMs: 600_000 },
      600_000,
    );
    await expect(store.read(key)).resolves.toEqual({
      token: readBack('skewed', hour, lock.generation),
      guard: {
        rejectedForMs: 0,
        rejections: 0,
        rateLimitedForMs: left(600_000),
        rateLimitedSinceMs: aged(0),
        failureAgesMs: [aged(0)],
      },
    });
  });

  it('hands over, with the lock, the token and the guard as they were at the grant', async () => {
    const first = await store.acquireLock(key, 10_000);
    expect(first).toEqual({ owner: expect.any(String), generation: 1, snapshot: {} });
    if (first === undefined) throw new Error('no lock');
    await store.writeToken(key, token('previous', hour), first);
    await store.updateGuard(key, { failed: true, windowMs: 60_000 }, 60_000);
    await store.releaseLock(key, first);
    const second = await store.acquireLock(key, 10_000);
    expect(second?.snapshot).toEqual({
      token: readBack('previous', hour, first.generation),
      guard: { rejectedForMs: 0, rejections: 0, rateLimitedForMs: 0, failureAgesMs: [aged(0)] },
    });
  });

  it('reads the token and the guard in one round trip', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    await store.writeToken(key, token('both', hour), lock);
    await store.updateGuard(key, { rateLimitedForMs: 60_000 }, 60_000);
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
      token: readBack('both', hour, lock.generation),
      guard: {
        rejectedForMs: 0,
        rejections: 0,
        rateLimitedForMs: left(60_000),
        rateLimitedSinceMs: aged(0),
        failureAgesMs: [],
      },
    });
    expect(sent).toEqual(['EVALSHA']);
  });

  it('clears one credential’s guard record, keeping its token, its lock and other credentials', async () => {
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    await store.writeToken(key, token('kept', hour), lock);
    const rejected = {
      failed: true,
      windowMs: 60_000,
      rejectedForMs: 600_000,
      rejection: { oauthError: 'invalid_client', upstreamStatus: 400 },
      rateLimitedForMs: 60_000,
    };
    const other = newKey();
    await store.updateGuard(key, rejected, 600_000);
    await store.updateGuard(other, rejected, 600_000);

    await store.clearGuard(key);

    await expect(store.read(key)).resolves.toEqual({
      token: readBack('kept', hour, lock.generation),
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

  it('writes a token’s moments on Redis’s clock, never on its own', async () => {
    const { clock } = manualClock(Date.UTC(2030, 0, 1));
    const sent: string[][] = [];
    // Redis's TIME answers a moment far from the store's injected clock: 1 800 000 000.25 s.
    const redisNow = 1_800_000_000_250;
    const recording = redisTokenStore({
      sendCommand: async (...args) => {
        sent.push(args);
        return sent.length === 1 ? ['1800000000', '250000'] : '1';
      },
      clock,
    });
    await recording.writeToken(newKey(), token('value', hour, 1_500), {
      owner: 'me',
      generation: 1,
    });
    // EVALSHA sha 1 <token key> generation expires obtained blob ttlMs channel
    expect(sent[1]?.slice(4, 7)).toEqual(['1', String(redisNow + hour), String(redisNow - 1_500)]);
    expect(sent[1]?.[8]).toBe(String(hour + 5_000));
  });
});
