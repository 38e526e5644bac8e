import type { CallPolicyOptions, Clock } from '@cloud-token/core';

/**
 * What one request can tell cloud-token, under the `cloudToken` key of an
 * axios request config.
 *
 * @example
 * ```ts
 * // A call that must not carry the cloud token, nor be replayed or retried by cloud-token:
 * await api.get('https://status.example.com/health', { cloudToken: { skip: true } });
 * ```
 */
export interface CloudTokenRequestConfig {
  /**
   * Leave this request alone: no token is attached (an `Authorization` header
   * you set stays as you set it), and a 401, 429 or 503 answer is given back
   * as it is. Default `false`.
   */
  skip?: boolean;
}

/**
 * Options of `attachCloudToken()`: where the token may go and how 401, 429
 * and 503 answers are handled (the core's call policy), plus the clock that
 * times `Retry-After` waits. When neither `baseUrl` nor `allowedOrigins` is
 * given, the instance's `defaults.baseURL` is the base URL.
 *
 * @example
 * ```ts
 * const options: AttachCloudTokenOptions = {
 *   baseUrl: 'https://api.aspose.cloud/v4.0/',
 *   maxRetryAfterMs: 5_000,
 *   rateLimitRetries: 1,
 * };
 * attachCloudToken(api, source, options);
 * ```
 */
export interface AttachCloudTokenOptions extends CallPolicyOptions {
  /** Time and timers for `Retry-After` waits; default `systemClock`. */
  clock?: Clock;
}

/**
 * Ejects the interceptors that `attachCloudToken()` added and closes the token
 * source if `attachCloudToken()` created it. Calling it again does nothing.
 *
 * @example
 * ```ts
 * const detach: DetachCloudToken = attachCloudToken(api, options);
 * process.once('SIGTERM', detach);
 * ```
 */
export type DetachCloudToken = () => void;

declare module 'axios' {
  interface AxiosRequestConfig {
    /** cloud-token's options for this request (see `CloudTokenRequestConfig`). */
    cloudToken?: CloudTokenRequestConfig;
  }
}
