import { type Clock, InvalidOptionsError } from '../index.js';

/**
 * A {@link Clock} whose time moves only when a test says so. Real I/O (the
 * emulator, undici's fetch) keeps using real timers; only the code under test
 * sees this clock.
 *
 * @example
 * ```ts
 * const clock = createFakeClock();
 * const source = createTokenSource(grant, { clock });
 * await clock.advance(60_000); // runs every timer due within the next minute, in order
 * expect(clock.pending()).toBe(0);
 * ```
 */
export interface FakeClock extends Clock {
  /**
   * Moves time forward by `ms`, running every timer that falls due on the way
   * in due order (timers due at the same moment run in the order they were
   * set), with time set to each timer's due moment while it runs. Before the
   * first timer, after each one and once at the end, it lets every queued
   * promise reaction run, so work already under way, work a timer starts,
   * and timers that work sets (when due within the span) all happen inside
   * the same call. Real I/O still takes real time: wait for it separately.
   */
  advance(ms: number): Promise<void>;
  /** How many timers are set and not yet run or cleared. */
  pending(): number;
  /**
   * Steps the wall clock (`now()`) by `ms`, forward or back, as NTP does:
   * `monotonic()` and the timers do not move.
   */
  stepWall(ms: number): void;
}

interface ScheduledTimer {
  readonly dueAt: number;
  /** Tells apart timers due at the same moment: lower was set first. */
  readonly sequence: number;
  readonly callback: () => void;
}

/**
 * Creates a {@link FakeClock} starting at `start` (epoch ms; default
 * 2030-01-01T00:00:00Z, a fixed moment so runs are repeatable). Its
 * `monotonic()` reads the same as `now()` until the wall clock is stepped.
 *
 * @example
 * ```ts
 * import { createFakeClock } from '@cloud-token/core/testing';
 *
 * const clock = createFakeClock(Date.UTC(2030, 0, 1));
 * clock.setTimeout(() => console.log('fired at', clock.now()), 500);
 * await clock.advance(1_000); // logs "fired at 1893456000500"
 * ```
 */
export function createFakeClock(start: number = Date.UTC(2030, 0, 1)): FakeClock {
  if (typeof start !== 'number' || !Number.isFinite(start)) {
    throw new InvalidOptionsError('start', 'must be a finite number of epoch milliseconds');
  }
  // Monotonic time; the wall clock is it plus the sum of wall steps.
  let now = start;
  let wallOffset = 0;
  let sequence = 0;
  const timers = new Set<ScheduledTimer>();

  function nextDue(until: number): ScheduledTimer | undefined {
    let next: ScheduledTimer | undefined;
    for (const timer of timers) {
      if (timer.dueAt > until) continue;
      if (
        next === undefined ||
        timer.dueAt < next.dueAt ||
        (timer.dueAt === next.dueAt && timer.sequence < next.sequence)
      ) {
        next = timer;
      }
    }
    return next;
  }

  return {
    now: () => now + wallOffset,
    monotonic: () => now,
    setTimeout: (callback, ms) => {
      // Like the real thing: a negative or NaN delay means "as soon as possible".
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
      const timer: ScheduledTimer = { dueAt: now + delay, sequence: sequence++, callback };
      timers.add(timer);
      return timer;
    },
    clearTimeout(handle) {
      timers.delete(handle as ScheduledTimer);
    },
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs ms ≥ 0');
      const until = now + ms;
      // Work already queued may set timers due within the span: let it run first.
      await flushPromiseReactions();
      for (let timer = nextDue(until); timer !== undefined; timer = nextDue(until)) {
        timers.delete(timer);
        now = timer.dueAt;
        timer.callback();
        await flushPromiseReactions();
      }
      now = until;
      await flushPromiseReactions();
    },
    pending: () => timers.size,
    stepWall(ms) {
      wallOffset += ms;
    },
  };
}

/**
 * Waits one turn of the real event loop: every promise reaction queued so far
 * (and the ones those queue) runs before it resolves.
 */
function flushPromiseReactions(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
