import { type Clock, systemClock } from '@cloud-token/core';

/** A clock whose timers fire on the next turn of the event loop, keeping the delays asked for. */
export function instantClock(): Clock & { readonly waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => systemClock.now(),
    setTimeout(callback, ms) {
      waits.push(ms);
      return setImmediate(callback);
    },
    clearTimeout(handle) {
      clearImmediate(handle as ReturnType<typeof setImmediate>);
    },
  };
}
