import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import {
  type CallEvent,
  CLOUD_TOKEN_CHANNELS,
  type GuardCooldownEvent,
  type TokenAcquireContext,
  type TokenRenewedEvent,
  type TokenSource,
} from '@cloud-token/core';
import { tokenRequestOutcome } from '@cloud-token/core/adapter';
import type { FacadeOutcome } from './token-facade.js';

/** A counter family: help text, and the count per label set. */
interface Family {
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly values: Map<string, number>;
}

/**
 * The sidecar's metrics, in the Prometheus text format (version 0.0.4):
 * token requests by outcome, renewals by reason, guard cooldowns by reason,
 * API calls by the status the proxy answered, replays and retries, token
 * facade answers by outcome, and the token's expiry. The token lifecycle is
 * read from the core's diagnostics channels (only this sidecar's client);
 * the calls are counted as the proxy answers them. No label carries a
 * client id, a secret, a token or a path.
 */
export interface SidecarMetrics {
  countCall(status: number): void;
  countFacade(outcome: FacadeOutcome): void;
  /** The text a Prometheus scrape reads. */
  render(): string;
  stop(): void;
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function sidecarMetrics(source: TokenSource): SidecarMetrics {
  const client = source.label;
  const family = (help: string, type: Family['type'] = 'counter'): Family => ({
    help,
    type,
    values: new Map(),
  });
  const families = {
    cloud_token_token_requests_total: family(
      'Token requests sent to the token endpoint, by outcome.',
    ),
    cloud_token_token_renewals_total: family(
      'Tokens adopted, by reason and by where they came from.',
    ),
    cloud_token_guard_cooldowns_total: family(
      'Times the endpoint guard started refusing token requests, by reason.',
    ),
    cloud_token_api_calls_total: family('API calls the proxy answered, by HTTP status.'),
    cloud_token_api_replays_total: family('API calls sent again with a renewed token after a 401.'),
    cloud_token_api_retries_total: family(
      'API calls sent again after waiting out a 429 or 503, by status.',
    ),
    cloud_token_facade_requests_total: family(
      'Local token requests the facade answered, by outcome.',
    ),
    cloud_token_token_expiry_timestamp_seconds: family(
      'When the token in hand expires (Unix seconds); absent without one.',
      'gauge',
    ),
  };
  const add = (target: Family, labels: Record<string, string> = {}, by = 1): void => {
    const key = Object.entries(labels)
      .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
      .join(',');
    target.values.set(key, (target.values.get(key) ?? 0) + by);
  };
  // Series that exist from the start, so a rate() sees their first increase.
  for (const outcome of ['issued', 'rejected', 'rate_limited', 'failed']) {
    add(families.cloud_token_token_requests_total, { outcome }, 0);
  }
  for (const outcome of ['issued', 'refused', 'failed']) {
    add(families.cloud_token_facade_requests_total, { outcome }, 0);
  }
  add(families.cloud_token_api_replays_total, {}, 0);

  const acquire = tracingChannel<TokenAcquireContext>(CLOUD_TOKEN_CHANNELS.tokenAcquire);
  const ignore = (): void => undefined;
  const acquireHandlers = {
    start: ignore,
    end: ignore,
    asyncStart: ignore,
    asyncEnd(context: TokenAcquireContext) {
      if (context.client !== client || context.error !== undefined) return;
      add(families.cloud_token_token_requests_total, { outcome: 'issued' });
    },
    error(context: TokenAcquireContext) {
      if (context.client !== client) return;
      add(families.cloud_token_token_requests_total, {
        outcome: tokenRequestOutcome(context.error),
      });
    },
  };
  const plain: [string, (message: unknown) => void][] = [
    [
      CLOUD_TOKEN_CHANNELS.tokenRenewed,
      (message) => {
        const event = message as TokenRenewedEvent;
        if (event.client !== client) return;
        const from = event.from === 'store' ? 'store' : 'token_endpoint';
        add(families.cloud_token_token_renewals_total, { reason: event.reason, from });
      },
    ],
    [
      CLOUD_TOKEN_CHANNELS.guardCooldown,
      (message) => {
        const event = message as GuardCooldownEvent;
        if (event.client !== client || event.state !== 'entered') return;
        add(families.cloud_token_guard_cooldowns_total, {
          reason: event.reason.replace(/ /g, '_'),
        });
      },
    ],
    [
      CLOUD_TOKEN_CHANNELS.callReplayed,
      (message) => {
        if ((message as CallEvent).client === client) add(families.cloud_token_api_replays_total);
      },
    ],
    [
      CLOUD_TOKEN_CHANNELS.callRetried,
      (message) => {
        const event = message as CallEvent;
        if (event.client !== client) return;
        add(families.cloud_token_api_retries_total, { status: String(event.status) });
      },
    ],
  ];
  acquire.subscribe(acquireHandlers);
  for (const [name, handler] of plain) subscribe(name, handler);

  return {
    countCall: (status) => add(families.cloud_token_api_calls_total, { status: String(status) }),
    countFacade: (outcome) => add(families.cloud_token_facade_requests_total, { outcome }),
    render() {
      const expiry = families.cloud_token_token_expiry_timestamp_seconds.values;
      expiry.clear();
      const expiresAt = source.status?.().expiresAt;
      if (expiresAt !== undefined) expiry.set('', Math.floor(expiresAt / 1_000));
      const lines: string[] = [];
      for (const [name, { help, type, values }] of Object.entries(families)) {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
        for (const [labels, value] of values) {
          lines.push(`${name}${labels === '' ? '' : `{${labels}}`} ${value}`);
        }
      }
      return `${lines.join('\n')}\n`;
    },
    stop() {
      acquire.unsubscribe(acquireHandlers);
      for (const [name, handler] of plain) unsubscribe(name, handler);
    },
  };
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
