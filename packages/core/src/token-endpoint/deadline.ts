import { abortable } from '../shared/abortable.js';
import type { Clock } from '../shared/clock.js';
import { TokenRequestError } from '../shared/errors.js';

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
 * hang the caller. The timer and the listener are removed however it ends.
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

/**
 * Runs one attempt at a token (a token request, or an external provider's
 * call) under {@link runWithDeadline}: it rejects with
 * `TokenRequestError('timeout')` saying that `answerer` did not answer within
 * `timeoutMs`, or with the caller's `signal.reason`.
 *
 * @example
 * ```ts
 * const token = await runTokenAttempt(
 *   (signal) => askProvider(signal),
 *   { clock: systemClock, timeoutMs: 10_000, signal },
 *   'The external token provider',
 * );
 * ```
 */
export function runTokenAttempt<T>(
  task: (signal: AbortSignal) => Promise<T>,
  limits: Omit<DeadlineOptions, 'onTimeout'>,
  answerer: string,
): Promise<T> {
  return runWithDeadline(task, {
    clock: limits.clock,
    timeoutMs: limits.timeoutMs,
    signal: limits.signal,
    onTimeout: () =>
      new TokenRequestError('timeout', `${answerer} did not answer within ${limits.timeoutMs} ms`),
  });
}
