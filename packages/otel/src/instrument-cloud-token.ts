import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import {
  type CallEvent,
  CLOUD_TOKEN_CHANNELS,
  type EndpointThrottledEvent,
  type GuardCooldownEvent,
  InvalidOptionsError,
  isCloudTokenError,
  type StoreFallbackEvent,
  type TokenAcquireContext,
  type TokenRenewedEvent,
} from '@cloud-token/core';
import { clockRule, optionsSchema, steadyNow } from '@cloud-token/core/adapter';
import { type Attributes, type Meter, metrics } from '@opentelemetry/api';
import type { CloudTokenInstrumentation, CloudTokenMetricsOptions } from './types.js';

/** The schema of {@link CloudTokenMetricsOptions}. */
const metricsSchema = optionsSchema<CloudTokenMetricsOptions>()({
  meterProvider: (value, path) => {
    if (
      value !== undefined &&
      typeof (value as { getMeter?: unknown } | null)?.getMeter !== 'function'
    ) {
      throw new InvalidOptionsError(path, 'must be an OpenTelemetry MeterProvider');
    }
    return value as CloudTokenMetricsOptions['meterProvider'];
  },
  clock: clockRule,
});

/** The instrumentation scope's name, as OpenTelemetry asks a library to give it. */
const SCOPE = '@cloud-token/otel';

/** The low-cardinality `error.type` of a failed token request: its cloud-token code, or `_OTHER`. */
function errorType(error: unknown): string {
  return isCloudTokenError(error) ? error.code : '_OTHER';
}

/** The outcome of a failed token request, for `cloud_token.token.requests`. */
function failureOutcome(error: unknown): string {
  if (isCloudTokenError(error, 'ERR_CREDENTIALS_REJECTED')) return 'rejected';
  if (isCloudTokenError(error, 'ERR_TOKEN_REQUEST') && error.upstreamStatus === 429) {
    return 'rate_limited';
  }
  return 'failed';
}

function hostOf(origin: string): string {
  return URL.canParse(origin) ? new URL(origin).hostname : origin;
}

/**
 * Turns the token lifecycle that `@cloud-token/core` publishes on
 * `node:diagnostics_channel` into OpenTelemetry metrics, for every token
 * source in the process:
 *
 * | instrument | kind | attributes |
 * | --- | --- | --- |
 * | `cloud_token.token.acquire.duration` (s) | histogram | `server.address`, `outcome`, `error.type` on failure |
 * | `cloud_token.token.requests` | counter | `server.address`, `outcome` (`issued`, `rejected`, `rate_limited`, `failed`), `error.type` on failure |
 * | `cloud_token.token.renewals` | counter | `server.address`, `cloud_token.renewal.reason` (`initial`, `proactive`, `reactive`), `cloud_token.token.from` (`token_endpoint`, `store`) |
 * | `cloud_token.call.replays` | counter | `server.address` (the API's host) |
 * | `cloud_token.call.retries` | counter | `server.address`, `http.response.status_code` |
 * | `cloud_token.endpoint.throttles` | counter | `server.address` |
 * | `cloud_token.guard.cooldowns` | counter | `server.address`, `cloud_token.cooldown.reason` |
 * | `cloud_token.store.fallbacks` | counter | `server.address` |
 *
 * `error.type` is the cloud-token error code (`ERR_TOKEN_REQUEST`,
 * `ERR_CREDENTIALS_REJECTED`, …) or `_OTHER`: a handful of values. No
 * attribute carries a client id, a secret or a token. It records no spans:
 * HTTP instrumentation already makes the client spans of each request.
 *
 * @example
 * ```ts
 * import { instrumentCloudToken } from '@cloud-token/otel';
 *
 * const instrumentation = instrumentCloudToken(); // the global MeterProvider
 * // on shutdown:
 * instrumentation.close();
 * ```
 */
export function instrumentCloudToken(
  options: CloudTokenMetricsOptions = {},
): CloudTokenInstrumentation {
  const { meterProvider, clock } = metricsSchema.read(options);
  const meter: Meter = (meterProvider ?? metrics).getMeter(SCOPE);

  const duration = meter.createHistogram('cloud_token.token.acquire.duration', {
    unit: 's',
    description: 'How long one token request took.',
  });
  const requests = meter.createCounter('cloud_token.token.requests', {
    description: 'Token requests, by outcome.',
  });
  const renewals = meter.createCounter('cloud_token.token.renewals', {
    description: 'Tokens adopted by a token source, by reason.',
  });
  const replays = meter.createCounter('cloud_token.call.replays', {
    description: 'API calls sent again with a renewed token after a 401.',
  });
  const retries = meter.createCounter('cloud_token.call.retries', {
    description: 'API calls sent again after waiting out a 429 or 503.',
  });
  const throttles = meter.createCounter('cloud_token.endpoint.throttles', {
    description: 'Times the token endpoint answered 429.',
  });
  const cooldowns = meter.createCounter('cloud_token.guard.cooldowns', {
    description: 'Times the endpoint guard started refusing token requests.',
  });
  const fallbacks = meter.createCounter('cloud_token.store.fallbacks', {
    description: 'Times a token source fell back to local renewal because its store failed.',
  });

  const started = new WeakMap<object, number>();
  const acquire = tracingChannel<TokenAcquireContext>(CLOUD_TOKEN_CHANNELS.tokenAcquire);
  const finish = (context: TokenAcquireContext, attributes: Attributes): void => {
    const start = started.get(context);
    if (start !== undefined) duration.record((steadyNow(clock) - start) / 1_000, attributes);
    requests.add(1, attributes);
  };
  const ignore = (): void => undefined;
  const acquireHandlers = {
    start(context: TokenAcquireContext) {
      started.set(context, steadyNow(clock));
    },
    end: ignore,
    asyncStart: ignore,
    asyncEnd(context: TokenAcquireContext) {
      if (context.error !== undefined) return;
      finish(context, { 'server.address': context.serverAddress, outcome: 'issued' });
    },
    error(context: TokenAcquireContext) {
      finish(context, {
        'server.address': context.serverAddress,
        outcome: failureOutcome(context.error),
        'error.type': errorType(context.error),
      });
    },
  };

  const plain: [string, (message: unknown) => void][] = [
    [
      CLOUD_TOKEN_CHANNELS.tokenRenewed,
      (message) => {
        const event = message as TokenRenewedEvent;
        renewals.add(1, {
          'server.address': event.serverAddress,
          'cloud_token.renewal.reason': event.reason,
          'cloud_token.token.from': event.from === 'store' ? 'store' : 'token_endpoint',
        });
      },
    ],
    [
      CLOUD_TOKEN_CHANNELS.callReplayed,
      (message) => replays.add(1, { 'server.address': hostOf((message as CallEvent).origin) }),
    ],
    [
      CLOUD_TOKEN_CHANNELS.callRetried,
      (message) => {
        const event = message as CallEvent;
        retries.add(1, {
          'server.address': hostOf(event.origin),
          'http.response.status_code': event.status,
        });
      },
    ],
    [
      CLOUD_TOKEN_CHANNELS.endpointThrottled,
      (message) =>
        throttles.add(1, { 'server.address': (message as EndpointThrottledEvent).serverAddress }),
    ],
    [
      CLOUD_TOKEN_CHANNELS.guardCooldown,
      (message) => {
        const event = message as GuardCooldownEvent;
        if (event.state !== 'entered') return;
        cooldowns.add(1, {
          'server.address': event.serverAddress,
          'cloud_token.cooldown.reason': event.reason,
        });
      },
    ],
    [
      CLOUD_TOKEN_CHANNELS.storeFallback,
      (message) => {
        const event = message as StoreFallbackEvent;
        if (event.state === 'entered') fallbacks.add(1, { 'server.address': event.serverAddress });
      },
    ],
  ];

  acquire.subscribe(acquireHandlers);
  for (const [name, handler] of plain) subscribe(name, handler);
  let open = true;
  return {
    close() {
      if (!open) return;
      open = false;
      acquire.unsubscribe(acquireHandlers);
      for (const [name, handler] of plain) unsubscribe(name, handler);
    },
  };
}
