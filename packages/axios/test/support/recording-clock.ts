import { type Clock, systemClock } from '@cloud-token/core';

/** A clock that runs every timer at once and remembers the delays it was asked for. */
export interface RecordingClock extends Clock {
  /** Every `setTimeout` delay requested, in order. */
  readonly delays: number[];
}

/**
 * A {@link Clock} for waits a test wants to see asked for but not sat
 * through: `setTimeout(callback, ms)` records `ms` and runs `callback` on the
 * next turn of the event loop. `now()` is the real time.
 *
 * @example
 * ```ts
 * const clock = createRecordingClock();
 * attachCloudToken(api, source, { clock });
 * // … a 429 with Retry-After: 1 …
 * expect(clock.delays).toEqual([1_000]);
 * ```
 */
export function createRecordingClock(): RecordingClock {
  const delays: number[] = [];
  return {
    delays,
    now: () => systemClock.now(),
    setTimeout(callback, ms) {
      delays.push(ms);
      return setImmediate(callback);
    },
    clearTimeout(handle) {
      clearImmediate(handle as ReturnType<typeof setImmediate>);
    },
  };
}
