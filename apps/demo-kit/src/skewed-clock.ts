import { type Clock, systemClock } from '@cloud-token/core';

/**
 * The system clock, able to jump ahead: a tour shows an hour of a token's
 * life in a second. Timers still run in real time.
 *
 * @example
 * ```ts
 * const clock: SkewedClock = createSkewedClock();
 * ```
 */
export interface SkewedClock extends Clock {
  /** Moves `now()` forward by `ms` milliseconds, for good. */
  jump(ms: number): void;
}

/**
 * Creates a {@link SkewedClock}. Hand it to a token source as its `clock`,
 * then `jump()` 55 minutes to land inside a one-hour token's renewal window.
 *
 * @example
 * ```ts
 * const clock = createSkewedClock();
 * const source = createTokenSource(grant, { clock });
 * clock.jump(55 * 60_000);
 * ```
 */
export function createSkewedClock(): SkewedClock {
  let offset = 0;
  return {
    now: () => systemClock.now() + offset,
    // A jump stands for time passing (not an NTP step), so cooldowns see it too.
    monotonic: () => performance.now() + offset,
    setTimeout: (callback, ms, options) => systemClock.setTimeout(callback, ms, options),
    clearTimeout: (handle) => systemClock.clearTimeout(handle),
    jump(ms) {
      offset += ms;
    },
  };
}
