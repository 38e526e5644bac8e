import type { Emulator } from '../types.js';
import { type WaitForOptions, waitFor } from './wait-for.js';

/**
 * `control.reset()`, once the token requests an earlier test abandoned have
 * ended on the emulator's side too (a client's abort reaches the server a
 * moment later), so that they do not leak into the next test's counters.
 *
 * @example
 * ```ts
 * beforeEach(() => resetWhenIdle(emulator));
 * ```
 */
export function resetWhenIdle(emulator: Emulator, options?: WaitForOptions): Promise<void> {
  return waitFor(
    () => {
      emulator.control.reset();
      // reset() restarts the peak from the token requests still in progress.
      return emulator.stats.maxConcurrentTokenRequests === 0;
    },
    'abandoned token requests to end',
    options,
  );
}
