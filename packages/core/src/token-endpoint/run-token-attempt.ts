import { type DeadlineOptions, runWithDeadline } from '../shared/deadline.js';
import { TokenRequestError } from '../shared/errors.js';

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
