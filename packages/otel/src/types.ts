import type { Clock } from '@cloud-token/core';
import type { MeterProvider } from '@opentelemetry/api';

/**
 * Options of `instrumentCloudToken()`.
 *
 * @example
 * ```ts
 * import { MeterProvider } from '@opentelemetry/sdk-metrics';
 *
 * const options: CloudTokenMetricsOptions = { meterProvider: new MeterProvider({ readers: [reader] }) };
 * ```
 */
export interface CloudTokenMetricsOptions {
  /** Where the instruments come from; default: the global MeterProvider of `@opentelemetry/api`. */
  meterProvider?: MeterProvider;
  /**
   * Time for `cloud_token.token.acquire.duration`, read as `steadyNow(clock)`
   * (its monotonic reading when it has one); default `systemClock`. Give the
   * clock your token sources use.
   */
  clock?: Clock;
}

/**
 * What `instrumentCloudToken()` returns: the subscription to the core's
 * diagnostics channels.
 *
 * @example
 * ```ts
 * const instrumentation: CloudTokenInstrumentation = instrumentCloudToken();
 * process.on('SIGTERM', () => instrumentation.close());
 * ```
 */
export interface CloudTokenInstrumentation {
  /** Unsubscribes from every channel; the instruments stop recording. Safe to call twice. */
  close(): void;
}
