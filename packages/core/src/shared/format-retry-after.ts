/**
 * The `Retry-After` value (RFC 9110 §10.2.3, delay-seconds) for a wait of
 * `waitMs` milliseconds: whole seconds, rounded up, so a client that waits
 * what it is told never comes back early, and never `0` while any wait
 * remains (1 ms → `1`). `0` only when no wait remains (0, negative, not a
 * number). Every `Retry-After` cloud-token sends is written here: an error's
 * `headers` (and so the problem details, the proxy and every adapter) and a
 * readiness answer.
 *
 * @example
 * ```ts
 * formatRetryAfter(1); // '1'
 * formatRetryAfter(120_000); // '120'
 * formatRetryAfter(120_001); // '121'
 * ```
 */
export function formatRetryAfter(waitMs: number): string {
  return waitMs > 0 ? String(Math.ceil(waitMs / 1_000)) : '0';
}
