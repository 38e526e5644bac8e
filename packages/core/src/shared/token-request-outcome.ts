import { isCloudTokenError } from './errors.js';

/**
 * How a failed token request ended, for metrics: `rejected` (the
 * credentials were refused), `rate_limited` (the token endpoint answered
 * 429), or `failed` (anything else: the network, a timeout, a 5xx, a wrong
 * answer). A handful of values, so they make good metric labels.
 *
 * @example
 * ```ts
 * import { tokenRequestOutcome } from '@cloud-token/core/adapter';
 *
 * tracingChannel('cloud-token:token.acquire').subscribe({
 *   error: (context) => counter.add(1, { outcome: tokenRequestOutcome(context.error) }),
 *   // …
 * });
 * ```
 */
export function tokenRequestOutcome(error: unknown): 'rejected' | 'rate_limited' | 'failed' {
  if (isCloudTokenError(error, 'ERR_CREDENTIALS_REJECTED')) return 'rejected';
  if (isCloudTokenError(error, 'ERR_TOKEN_REQUEST') && error.upstreamStatus === 429) {
    return 'rate_limited';
  }
  return 'failed';
}
