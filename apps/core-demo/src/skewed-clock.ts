import { type Clock, systemClock } from '@cloud-token/core';

/** A real clock that can jump ahead, so the tour shows an hour of token life in seconds. */
export interface SkewedClock extends Clock {
  jump(ms: number): void;
}

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
