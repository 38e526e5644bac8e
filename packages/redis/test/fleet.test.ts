import { DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { describe, expect, it } from 'vitest';
import { totals, useFleetHarness } from './support/fleet/fleet-harness.js';
import type { BurstResult } from './support/fleet/messages.js';
import { waitFor } from './support/wait-for.js';

/*
 * Acceptance: separate Node processes, a real redis-server, the emulator.
 * Each worker runs a token source over the Redis store (encrypted) with a
 * 5 s token request timeout and one attempt per acquisition, so a renewal
 * lock lives 6 s (3 s where a holder is killed); the test moves the workers' clocks (and the emulator's,
 * and Redis's as the store sees it) to reach an expiry or the end of a cooldown without waiting for it.
 */

const FLEET_SIZE = 4;
const CALLERS = 250;
const DAY_MS = 86_400_000;

const harness = useFleetHarness();
const tokenRequests = () => harness.tokenRequests();
const storedToken = () => harness.storedToken();
const advance = (ms: number) => harness.advance(ms);
const fleetEnv = (secret = DEFAULT_CLIENT_SECRET) => harness.env({ clientSecret: secret });
const startFleet = (
  size: number,
  env: Record<string, string>,
  overrides?: Record<number, Record<string, string>>,
) => harness.start(size, env, overrides);

describe('a fleet of 4 processes on one Redis', () => {
  it('cold, 4 × 250 concurrent callers: exactly 1 token request; the same again at expiry', async () => {
    const fleet = await startFleet(FLEET_SIZE, fleetEnv());
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
    const fleet = await startFleet(FLEET_SIZE, fleetEnv());
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
      const renewed = totals((await harness.fleet?.burstAll(1)) ?? []);
      return renewed.tokens.size === 1 && !cold.tokens.has([...renewed.tokens][0] ?? '');
    }, 'every process to use the renewed token');
    expect(tokenRequests()).toBe(2);
  });

  it('with pub/sub off, a cold fleet still sends exactly 1 token request (the waiting processes poll)', async () => {
    const fleet = await startFleet(FLEET_SIZE, { ...fleetEnv(), PUBSUB: 'off' });
    const cold = totals(await fleet.burstAll(CALLERS));
    expect(cold).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {}, warnings: [] });
    expect(cold.tokens.size).toBe(1);
    expect(tokenRequests()).toBe(1);
  });

  it('the lock holder SIGKILLed mid-renewal: the fleet recovers with at most 2 token requests in all', async () => {
    // A 3 s lock, so that the others take over soon after the holder dies.
    const fleet = await startFleet(FLEET_SIZE, { ...fleetEnv(), TIMEOUT_MS: '2000' });
    const [holder, ...others] = fleet.workers;
    if (holder === undefined) throw new Error('no fleet');
    await fleet.burstAll(1);
    const before = tokenRequests();

    await advance(DAY_MS);
    // The holder's renewal reaches the token endpoint and is held there.
    harness.emulator.control.setLatency({ tokenMs: 800 });
    const holderBurst = holder.burst(CALLERS).catch(() => undefined);
    await waitFor(() => tokenRequests() > before, 'the holder’s token request');
    holder.signal('SIGKILL');
    await holder.exited;
    await holderBurst;
    harness.emulator.control.setLatency({ tokenMs: 0 });

    const recovered = totals(await Promise.all(others.map((worker) => worker.burst(CALLERS))));
    expect(recovered).toMatchObject({ ok: others.length * CALLERS, failures: {} });
    expect(recovered.tokens.size).toBe(1);
    expect(tokenRequests() - before).toBeLessThanOrEqual(2);
  });

  it('a holder SIGSTOPped past its lock TTL, then resumed, cannot overwrite the newer token', async () => {
    // Worker 0 waits long for its token request but holds its lock for 1 s only.
    const fleet = await startFleet(2, fleetEnv(), {
      0: { TIMEOUT_MS: '20000', LOCK_TTL_MS: '1000' },
    });
    const [paused, other] = fleet.workers;
    if (paused === undefined || other === undefined) throw new Error('no fleet');
    const lockKey = harness.store().keysOf(harness.storeKey()).lock;

    harness.emulator.control.setLatency({ tokenMs: 1_500 });
    const pausedBurst = paused.burst(10);
    await waitFor(() => tokenRequests() === 1, 'the paused holder’s token request');
    paused.signal('SIGSTOP');
    await waitFor(async () => (await harness.redis.exists(lockKey)) === 0, 'its lock to lapse');
    harness.emulator.control.setLatency({ tokenMs: 0 });

    const newer = await other.burst(10);
    expect(newer).toMatchObject({ ok: 10, failures: {} });
    expect(tokenRequests()).toBe(2);
    // The paused holder's answer is ready for it before it runs again.
    await waitFor(() => harness.emulator.stats.tokenRequests.issued === 2, 'the held answer');

    paused.signal('SIGCONT');
    const resumed = await pausedBurst;
    expect(resumed).toMatchObject({ ok: 10, failures: {} });
    // It adopted the newer token instead of overwriting it with its older generation's.
    expect(resumed.tokens).toEqual(newer.tokens);
    expect(await storedToken()).toBe(newer.tokens[0]);
    expect(tokenRequests()).toBe(2);
  });

  it('a wrong secret across the fleet: at most 1 token request, every caller rejected', async () => {
    const fleet = await startFleet(FLEET_SIZE, fleetEnv('not-the-secret'));
    const first = totals(await fleet.burstAll(CALLERS));
    expect(first).toMatchObject({
      ok: 0,
      failures: { ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS },
      tokens: new Set(),
    });
    const again = totals(await fleet.burstAll(CALLERS));
    expect(again.failures).toEqual({ ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS });
    expect(tokenRequests()).toBeLessThanOrEqual(1);
    expect(harness.emulator.stats.lockouts).toBe(0);
  });

  it('one 429 Retry-After: 600 stops every process until that time', async () => {
    const fleet = await startFleet(FLEET_SIZE, fleetEnv());
    harness.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
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
    const fleet = await startFleet(FLEET_SIZE, fleetEnv());
    const results: BurstResult[] = [...(await fleet.burstAll(CALLERS))];
    expect(tokenRequests()).toBe(1);

    // Renewals under way when Redis dies: every process goes on by itself.
    await advance(DAY_MS);
    const during = fleet.burstAll(CALLERS);
    await harness.server.kill();
    results.push(...(await during));
    await advance(DAY_MS);
    results.push(...(await fleet.burstAll(CALLERS)));
    expect(await Promise.all(fleet.workers.map((worker) => worker.storeMode()))).toContain(
      'fallback',
    );

    await harness.server.restart();
    await advance(DAY_MS);
    const requestsBeforeRejoin = tokenRequests();
    await waitFor(async () => {
      results.push(...((await harness.fleet?.burstAll(10)) ?? []));
      const modes = await Promise.all(
        harness.fleet?.workers.map((worker) => worker.storeMode()) ?? [],
      );
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
