import type { FetchLike } from '@cloud-token/core';

/**
 * A `fetch` that counts the requests it sends to one URL.
 *
 * @example
 * ```ts
 * const tokenRequests: CountingFetch = createCountingFetch(target.tokenUrl);
 * ```
 */
export interface CountingFetch {
  /** Sends every request through the global `fetch`. */
  readonly fetch: FetchLike;
  /** How many requests went to the counted URL so far. */
  readonly count: number;
}

/**
 * Wraps the global `fetch` to count the requests to `countedUrl`: against the
 * real cloud, whose counters the demo cannot read, this is how a tour shows
 * how many token requests a herd of callers cost.
 *
 * @example
 * ```ts
 * const tokenRequests = createCountingFetch(target.tokenUrl);
 * const source = createTokenSource(clientCredentials(target), { fetch: tokenRequests.fetch });
 * await Promise.all([source.getToken(), source.getToken()]);
 * console.log(`token requests: ${tokenRequests.count}`); // 1
 * ```
 */
export function createCountingFetch(countedUrl: string): CountingFetch {
  let count = 0;
  return {
    fetch: (input, init) => {
      if (String(input instanceof Request ? input.url : input) === countedUrl) count += 1;
      return globalThis.fetch(input, init);
    },
    get count() {
      return count;
    },
  };
}
