/**
 * Exponential backoff between retried token requests.
 *
 * @example
 * ```ts
 * const backoff: BackoffPolicy = { baseDelayMs: 200, maxDelayMs: 5_000 };
 * ```
 */
export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  baseDelayMs: number;
  /** No delay ever exceeds this. */
  maxDelayMs: number;
}

/**
 * The delay before retry number `retry` (0 for the first retry), with full
 * jitter: `random() × min(maxDelayMs, baseDelayMs × 2^retry)`. Full jitter
 * spreads the retries of many clients that failed together, so they do not
 * come back together.
 *
 * @example
 * ```ts
 * backoffDelay(0, { baseDelayMs: 200, maxDelayMs: 5_000 }, Math.random); // 0 ≤ delay < 200
 * backoffDelay(10, { baseDelayMs: 200, maxDelayMs: 5_000 }, () => 0.5); // 2_500
 * ```
 */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number): number {
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
}
