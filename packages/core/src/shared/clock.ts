/** An opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * How a timer is meant: `unref: true` marks idle housekeeping (a keep-warm
 * renewal, a store sweep) that must not keep the process alive. A timer a
 * pending call awaits (a backoff, a `Retry-After` wait, a request timeout)
 * never asks for it, so a script waiting on it runs to its end.
 *
 * @example
 * ```ts
 * clock.setTimeout(renewInBackground, 60_000, { unref: true });
 * ```
 */
export interface TimerOptions {
  /** Lets the process exit while only this timer is left (Node's `unref()`). Default `false`. */
  unref?: boolean;
}

/**
 * Time as cloud-token sees it: the current time, an optional monotonic
 * reading, and one-shot timers. Inject your own for tests; the default wraps
 * the globals at call time, so fake timers installed later (vitest, sinon)
 * still apply. Timers keep the process alive unless created with
 * `{ unref: true }` (only idle housekeeping asks for that).
 *
 * @example
 * ```ts
 * const clock: Clock = {
 *   now: () => fakeNow,
 *   monotonic: () => fakeElapsed,
 *   setTimeout: (callback, ms) => scheduler.add(callback, ms),
 *   clearTimeout: (handle) => scheduler.remove(handle),
 * };
 * createTokenSource(grant, { clock });
 * ```
 */
export interface Clock {
  /** Epoch milliseconds (the wall clock: it may step back or forward). */
  now(): number;
  /**
   * Optional: milliseconds on a clock that never steps (NTP corrections do
   * not move it); only differences between two readings mean anything.
   * Cooldowns are measured on it. Without it, `now()` is used.
   */
  monotonic?(): number;
  /** Calls `callback` once after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number, options?: TimerOptions): TimerHandle;
  /** Cancels a timer from {@link Clock.setTimeout}; harmless if it already ran. */
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The default {@link Clock}: `Date.now()`, `performance.now()` as its
 * monotonic reading, and global timers that keep the process alive (so a
 * script awaiting a backoff or a `Retry-After` wait is not cut short), except
 * those created with `{ unref: true }`.
 *
 * @example
 * ```ts
 * const started = systemClock.now();
 * const elapsed = systemClock.monotonic?.();
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout(callback, ms, options) {
    const handle = globalThis.setTimeout(callback, ms);
    if (options?.unref === true) (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
};

// Per clock, the epoch moment its monotonic reading 0 stands for, fixed at
// first use: steady time never moves when the wall clock steps.
const steadyOrigins = new WeakMap<Clock, number>();

/**
 * Epoch-like milliseconds that never step: the clock's wall time at its
 * first use here plus the monotonic time elapsed since (just `now()` for a
 * clock without `monotonic`). Cooldown deadlines are kept in it, so the wall
 * clock stepping back an hour does not stretch a 10-minute cooldown, while
 * they still read as epoch ms (close to `now()`) where a store shares them.
 *
 * @example
 * ```ts
 * const until = steadyNow(clock) + 600_000; // a 10-minute cooldown
 * ```
 */
export function steadyNow(clock: Clock): number {
  if (clock.monotonic === undefined) return clock.now();
  const monotonic = clock.monotonic();
  let origin = steadyOrigins.get(clock);
  if (origin === undefined) {
    origin = clock.now() - monotonic;
    steadyOrigins.set(clock, origin);
  }
  return origin + monotonic;
}

/**
 * Resolves after `ms` on `clock`; rejects with the signal's reason when
 * `signal` aborts first. Leaves no timer and no listener behind either way.
 * Its timer keeps the process alive: someone awaits it.
 *
 * @example
 * ```ts
 * await sleep(250, systemClock, request.signal);
 * ```
 */
export function sleep(ms: number, clock: Clock, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
