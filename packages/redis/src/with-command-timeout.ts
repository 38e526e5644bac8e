import type { Clock } from '@cloud-token/core';
import { runWithDeadline } from '@cloud-token/core/adapter';

/**
 * Settles like `command()`, or rejects once `timeoutMs` has passed on
 * `clock`: a Redis that is down, slow or failing over must not hold a token
 * request, because the token source falls back to its own path only when
 * the store answers (or fails). The late outcome is swallowed, never
 * unhandled. The core's one deadline helper does the work.
 */
export function withCommandTimeout<T>(
  command: () => Promise<T>,
  timeoutMs: number,
  clock: Clock,
): Promise<T> {
  return runWithDeadline(command, {
    clock,
    timeoutMs,
    onTimeout: () => new Error(`Redis did not answer within ${timeoutMs} ms`),
  });
}
