import { describe, expect, it } from 'vitest';
import { totals, useFleetHarness } from './support/fleet/fleet-harness.js';

/*
 * Issue 22, defect 1: the lock holder looks again. Four processes on one
 * Redis; three of them stall 300, 600 and 900 ms between their look at the
 * store and their lock request (the store wrapper of the workers, STALL_MS),
 * as event-loop lag, a GC pause or a busy core do. By the time a stalled
 * process asks for the lock, the first holder has renewed (or recorded a
 * rejection or a 429) and released it: the late holder must see that.
 */

const FLEET_SIZE = 4;
const CALLERS = 250;
const stalled = { 1: { STALL_MS: '300' }, 2: { STALL_MS: '600' }, 3: { STALL_MS: '900' } };

const harness = useFleetHarness();

describe('a fleet whose processes stall between their store read and their lock request', () => {
  it('cold, 4 × 250 callers: exactly 1 token request, one token everywhere', async () => {
    const fleet = await harness.start(FLEET_SIZE, harness.env(), stalled);
    const cold = totals(await fleet.burstAll(CALLERS));
    expect(cold).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {} });
    expect(cold.tokens.size).toBe(1);
    expect(harness.tokenRequests()).toBe(1);
    expect(await harness.storedToken()).toBe([...cold.tokens][0]);
  });

  it('a wrong secret: exactly 1 rejected token request, every caller rejected', async () => {
    const fleet = await harness.start(
      FLEET_SIZE,
      harness.env({ clientSecret: 'not-the-secret' }),
      stalled,
    );
    const first = totals(await fleet.burstAll(CALLERS));
    expect(first).toMatchObject({
      ok: 0,
      failures: { ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS },
    });
    const again = totals(await fleet.burstAll(CALLERS));
    expect(again.failures).toEqual({ ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS });
    expect(harness.emulator.stats.tokenRequests.rejected).toBe(1);
    expect(harness.tokenRequests()).toBe(1);
    expect(harness.emulator.stats.lockouts).toBe(0);
  });

  it('a 429 Retry-After: 600: no further token request inside the cooldown', async () => {
    const fleet = await harness.start(FLEET_SIZE, harness.env(), stalled);
    harness.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const limited = totals(await fleet.burstAll(CALLERS));
    expect(limited).toMatchObject({ ok: 0, failures: { ERR_RATE_LIMITED: FLEET_SIZE * CALLERS } });
    const still = totals(await fleet.burstAll(CALLERS));
    expect(still.failures).toEqual({ ERR_RATE_LIMITED: FLEET_SIZE * CALLERS });
    expect(harness.tokenRequests()).toBe(1);
  });
});
