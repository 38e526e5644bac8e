import { abortable } from './abortable.js';
import type { Clock } from './clock.js';

/**
 * How {@link runWithDeadline} bounds a task.
 *
 * @example
 * ```ts
 * const options: DeadlineOptions = { clock: systemClock, timeoutMs: 10_000, onTimeout: () => new Error('slow') };
 * ```
 */
export interface DeadlineOptions {
  /** The clock whose timer enforces `timeoutMs`. */
  clock: Clock;
  /** Milliseconds the task may take; a finite, positive number. */
  timeoutMs: number;
  /** The caller's signal: aborting it rejects with its reason. */
  signal?: AbortSignal | undefined;
  /** The error to reject with when `timeoutMs` passes first. */
  onTimeout: () => unknown;
}

/**
 * Runs `task` with a signal that aborts when `timeoutMs` passes on `clock` or
 * when the caller's `signal` aborts, and settles as soon as either happens:
 * with the caller's `signal.reason`, or with `onTimeout()`. It does not wait
 * for a task that ignores its signal, so a hung `fetch` or provider can never
 * hang the caller; its late outcome is swallowed, never unhandled. The timer
 * and the listener are removed however it ends. Every timeout of cloud-token
 * goes through it (a token request, an external provider, a store call, a
 * readiness probe, a Redis command), so each is measured on an injected clock.
 *
 * @example
 * ```ts
 * const response = await runWithDeadline((signal) => fetch(url, { signal }), {
 *   clock,
 *   timeoutMs: 10_000,
 *   signal: callerSignal,
 *   onTimeout: () => new TokenRequestError('timeout', 'no answer within 10000 ms'),
 * });
 * ```
 */
export async function runWithDeadline<T>(
  task: (signal: AbortSignal) => Promise<T>,
  options: DeadlineOptions,
): Promise<T> {
  const { clock, signal } = options;
  if (signal?.aborted) throw signal.reason;
  const deadline = new AbortController();
  const onCallerAbort = (): void => deadline.abort(signal?.reason);
  const timer = clock.setTimeout(() => deadline.abort(options.onTimeout()), options.timeoutMs);
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    // Through a promise, so a task that throws synchronously still cleans up.
    const running = new Promise<T>((settle) => settle(task(deadline.signal)));
    return await abortable(running, deadline.signal);
  } finally {
    clock.clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
  }
}
