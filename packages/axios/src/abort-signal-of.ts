import type { AxiosRequestConfig } from 'axios';

/**
 * The request's `signal` when it is a real `AbortSignal` (axios also accepts
 * look-alikes, which the core's `getToken` and `sleep` cannot listen to).
 *
 * @example
 * ```ts
 * const signal = abortSignalOf(config);
 * await source.getToken(signal ? { signal } : {});
 * ```
 */
export function abortSignalOf(config: AxiosRequestConfig): AbortSignal | undefined {
  return config.signal instanceof AbortSignal ? config.signal : undefined;
}
