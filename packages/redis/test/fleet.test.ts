import { createHash, randomBytes } from 'node:crypto';
import { clientCredentials } from '@cloud-token/core';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type Emulator,
  startEmulator,
} from '@cloud-token/emulator';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redisTokenStore } from '../src/index.js';
import { type Fleet, startFleet } from './support/fleet/fleet.js';
import type { BurstResult } from './support/fleet/messages.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';
import { waitFor } from './support/wait-for.js';

/*
 * Acceptance: separate Node processes, a real redis-server, the emulator.
 * Each worker runs a token source over the Redis store (encrypted) with a
 * 5 s token request timeout and one attempt per acquisition, so a renewal
 * lock lives 6 s (3 s where a holder is killed); the test moves the workers' clocks (and the emulator's)
 * to reach an expiry or the end of a cooldown without waiting for it.
 */

const FLEET_SIZE = 4;
const CALLERS = 250;
const DAY_MS = 86_400_000;
const storeKey = randomBytes(32).toString('hex');

let server: RedisServer;
let redis: Redis;
let emulator: Emulator;
let fleet: Fleet | undefined;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url, { retryStrategy: () => 50, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});
beforeEach(async () => {
  // Every test starts from an empty Redis: a new emulator may get the port,
  // and so the token URL and the store key, of an earlier one.
  await redis.flushall();
  emulator = await startEmulator();
});
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
  await emulator.close();
});

function fleetEnv(secret = DEFAULT_CLIENT_SECRET): Record<string, string> {
  return {
    TOKEN_URL: emulator.tokenUrl,
    CLIENT_ID: DEFAULT_CLIENT_ID,
    CLIENT_SECRET: secret,
    REDIS_URL: server.url,
    STORE_KEY: storeKey,
    // The renewal lock lives timeoutMs + 1 s: long enough that a slow CI machine never lets it lapse under a live holder.
    TIMEOUT_MS: '5000',
  };
}

const tokenRequests = () => emulator.stats.tokenRequests.total;
const fingerprint = (value: string) =>
  createHash('sha256').update(value).digest('hex').slice(0, 16);

function totals(results: readonly BurstResult[]) {
  const failures: Record<string, number> = {};
  for (const result of results) {
    for (const [code, count] of Object.entries(result.failures)) {
      failures[code] = (failures[code] ?? 0) + count;
    }
  }
  return {
    ok: results.reduce((sum, result) => sum + result.ok, 0),
    failures,
    tokens: new Set(results.flatMap((result) => result.tokens)),
    warnings: results.flatMap((result) => result.warnings),
  };
}

/** The token the fleet shares, as stored in Redis (its fingerprint). */
async function storedToken(): Promise<string | undefined> {
  const key = clientCredentials({
    tokenUrl: emulator.tokenUrl,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
  }).storeKey;
  const store = redisTokenStore({ client: redis, pubsub: false, encryption: { keys: [storeKey] } });
  const { token } = await store.read(key);
  return token === undefined ? undefined : fingerprint(token.value);
}

/** Moves the fleet's clocks and the emulator's by `ms`. */
async function advance(ms: number): Promise<void> {
  emulator.control.advanceTime(ms);
  await fleet?.advanceAll(ms);
}

describe('a fleet of 4 processes on one Redis', () => {
  it('cold, 4 × 250 concurrent callers: exactly 1 token request; the same again at expiry', async () => {
    fleet = await startFleet(FLEET_SIZE, fleetEnv());
    const cold = totals(await fleet.burstAll(CALLERS));
    expect(cold).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {}, warnings: [] });
    expect(cold.tokens.size).toBe(1);
    expect(tokenRequests()).toBe(1);
    expect(await storedToken()).toBe([...cold.tokens][0]);

    await advance(DAY_MS);
    const expired = totals(await fleet.burstAll(CALLERS));
    expect(expired).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {} });
    expect(expired.tokens.size).toBe(1);
    expect(expired.tokens).not.toEqual(cold.tokens);
    expect(tokenRequests()).toBe(2);
  });

  it('in the renewal window: every caller is served at once, and the fleet renews once in the background', async () => {
    fleet = await startFleet(FLEET_SIZE, fleetEnv());
    const cold = totals(await fleet.burstAll(CALLERS));
    expect(cold).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {}, warnings: [] });
    expect(tokenRequests()).toBe(1);

    // Four minutes before expiry: inside the 5-minute renewal window, far from unusable.
    await advance(DAY_MS - 4 * 60_000);
    const served = totals(await fleet.burstAll(CALLERS));
    expect(served).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {} });
    expect(served.tokens).toEqual(cold.tokens);
    await waitFor(async () => {
      const stored = await storedToken();
      return stored !== undefined && !cold.tokens.has(stored);
    }, 'the renewed token in Redis');
    await waitFor(async () => {
      const renewed = totals((await fleet?.burstAll(1)) ?? []);
      return renewed.tokens.size === 1 && !cold.tokens.has([...renewed.tokens][0] ?? '');
    }, 'every process to use the renewed token');
    expect(tokenRequests()).toBe(2);
  });

  it('with pub/sub off, a cold fleet still sends exactly 1 token request (the waiting processes poll)', async () => {
    fleet = await startFleet(FLEET_SIZE, { ...fleetEnv(), PUBSUB: 'off' });
    const cold = totals(await fleet.burstAll(CALLERS));
    expect(cold).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {}, warnings: [] });
    expect(cold.tokens.size).toBe(1);
    expect(tokenRequests()).toBe(1);
  });

  it('the lock holder SIGKILLed mid-renewal: the fleet recovers with at most 2 token requests in all', async () => {
    // A 3 s lock, so that the others take over soon after the holder dies.
    fleet = await startFleet(FLEET_SIZE, { ...fleetEnv(), TIMEOUT_MS: '2000' });
    const [holder, ...others] = fleet.workers;
    if (holder === undefined) throw new Error('no fleet');
    await fleet.burstAll(1);
    const before = tokenRequests();

    await advance(DAY_MS);
    // The holder's renewal reaches the token endpoint and is held there.
    emulator.control.setLatency({ tokenMs: 800 });
    const holderBurst = holder.burst(CALLERS).catch(() => undefined);
    await waitFor(() => tokenRequests() > before, 'the holder’s token request');
    holder.signal('SIGKILL');
    await holder.exited;
    await holderBurst;
    emulator.control.setLatency({ tokenMs: 0 });

    const recovered = totals(await Promise.all(others.map((worker) => worker.burst(CALLERS))));
    expect(recovered).toMatchObject({ ok: others.length * CALLERS, failures: {} });
    expect(recovered.tokens.size).toBe(1);
    expect(tokenRequests() - before).toBeLessThanOrEqual(2);
  });

  it('a holder SIGSTOPped past its lock TTL, then resumed, cannot overwrite the newer token', async () => {
    // Worker 0 waits long for its token request but holds its lock for 1 s only.
    fleet = await startFleet(2, fleetEnv(), { 0: { TIMEOUT_MS: '20000', LOCK_TTL_MS: '1000' } });
    const [paused, other] = fleet.workers;
    if (paused === undefined || other === undefined) throw new Error('no fleet');
    const lockKey = redisTokenStore({ client: redis, pubsub: false }).keysOf(
      clientCredentials({
        tokenUrl: emulator.tokenUrl,
        clientId: DEFAULT_CLIENT_ID,
        clientSecret: DEFAULT_CLIENT_SECRET,
      }).storeKey,
    ).lock;

    emulator.control.setLatency({ tokenMs: 1_500 });
    const pausedBurst = paused.burst(10);
    await waitFor(() => tokenRequests() === 1, 'the paused holder’s token request');
    paused.signal('SIGSTOP');
    await waitFor(async () => (await redis.exists(lockKey)) === 0, 'its lock to lapse');
    emulator.control.setLatency({ tokenMs: 0 });

    const newer = await other.burst(10);
    expect(newer).toMatchObject({ ok: 10, failures: {} });
    expect(tokenRequests()).toBe(2);
    // The paused holder's answer is ready for it before it runs again.
    await waitFor(() => emulator.stats.tokenRequests.issued === 2, 'the held answer');

    paused.signal('SIGCONT');
    const resumed = await pausedBurst;
    expect(resumed).toMatchObject({ ok: 10, failures: {} });
    // It adopted the newer token instead of overwriting it with its older generation's.
    expect(resumed.tokens).toEqual(newer.tokens);
    expect(await storedToken()).toBe(newer.tokens[0]);
    expect(tokenRequests()).toBe(2);
  });

  it('a wrong secret across the fleet: at most 1 token request, every caller rejected', async () => {
    fleet = await startFleet(FLEET_SIZE, fleetEnv('not-the-secret'));
    const first = totals(await fleet.burstAll(CALLERS));
    expect(first).toMatchObject({
      ok: 0,
      failures: { ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS },
      tokens: new Set(),
    });
    const again = totals(await fleet.burstAll(CALLERS));
    expect(again.failures).toEqual({ ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS });
    expect(tokenRequests()).toBeLessThanOrEqual(1);
    expect(emulator.stats.lockouts).toBe(0);
  });

  it('one 429 Retry-After: 600 stops every process until that time', async () => {
    fleet = await startFleet(FLEET_SIZE, fleetEnv());
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const limited = totals(await fleet.burstAll(CALLERS));
    expect(limited).toMatchObject({ ok: 0, failures: { ERR_RATE_LIMITED: FLEET_SIZE * CALLERS } });
    expect(tokenRequests()).toBe(1);

    await advance(599_000);
    const still = totals(await fleet.burstAll(CALLERS));
    expect(still.failures).toEqual({ ERR_RATE_LIMITED: FLEET_SIZE * CALLERS });
    expect(tokenRequests()).toBe(1);

    await advance(2_000);
    const after = totals(await fleet.burstAll(CALLERS));
    expect(after).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {} });
    expect(tokenRequests()).toBe(2);
  });

  it('redis-server killed mid-run and restarted: zero failed calls, and the fleet shares again', async () => {
    fleet = await startFleet(FLEET_SIZE, fleetEnv());
    const results: BurstResult[] = [...(await fleet.burstAll(CALLERS))];
    expect(tokenRequests()).toBe(1);

    // Renewals under way when Redis dies: every process goes on by itself.
    await advance(DAY_MS);
    const during = fleet.burstAll(CALLERS);
    await server.kill();
    results.push(...(await during));
    await advance(DAY_MS);
    results.push(...(await fleet.burstAll(CALLERS)));
    expect(await Promise.all(fleet.workers.map((worker) => worker.storeMode()))).toContain(
      'fallback',
    );

    await server.restart();
    await advance(DAY_MS);
    const requestsBeforeRejoin = tokenRequests();
    await waitFor(async () => {
      results.push(...((await fleet?.burstAll(10)) ?? []));
      const modes = await Promise.all(fleet?.workers.map((worker) => worker.storeMode()) ?? []);
      return modes.every((mode) => mode === 'shared');
    }, 'the fleet to rejoin Redis');
    await advance(DAY_MS);
    const rejoinedFrom = tokenRequests();
    const rejoined = totals(await fleet.burstAll(CALLERS));
    results.push(...(await fleet.burstAll(CALLERS)));

    expect(totals(results).failures).toEqual({});
    expect(rejoined.warnings).toEqual([]);
    expect(rejoined.tokens.size).toBe(1);
    expect(tokenRequests() - rejoinedFrom).toBe(1);
    expect(requestsBeforeRejoin).toBeGreaterThan(1);
  });
});
