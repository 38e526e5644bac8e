import { Cluster } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { liveRedisPids } from '../src/testing/index.js';
import { totals, useFleetHarness } from './support/fleet/fleet-harness.js';
import { rotationsDuring } from './support/fleet/rotations-during.js';

/*
 * Issue 22, the engines: four worker processes on a real Redis Cluster of 3
 * masters, each with a replica (ioredis `Cluster` in every worker). Every
 * key of one credential shares a hash tag, so the store's scripts run on one
 * node; the faults move that node's slot away while the fleet renews.
 */

const FLEET_SIZE = 4;
const CALLERS = 25;

// Registered before the harness, so it runs after the harness has stopped every node.
afterAll(() => {
  expect(liveRedisPids()).toEqual([]);
});
const harness = useFleetHarness('cluster');
// A token request may wait long on a loaded 2-core machine while the cluster's nodes work: never a timeout here.
const engineEnv = () => ({ ...harness.env(), TIMEOUT_MS: '15000' });
const tokenKey = () => harness.store().keysOf(harness.storeKey()).token;

describe('a fleet of 4 processes on a 3-master Redis Cluster', () => {
  it('cold, 4 × 100 concurrent callers: exactly 1 token request', async () => {
    const fleet = await harness.start(FLEET_SIZE, engineEnv());
    const cold = totals(await fleet.burstAll(100));
    expect(cold).toMatchObject({ ok: FLEET_SIZE * 100, failures: {}, warnings: [] });
    expect(cold.tokens.size).toBe(1);
    expect(harness.tokenRequests()).toBe(1);
    expect(await harness.storedToken()).toBe([...cold.tokens][0]);
  });

  it.each([
    ['the master of the credential’s slot fails over to its replica', 'failover'],
    ['the credential’s slot migrates to another master', 'migrateSlot'],
  ] as const)(
    'key rotations while %s: 0 failed calls, one renewal per rotation',
    async (_what, fault) => {
      const fleet = await harness.start(FLEET_SIZE, engineEnv());
      expect(totals(await fleet.burstAll(1)).failures).toEqual({});
      const masterBefore = await harness.cluster.masterOf(tokenKey());
      const run = await rotationsDuring(
        fleet,
        () => harness.emulator.control.revokeAllTokens(),
        CALLERS,
        () => harness.cluster[fault](tokenKey()),
      );
      expect(await harness.cluster.masterOf(tokenKey())).not.toBe(masterBefore);
      // What the workers logged (a store read refused mid-migration, say) explains a failure.
      expect(run.totals.failures, run.totals.warnings.join('\n')).toEqual({});
      expect(run.totals.statuses).toEqual({ 200: run.rotations * FLEET_SIZE * CALLERS });
      // The first token, then one renewal per rotation.
      expect(harness.tokenRequests()).toBe(1 + run.rotations);
      expect(await harness.storedToken()).toBeDefined();
    },
  );

  it('SCRIPT FLUSH on every node mid-run: 0 failed calls (NOSCRIPT is answered by sending the script again)', async () => {
    const fleet = await harness.start(FLEET_SIZE, engineEnv());
    expect(totals(await fleet.burstAll(1)).failures).toEqual({});
    const run = await rotationsDuring(
      fleet,
      () => harness.emulator.control.revokeAllTokens(),
      CALLERS,
      async () => {
        const client = harness.client;
        if (!(client instanceof Cluster)) throw new Error('not a cluster');
        await Promise.all(client.nodes('all').map((node) => node.script('FLUSH')));
      },
    );
    // What the workers logged (a store read refused mid-migration, say) explains a failure.
    expect(run.totals.failures, run.totals.warnings.join('\n')).toEqual({});
    expect(run.totals.statuses).toEqual({ 200: run.rotations * FLEET_SIZE * CALLERS });
    expect(harness.tokenRequests()).toBe(1 + run.rotations);
  });
});
