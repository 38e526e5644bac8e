import type { Clock } from '@cloud-token/core';

/** A {@link Clock} whose time moves only on {@link FakeClock.advance}. */
export interface FakeClock extends Clock {
  /**
   * Moves time forward by `ms`, running due timers in order (with time set to
   * each one's due moment) and letting queued promise reactions run after each.
   */
  advance(ms: number): Promise<void>;
}

interface Timer {
  readonly dueAt: number;
  readonly callback: () => void;
}

/**
 * A small manual scheduler, so the resilience suite can replay minutes of a
 * failing token endpoint in a second while real HTTP keeps real timers.
 */
export function createFakeClock(start = Date.UTC(2026, 10, 22)): FakeClock {
  let now = start;
  // Insertion order breaks ties between timers due at the same moment.
  const timers = new Set<Timer>();

  const nextDue = (until: number): Timer | undefined => {
    let next: Timer | undefined;
    for (const timer of timers) {
      if (timer.dueAt <= until && (next === undefined || timer.dueAt < next.dueAt)) next = timer;
    }
    return next;
  };

  return {
    now: () => now,
    monotonic: () => now,
    setTimeout(callback, ms) {
      const timer: Timer = { dueAt: now + Math.max(0, ms), callback };
      timers.add(timer);
      return timer;
    },
    clearTimeout(handle) {
      timers.delete(handle as Timer);
    },
    async advance(ms) {
      const until = now + ms;
      await settleReactions();
      for (let timer = nextDue(until); timer !== undefined; timer = nextDue(until)) {
        timers.delete(timer);
        now = timer.dueAt;
        timer.callback();
        await settleReactions();
      }
      now = until;
      await settleReactions();
    },
  };
}

/** One turn of the real event loop: every queued promise reaction runs first. */
export function settleReactions(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
