import type { Emulator, EmulatorStats } from '../types.js';
import { checkWaitForOptions, pollUntil, type WaitForOptions } from './wait-for.js';

/**
 * Waits until a counter of `emulator.stats` reaches `value` (is at least
 * `value`), e.g. until every request of a herd has reached the token
 * endpoint. Resolves with the counter's value then; rejects after
 * `timeoutMs` naming the counter's last value.
 *
 * @example
 * ```ts
 * const herd = Array.from({ length: 50 }, () => source.getToken());
 * await waitForCounter(emulator, (stats) => stats.tokenRequests.total, 1);
 * ```
 */
export async function waitForCounter(
  emulator: Emulator,
  counter: (stats: EmulatorStats) => number,
  value: number,
  options: WaitForOptions = {},
): Promise<number> {
  const checked = checkWaitForOptions(options, 'waitForCounter');
  let last = counter(emulator.stats);
  try {
    await pollUntil(
      () => {
        last = counter(emulator.stats);
        return last >= value;
      },
      `a counter to reach ${value}`,
      checked,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message} (it is ${last})`);
  }
  return last;
}
