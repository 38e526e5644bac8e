import { describe, expect, it } from 'vitest';
import { totals, useFleetHarness } from './support/fleet/fleet-harness.js';

/*
 * Issue 22, defect 2: shared deadlines do not trust the writer's clock. Four
 * processes on one Redis: one whose clock runs 24 h ahead, one 15 min
 * behind, two on time (CLOCK_SKEW_MS, the clock injected into each worker's
 * token source). What one of them records (a token's expiry, a 429
 * cooldown) means the same span of time to every other.
 */

const FLEET_SIZE = 4;
const CALLERS = 250;
const DAY_MS = 86_400_000;
const skewed = {
  0: { CLOCK_SKEW_MS: String(DAY_MS) },
  1: { CLOCK_SKEW_MS: String(-15 * 60_000) },
};

const harness = useFleetHarness();

describe('a fleet whose clocks disagree (24 h ahead, 15 min behind, on time)', () => {
  it('cold: exactly 1 token request, one token everywhere; the same again at expiry', async () => {
    const fleet = await harness.start(FLEET_SIZE, harness.env(), skewed);
    const cold = totals(await fleet.burstAll(CALLERS));
    expect(cold).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {} });
    expect(cold.tokens.size).toBe(1);
    expect(harness.tokenRequests()).toBe(1);

    await harness.advance(DAY_MS);
    const expired = totals(await fleet.burstAll(CALLERS));
    expect(expired).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {} });
    expect(expired.tokens.size).toBe(1);
    expect(expired.tokens).not.toEqual(cold.tokens);
    expect(harness.tokenRequests()).toBe(2);
  });

  it('a 429 Retry-After: 600 met by the process 24 h ahead stops every process for 600 s, not 24 h', async () => {
    const fleet = await harness.start(FLEET_SIZE, harness.env(), skewed);
    const [ahead] = fleet.workers;
    if (ahead === undefined) throw new Error('no fleet');
    harness.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    expect((await ahead.burst(CALLERS)).failures).toEqual({ ERR_RATE_LIMITED: CALLERS });

    const limited = totals(await fleet.burstAll(CALLERS));
    expect(limited.failures).toEqual({ ERR_RATE_LIMITED: FLEET_SIZE * CALLERS });
    expect(harness.tokenRequests()).toBe(1);
    for (const worker of fleet.workers) {
      const { cooldownMs, reason } = await worker.status();
      expect(reason).toBe('rate-limited');
      expect(cooldownMs).toBeLessThanOrEqual(600_000);
    }

    await harness.advance(601_000);
    const after = totals(await fleet.burstAll(CALLERS));
    expect(after).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {} });
    expect(harness.tokenRequests()).toBe(2);
  });

  it('a cooldown longer than a reader’s rateLimit.maxCooldownMs is capped by that reader’s policy', async () => {
    // Process 0 accepts a 2-hour cooldown; the others keep the default cap of 1 hour.
    const fleet = await harness.start(FLEET_SIZE, harness.env(), {
      ...skewed,
      0: { ...skewed[0], MAX_COOLDOWN_MS: String(2 * 3_600_000) },
    });
    const [patient, ...others] = fleet.workers;
    if (patient === undefined) throw new Error('no fleet');
    harness.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '7200' });
    expect((await patient.burst(CALLERS)).failures).toEqual({ ERR_RATE_LIMITED: CALLERS });
    const limited = totals(await fleet.burstAll(CALLERS));
    expect(limited.failures).toEqual({ ERR_RATE_LIMITED: FLEET_SIZE * CALLERS });
    for (const worker of others) {
      expect((await worker.status()).cooldownMs).toBeLessThanOrEqual(3_600_000);
    }

    await harness.advance(3_601_000);
    const capped = totals(await Promise.all(others.map((worker) => worker.burst(CALLERS))));
    expect(capped).toMatchObject({ ok: others.length * CALLERS, failures: {} });
    expect(harness.tokenRequests()).toBe(2);
    // The patient process still waits out what it accepted; the token others got is shared, so it serves that.
    expect((await patient.burst(CALLERS)).failures).toEqual({});
    expect(harness.tokenRequests()).toBe(2);
  });

  it('a cooldown the store no longer holds is dropped by every process within the wake-up bound', async () => {
    const fleet = await harness.start(FLEET_SIZE, harness.env(), skewed);
    harness.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const limited = totals(await fleet.burstAll(CALLERS));
    expect(limited.failures).toEqual({ ERR_RATE_LIMITED: FLEET_SIZE * CALLERS });

    // The record goes (an operator deleted it, or Redis lost it): nothing else changes.
    await harness.redis.del(harness.store().keysOf(harness.storeKey()).guard);
    // The bound within which a refusing process looks at the store again: 250 ms.
    await harness.advance(250);
    const after = totals(await fleet.burstAll(CALLERS));
    expect(after).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {} });
    expect(after.tokens.size).toBe(1);
    expect(harness.tokenRequests()).toBe(2);
  });
});
