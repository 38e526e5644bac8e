/** An opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * Time as cloud-token sees it: the current time and one-shot timers. Inject
 * your own for tests; the default wraps the globals at call time, so fake
 * timers installed later (vitest, sinon) still apply. Timers created through
 * the default clock never keep the process alive.
 *
 * @example
 * ```ts
 * const clock: Clock = {
 *   now: () => fakeNow,
 *   setTimeout: (callback, ms) => scheduler.add(callback, ms),
 *   clearTimeout: (handle) => scheduler.remove(handle),
 * };
 * createTokenSource(grant, { clock });
 * ```
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` once after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer from {@link Clock.setTimeout}; harmless if it already ran. */
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The default {@link Clock}: `Date.now()` and unref'd global timers.
 *
 * @example
 * ```ts
 * const started = systemClock.now();
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = globalThis.setTimeout(callback, ms);
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
};

/**
 * Resolves after `ms` on `clock`; rejects with the signal's reason when
 * `signal` aborts first. Leaves no timer and no listener behind either way.
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
