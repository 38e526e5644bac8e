import { systemClock } from '../index.js';
import { sleep } from '../shared/clock.js';

/**
 * Polls `check` every 20 ms until it holds; rejects naming `what` after
 * `timeoutMs`. A bounded wait for something the store does in its own time
 * (a lock's TTL, a record's expiry), never a measure of that time.
 */
export async function pollUntil(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = systemClock.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (systemClock.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20, systemClock);
  }
}
