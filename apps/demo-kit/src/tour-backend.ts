import type { Clock, FetchLike, Logger } from '@cloud-token/core';

/**
 * A demo's documents backend, listening on loopback, as a tour drives it.
 *
 * @example
 * ```ts
 * const backend: TourBackend = await startBackend(settings);
 * await fetch(`${backend.url}/api/cloud-status`);
 * await backend.close();
 * ```
 */
export interface TourBackend {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  /** Stops listening, ends open connections and closes the token sources. */
  close(): Promise<void>;
}

/**
 * What a tour hands a demo to start its backend with: the credentials, the
 * cloud API and, for the backend whose token ages, the skewed clock (or,
 * against the real cloud, a fetch that counts token requests).
 *
 * @example
 * ```ts
 * const settings: TourBackendSettings = {
 *   tokenUrl: emulator.tokenUrl,
 *   clientId: 'koa-demo',
 *   clientSecret: 'koa-s3cret',
 *   apiUrl: emulator.apiUrl,
 *   logger: output.logger,
 * };
 * ```
 */
export interface TourBackendSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  apiUrl: string;
  logger: Logger;
  /** The token source's clock; default: the system clock. */
  clock?: Clock;
  /** The `fetch` token and API requests go through; default: the global one. */
  fetch?: FetchLike;
}
