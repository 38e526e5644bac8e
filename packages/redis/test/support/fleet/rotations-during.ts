import type { Fleet } from './fleet.js';
import { callTotals } from './fleet-harness.js';
import type { CallsResult } from './messages.js';

/**
 * Keeps the fleet busy while `fault` runs: round after round, the emulator
 * rotates its signing key (every token so far gets 401, so every round needs
 * one fleet-wide renewal through the store) and each worker makes `callers`
 * API calls; one more round follows the fault. Resolves with the calls'
 * totals and the number of rotations.
 */
export async function rotationsDuring(
  fleet: Fleet,
  rotate: () => void,
  callers: number,
  fault: () => Promise<unknown>,
): Promise<{ totals: ReturnType<typeof callTotals>; rotations: number }> {
  let faultDone = false;
  const running = fault().finally(() => {
    faultDone = true;
  });
  const results: CallsResult[] = [];
  let rotations = 0;
  let roundsAfter = 0;
  // A rejected fault ends the loop too; its error is thrown below.
  running.catch(() => {});
  while (roundsAfter < 1) {
    if (faultDone) roundsAfter++;
    rotate();
    rotations++;
    results.push(...(await fleet.callsAll(callers)));
  }
  await running;
  return { totals: callTotals(results), rotations };
}
