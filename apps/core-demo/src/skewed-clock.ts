import { type Clock, systemClock } from '@cloud-token/core';

/** A real clock that can jump ahead, so the tour shows an hour of token life in seconds. */
export interface SkewedClock extends Clock {
  jump(ms: number): void;
}

export function createSkewedClock(): SkewedClock {
  let offset = 0;
  return {
    now: () => systemClock.now() + offset,
    setTimeout: (callback, ms) => systemClock.setTimeout(callback, ms),
    clearTimeout: (handle) => systemClock.clearTimeout(handle),
    jump(ms) {
      offset += ms;
    },
  };
}
