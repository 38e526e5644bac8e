import type { EmulatorProfile } from '@cloud-token/emulator';
import { describe, expect, it } from 'vitest';
import { totals, useFleetHarness } from './support/fleet/fleet-harness.js';

/*
 * Issue 22, defect 4: a rejection is recorded fleet-wide, and it must neither
 * lock the fleet out for good when it was transient nor cost the credentials
 * a lockout when it is real. Four processes on one Redis, on the emulator's
 * Aspose profile (5 failed token requests ban the (id, secret) pair for
 * 10 minutes) and GroupDocs profile (20 a minute ban the client id).
 */

const FLEET_SIZE = 4;
const CALLERS = 50;
const MINUTE = 60_000;

const harness = useFleetHarness();

describe('a recorded rejection: the documented way to clear it', () => {
  it('store.clearGuard(storeKey) lets every running process request again within the wake-up bound', async () => {
    const fleet = await harness.start(FLEET_SIZE);
    // A transient rejection: the right credentials answered invalid_client once.
    harness.emulator.control.failTokenRequests(1, { kind: 'oauth-error', error: 'invalid_client' });
    const rejected = totals(await fleet.burstAll(CALLERS));
    expect(rejected.failures).toEqual({ ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS });
    expect(harness.tokenRequests()).toBe(1);

    await harness.store().clearGuard(harness.storeKey());
    await harness.advance(250);
    const cleared = totals(await fleet.burstAll(CALLERS));
    expect(cleared).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {} });
    expect(cleared.tokens.size).toBe(1);
    expect(harness.tokenRequests()).toBe(2);
  });
});

describe.each<EmulatorProfile>(['aspose', 'groupdocs'])(
  're-probing a rejection on the %s profile',
  (profile) => {
    it('a transient rejection (a client id still being registered) heals on its own, the first re-probe within 2 minutes', async () => {
      const emulator = await harness.restartEmulator({ profile });
      const credentials = { clientId: 'being-registered', clientSecret: 'its-secret' };
      const fleet = await harness.start(FLEET_SIZE, harness.env(credentials));
      const first = totals(await fleet.burstAll(CALLERS));
      expect(first.failures).toEqual({ ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS });
      expect(emulator.stats.tokenRequests.rejected).toBe(1);

      // Not before its time…
      await harness.advance(2 * MINUTE - 1_000);
      expect(totals(await fleet.burstAll(CALLERS)).failures).toEqual({
        ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS,
      });
      expect(emulator.stats.tokenRequests.rejected).toBe(1);
      // …but within 2 minutes one process probes again (still unregistered: rejected).
      await harness.advance(2_000);
      expect(totals(await fleet.burstAll(CALLERS)).failures).toEqual({
        ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS,
      });
      expect(emulator.stats.tokenRequests.rejected).toBe(2);

      // The registration completes; the next re-probe gets the token for the whole fleet.
      emulator.control.addClient(credentials);
      await harness.advance(10 * MINUTE);
      const healed = totals(await fleet.burstAll(CALLERS));
      expect(healed).toMatchObject({ ok: FLEET_SIZE * CALLERS, failures: {} });
      expect(healed.tokens.size).toBe(1);
      expect(emulator.stats.tokenRequests).toMatchObject({ rejected: 2, issued: 1 });
      expect(emulator.stats.lockouts).toBe(0);
    });

    it('a real rejection (a wrong secret) costs at most 3 rejected token requests in any 10 minutes, and no lockout', async () => {
      const emulator = await harness.restartEmulator({ profile });
      const fleet = await harness.start(
        FLEET_SIZE,
        harness.env({ clientSecret: 'not-the-secret' }),
      );
      // When (on the fleet's clocks, from the start) each rejected token request happened, to the step.
      const rejectedAt: number[] = [];
      let elapsed = 0;
      const step = async () => {
        const before = emulator.stats.tokenRequests.rejected;
        const burst = totals(await fleet.burstAll(CALLERS));
        expect(burst.failures).toEqual({ ERR_CREDENTIALS_REJECTED: FLEET_SIZE * CALLERS });
        for (let n = before; n < emulator.stats.tokenRequests.rejected; n++)
          rejectedAt.push(elapsed);
      };
      await step();
      for (elapsed = 30_000; elapsed <= 20 * MINUTE; elapsed += 30_000) {
        await harness.advance(30_000);
        await step();
      }

      // The first re-probe came within 2 minutes (here: the step at 2:30, the first after 2:00 + the few ms the first request took).
      expect(rejectedAt.filter((at) => at <= 2.5 * MINUTE)).toHaveLength(2);
      for (const end of rejectedAt) {
        expect(
          rejectedAt.filter((at) => at > end - 10 * MINUTE && at <= end).length,
        ).toBeLessThanOrEqual(3);
      }
      expect(emulator.stats.tokenRequests.total).toBe(rejectedAt.length);
      expect(emulator.stats.lockouts).toBe(0);
    });
  },
);
