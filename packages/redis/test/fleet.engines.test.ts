import { Cluster } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { type FleetEngine, totals, useFleetHarness } from './support/fleet/fleet-harness.js';
import { rotationsDuring } from './support/fleet/rotations-during.js';

/*
 * Issue 22, the engines a fleet runs on: four worker processes on a real
 * Redis Cluster of 3 masters with a replica each (ioredis `Cluster` in every
 * worker), and on a primary with a replica watched by one `redis-sentinel`
 * (ioredis with `sentinels`). Every key of one credential shares a hash tag,
 * so the store's scripts run on one node. The faults strike while the fleet
 * renews: every round, the emulator rotates its signing key (every token so
 * far gets 401) and each worker makes 25 API calls.
 */

const FLEET_SIZE = 4;
const CALLERS = 25;
// Six cluster nodes or a sentinel group share the 2 cores with the fleet: a round may wait long.
const TIMEOUT_MS = 180_000;

describe.each(['cluster', 'sentinel'] as const satisfies readonly FleetEngine[])(
  'a fleet of 4 processes on Redis %s',
  (engine) => {
    const harness = useFleetHarness(engine);
    const rotate = () => harness.emulator.control.revokeAllTokens();

    it(
      'cold, 4 × 100 concurrent callers: exactly 1 token request',
      async () => {
        const fleet = await harness.start(FLEET_SIZE);
        const cold = totals(await fleet.burstAll(100));
        expect(cold).toMatchObject({ ok: FLEET_SIZE * 100, failures: {}, warnings: [] });
        expect(cold.tokens.size).toBe(1);
        expect(harness.tokenRequests()).toBe(1);
        expect(await harness.storedToken()).toBe([...cold.tokens][0]);
      },
      TIMEOUT_MS,
    );

    if (engine === 'cluster') {
      const tokenKey = () => harness.store().keysOf(harness.storeKey()).token;

      // While a slot migrates, a script whose keys are split between the two masters is refused
      // (TRYAGAIN) until the move ends; an instance that meets that works without the store for
      // that renewal, as it does while Redis is away: at most one extra token request per instance.
      it.each([
        ['the master of the credential’s slot fails over to its replica', 'failover', 0],
        ['the credential’s slot migrates to another master', 'migrateSlot', FLEET_SIZE - 1],
      ] as const)(
        'key rotations while %s: 0 failed calls',
        async (_what, fault, extra) => {
          const fleet = await harness.start(FLEET_SIZE);
          expect(totals(await fleet.burstAll(1)).failures).toEqual({});
          const masterBefore = await harness.cluster.masterOf(tokenKey());
          const run = await rotationsDuring(fleet, rotate, CALLERS, () =>
            harness.cluster[fault](tokenKey()),
          );
          expect(await harness.cluster.masterOf(tokenKey())).not.toBe(masterBefore);
          // What the workers logged (a store read refused mid-migration, say) explains a failure.
          const logged = run.totals.warnings.join('\n');
          expect(run.totals.failures, logged).toEqual({});
          expect(run.totals.statuses).toEqual({ 200: run.rotations * FLEET_SIZE * CALLERS });
          // The first token, then one renewal per rotation (and the extra the fault allows).
          expect(harness.tokenRequests(), logged).toBeGreaterThanOrEqual(1 + run.rotations);
          expect(harness.tokenRequests(), logged).toBeLessThanOrEqual(1 + run.rotations + extra);
        },
        TIMEOUT_MS,
      );

      it(
        'SCRIPT FLUSH on every node mid-run: 0 failed calls (NOSCRIPT is answered by sending the script again)',
        async () => {
          const fleet = await harness.start(FLEET_SIZE);
          expect(totals(await fleet.burstAll(1)).failures).toEqual({});
          const run = await rotationsDuring(fleet, rotate, CALLERS, async () => {
            const client = harness.client;
            if (!(client instanceof Cluster)) throw new Error('not a cluster');
            await Promise.all(client.nodes('all').map((node) => node.script('FLUSH')));
          });
          const logged = run.totals.warnings.join('\n');
          expect(run.totals.failures, logged).toEqual({});
          expect(run.totals.statuses).toEqual({ 200: run.rotations * FLEET_SIZE * CALLERS });
          expect(harness.tokenRequests(), logged).toBe(1 + run.rotations);
        },
        TIMEOUT_MS,
      );
    } else {
      it(
        'the primary killed mid-run: 0 failed calls, at most 1 extra token request, the store follows the new primary',
        async () => {
          const fleet = await harness.start(FLEET_SIZE);
          expect(totals(await fleet.burstAll(1)).failures).toEqual({});
          const primaryBefore = await harness.sentinel.primaryPort();
          const run = await rotationsDuring(fleet, rotate, CALLERS, () =>
            harness.sentinel.killPrimary(),
          );
          expect(await harness.sentinel.primaryPort()).not.toBe(primaryBefore);
          const logged = run.totals.warnings.join('\n');
          expect(run.totals.failures, logged).toEqual({});
          expect(run.totals.statuses).toEqual({ 200: run.rotations * FLEET_SIZE * CALLERS });
          // The first token and one renewal per rotation, plus at most one for the failover.
          expect(harness.tokenRequests(), logged).toBeLessThanOrEqual(2 + run.rotations);
          // The last renewal is in the new primary: the store reads and writes there now.
          const after = totals(await fleet.burstAll(1));
          expect(await harness.storedToken()).toBe([...after.tokens][0]);
        },
        TIMEOUT_MS,
      );
    }
  },
);
