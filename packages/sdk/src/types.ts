import type { CallPolicyOptions, Clock } from '@cloud-token/core';

/**
 * An official SDK's API client: `new WordsApi(…)`, `new PdfApi(…)`,
 * `new CellsApi(…)`, a GroupDocs `ConvertApi`/`InfoApi`/`ViewApi`/… — any
 * object with the `configuration` the SDK keeps its authentication on.
 *
 * @example
 * ```ts
 * import { WordsApi } from 'asposewordscloud';
 *
 * const client: SdkClient = new WordsApi('client-id', 'unused');
 * ```
 */
export type SdkClient = object;

/**
 * Options of `useCloudToken()`: where the token may go and how 401, 429 and
 * 503 answers are handled (the core's call policy), plus the clock that times
 * `Retry-After` waits. Without `baseUrl` or `allowedOrigins`, the token goes
 * to the origin of the base URL the SDK is configured with.
 *
 * @example
 * ```ts
 * const options: UseCloudTokenOptions = { maxRetryAfterMs: 5_000, rateLimitRetries: 1 };
 * useCloudToken(wordsApi, source, options);
 * ```
 */
export interface UseCloudTokenOptions extends CallPolicyOptions {
  /** Time and timers for `Retry-After` waits; default `systemClock`. */
  clock?: Clock;
}

/**
 * Gives the SDK client back its own authentication and its methods as they
 * were, and closes the token source if `useCloudToken()` made it. Calling it
 * again does nothing.
 *
 * @example
 * ```ts
 * const detach: DetachCloudToken = useCloudToken(wordsApi, source);
 * process.once('SIGTERM', detach);
 * ```
 */
export type DetachCloudToken = () => void;
