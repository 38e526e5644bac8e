import { afterAll, describe, expect, it } from 'vitest';
import { liveRedisPids } from '../src/testing/index.js';
import { totals, useFleetHarness } from './support/fleet/fleet-harness.js';
import { rotationsDuring } from './support/fleet/rotations-during.js';

/*
 * Issue 22, the engines: four worker processes on a Redis primary with one
 * replica, watched by one `redis-sentinel` (ioredis with `sentinels` in every
 * worker). The primary is killed while the fleet renews after key rotations.
 */

const FLEET_SIZE = 4;
const CALLERS = 25;

// Registered before the harness, so it runs after the harness has stopped every process.
afterAll(() => {
  expect(liveRedisPids()).toEqual([]);
});
const harness = useFleetHarness('sentinel');
// A token request may wait long on a loaded 2-core machine: never a timeout here.
const engineEnv = () => ({ ...harness.env(), TIMEOUT_MS: '15000' });

describe('a fleet of 4 processes on a sentinel-watched primary and replica', () => {
  it('cold, 4 × 100 concurrent callers: exactly 1 token request', async () => {
    const fleet = await harness.start(FLEET_SIZE, engineEnv());
    const cold = totals(await fleet.burstAll(100));
    expect(cold).toMatchObject({ ok: FLEET_SIZE * 100, failures: {}, warnings: [] });
    expect(cold.tokens.size).toBe(1);
    expect(harness.tokenRequests()).toBe(1);
    expect(await harness.storedToken()).toBe([...cold.tokens][0]);
  });

  it('the primary killed mid-run: 0 failed calls, at most 1 extra token request, the store follows the new primary', async () => {
    const fleet = await harness.start(FLEET_SIZE, engineEnv());
    expect(totals(await fleet.burstAll(1)).failures).toEqual({});
    const primaryBefore = await harness.sentinel.primaryPort();
    const run = await rotationsDuring(
      fleet,
      () => harness.emulator.control.revokeAllTokens(),
      CALLERS,
      () => harness.sentinel.killPrimary(),
    );
    expect(await harness.sentinel.primaryPort()).not.toBe(primaryBefore);
    expect(run.totals.failures, run.totals.warnings.join('\n')).toEqual({});
    expect(run.totals.statuses).toEqual({ 200: run.rotations * FLEET_SIZE * CALLERS });
    // The first token and one renewal per rotation, plus at most one for the failover.
    expect(harness.tokenRequests(), run.totals.warnings.join('\n')).toBeLessThanOrEqual(
      2 + run.rotations,
    );
    // The last renewal is in the new primary: the store writes there now.
    const after = totals(await fleet.burstAll(1));
    expect(await harness.storedToken()).toBe([...after.tokens][0]);
  });
});
