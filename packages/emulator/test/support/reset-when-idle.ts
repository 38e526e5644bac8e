import type { Emulator } from '@cloud-token/emulator';
import { waitFor } from './wait-for.js';

/**
 * `control.reset()`, once the token requests an earlier test abandoned have
 * ended on the emulator's side too (a client's abort reaches the server a
 * moment later), so that they do not leak into the next test's counters.
 */
export function resetWhenIdle(emulator: Emulator): Promise<void> {
  return waitFor(() => {
    emulator.control.reset();
    // reset() restarts the peak from the token requests still in progress.
    return emulator.stats.maxConcurrentTokenRequests === 0;
  }, 'abandoned token requests to end');
}
