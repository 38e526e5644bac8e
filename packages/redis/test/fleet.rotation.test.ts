import { describe, expect, it } from 'vitest';
import { callTotals, useFleetHarness } from './support/fleet/fleet-harness.js';

/*
 * Issue 22, defect 3: a stale instance must not serve the cloud's 401s. Four
 * processes on one Redis call the emulator's API through
 * `createAuthorizedFetch`; the emulator rotates its signing key
 * (`revokeAllTokens`: every token issued so far gets 401) twice, while one
 * process sits out the first rotation and so still holds the first token.
 */

const FLEET_SIZE = 4;
const CALLERS = 25;

const harness = useFleetHarness();

describe('a fleet through two key rotations, one process stale', () => {
  it('every 401 leads to one fleet-wide renewal, the callers are replayed, none sees a 401', async () => {
    const fleet = await harness.start(FLEET_SIZE);
    const [stale, ...current] = fleet.workers;
    if (stale === undefined) throw new Error('no fleet');
    const first = callTotals(await fleet.callsAll(CALLERS));
    expect(first).toMatchObject({ statuses: { 200: FLEET_SIZE * CALLERS }, failures: {} });
    expect(harness.tokenRequests()).toBe(1);

    // Rotation 1, met by three processes: one renewal between them.
    harness.emulator.control.revokeAllTokens();
    const afterFirst = callTotals(
      await Promise.all(current.map((worker) => worker.calls(CALLERS))),
    );
    expect(afterFirst).toMatchObject({ statuses: { 200: current.length * CALLERS }, failures: {} });
    expect(harness.tokenRequests()).toBe(2);

    // Rotation 2, met first by the process still holding the first token: the
    // store's token is dead too, and one renewal of it must follow.
    harness.emulator.control.revokeAllTokens();
    const staleCalls = callTotals([await stale.calls(CALLERS)]);
    expect(staleCalls).toMatchObject({ statuses: { 200: CALLERS }, failures: {} });
    expect(harness.tokenRequests()).toBe(3);
    const status = await stale.status({ readiness: true });
    expect(status.unauthorizedPauseMs).toBeUndefined();
    expect(status.readiness).toMatchObject({ status: 200 });

    // The others adopt that renewal: no further token request, no 401.
    const rest = callTotals(await Promise.all(current.map((worker) => worker.calls(CALLERS))));
    expect(rest).toMatchObject({ statuses: { 200: current.length * CALLERS }, failures: {} });
    expect(harness.tokenRequests()).toBe(3);
    expect(harness.emulator.stats.apiRequests.byStatus[401] ?? 0).toBeGreaterThan(0);
  });

  it('a rotation that kills a renewed token before its first use: one more renewal, no 401 reaches a caller', async () => {
    // Each renewed token waits 1.5 s before the store takes it: a second
    // rotation lands in that while, so the renewal is dead before it is used.
    const fleet = await harness.start(FLEET_SIZE, { ...harness.env(), WRITE_STALL_MS: '1500' });
    const first = callTotals(await fleet.callsAll(CALLERS));
    expect(first).toMatchObject({ statuses: { 200: FLEET_SIZE * CALLERS }, failures: {} });
    expect(harness.tokenRequests()).toBe(1);

    harness.emulator.control.revokeAllTokens();
    const during = fleet.callsAll(CALLERS);
    while (harness.tokenRequests() < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    harness.emulator.control.revokeAllTokens();
    const totals = callTotals(await during);
    expect(totals).toMatchObject({ statuses: { 200: FLEET_SIZE * CALLERS }, failures: {} });
    // The dead renewal and the one after it: one token per rotation.
    expect(harness.tokenRequests()).toBe(3);
    for (const worker of fleet.workers) {
      expect((await worker.status({ readiness: true })).readiness).toMatchObject({ status: 200 });
    }
  });

  it('an API that refuses even renewed tokens: the pause engages after two renewals, and readiness and the log say so', async () => {
    const fleet = await harness.start(FLEET_SIZE);
    const [worker] = fleet.workers;
    if (worker === undefined) throw new Error('no fleet');
    expect(callTotals([await worker.calls(1)]).statuses).toEqual({ 200: 1 });

    // Every API answer is 401 from now on, whatever the token.
    harness.emulator.control.failApiRequests(10_000, { status: 401 });
    const refused = callTotals([await worker.calls(CALLERS)]);
    expect(refused.statuses).toEqual({ 401: CALLERS });
    // The API took a token before: two renewals tried (neither helped), then no more.
    expect(harness.tokenRequests()).toBe(3);
    expect(refused.warnings.some((line) => line.includes('401'))).toBe(true);
    const status = await worker.status({ readiness: true });
    expect(status.unauthorizedPauseMs).toBeGreaterThan(0);
    expect(status.readiness).toMatchObject({ status: 503, reason: 'unauthorized' });
    expect(Number(status.readiness?.retryAfter)).toBeGreaterThan(0);
    expect(callTotals([await worker.calls(CALLERS)]).statuses).toEqual({ 401: CALLERS });
    expect(harness.tokenRequests()).toBe(3);
  });
});
