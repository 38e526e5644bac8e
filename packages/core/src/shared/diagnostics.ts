import type * as NodeDiagnostics from 'node:diagnostics_channel';
import { nodeBuiltin } from './node-builtin.js';

/**
 * Why a token request was made: the first token of a source (`initial`),
 * a renewal inside the renewal window while the current token is still
 * served (`proactive`), or one because no usable token was left or the API
 * refused the current one (`reactive`).
 *
 * @example
 * ```ts
 * const reason: RenewalReason = 'proactive';
 * ```
 */
export type RenewalReason = 'initial' | 'proactive' | 'reactive';

/**
 * What every event carries: who the client is, never its secret. `client`
 * is the grant's label (`<clientId> at <token host>`), `storeKey` the first
 * 12 hex digits of the credential's store key (the same in every process of
 * a fleet), `serverAddress` the token endpoint's host.
 *
 * @example
 * ```ts
 * const who: ClientLabel = { client: 'app at api.aspose.cloud', storeKey: '3f9a0c1d2e4b', serverAddress: 'api.aspose.cloud' };
 * ```
 */
export interface ClientLabel {
  readonly client: string;
  readonly storeKey: string;
  readonly serverAddress: string;
}

/**
 * The context of one token request on the `cloud-token:token.acquire`
 * tracing channel. Subscribers read `expiresAt` (epoch ms) in `asyncEnd`
 * and `error` in `error`; the context object is the same through all of
 * one request's events.
 *
 * @example
 * ```ts
 * diagnostics_channel.tracingChannel('cloud-token:token.acquire').subscribe({
 *   start(context) { starts.set(context, performance.now()); },
 *   asyncEnd(context) { record(performance.now() - starts.get(context)!); },
 * });
 * ```
 */
export interface TokenAcquireContext extends ClientLabel {
  readonly reason: RenewalReason;
  /** Which attempt of one acquisition this is (1 = the first request). */
  readonly attempt: number;
  /** Set when the request succeeded: the new token's expiry. */
  expiresAt?: number;
  /** Set when the request failed: the error (a secret-free cloud-token error). */
  error?: unknown;
  /** Set by the channel on success. */
  result?: unknown;
}

/**
 * Published on `cloud-token:token.renewed` when a source adopts a new token.
 *
 * @example
 * ```ts
 * diagnostics_channel.subscribe('cloud-token:token.renewed', (event) => {
 *   const { reason, expiresAt } = event as TokenRenewedEvent;
 * });
 * ```
 */
export interface TokenRenewedEvent extends ClientLabel {
  readonly reason: RenewalReason;
  /** The expiry of the token it replaces (epoch ms), when there was one. */
  readonly previousExpiresAt: number | undefined;
  readonly expiresAt: number;
  /** `store` when the token came from the shared store (another process obtained it). */
  readonly from: 'token endpoint' | 'store';
}

/**
 * Published on `cloud-token:call.replayed` (after a 401, the call is sent
 * again with a renewed token) and `cloud-token:call.retried` (after a
 * 429/503 wait). `origin` is the API origin, never a path or query.
 *
 * @example
 * ```ts
 * diagnostics_channel.subscribe('cloud-token:call.retried', (event) => {
 *   const { status, delayMs } = event as CallEvent;
 * });
 * ```
 */
export interface CallEvent {
  readonly client: string;
  readonly method: string;
  readonly origin: string;
  readonly status: number;
  /** The wait before the retry (`call.retried` only). */
  readonly delayMs?: number;
}

/**
 * Published on `cloud-token:endpoint.throttled` when the token endpoint
 * answers 429: no token request before `until` (epoch ms).
 *
 * @example
 * ```ts
 * diagnostics_channel.subscribe('cloud-token:endpoint.throttled', (event) => {
 *   alert(`throttled until ${new Date((event as EndpointThrottledEvent).until).toISOString()}`);
 * });
 * ```
 */
export interface EndpointThrottledEvent extends ClientLabel {
  readonly until: number;
}

/**
 * Published on `cloud-token:guard.cooldown` when the endpoint guard starts
 * refusing token requests (`entered`, with `until`) and when it allows them
 * again (`left`). `reason`: the credentials were rejected, the endpoint
 * rate limited, or the failure budget is spent.
 *
 * @example
 * ```ts
 * diagnostics_channel.subscribe('cloud-token:guard.cooldown', (event) => {
 *   const { state, reason } = event as GuardCooldownEvent;
 * });
 * ```
 */
export interface GuardCooldownEvent extends ClientLabel {
  readonly state: 'entered' | 'left';
  readonly reason: 'credentials rejected' | 'rate limited' | 'failure budget spent';
  readonly until: number | undefined;
}

/**
 * Published on `cloud-token:store.fallback` when the token store fails and
 * the source renews locally (`entered`), and when the store answers again
 * (`left`). `errorName` is the failure's class name, never its message.
 *
 * @example
 * ```ts
 * diagnostics_channel.subscribe('cloud-token:store.fallback', (event) => {
 *   const { state } = event as StoreFallbackEvent;
 * });
 * ```
 */
export interface StoreFallbackEvent extends ClientLabel {
  readonly state: 'entered' | 'left';
  readonly errorName: string | undefined;
}

/**
 * The names of every channel cloud-token publishes on, for subscribers.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * import { CLOUD_TOKEN_CHANNELS } from '@cloud-token/core';
 *
 * subscribe(CLOUD_TOKEN_CHANNELS.tokenRenewed, (event) => console.log(event));
 * ```
 */
export const CLOUD_TOKEN_CHANNELS = Object.freeze({
  /** A tracing channel: `tracing:cloud-token:token.acquire:start` … `:error`. */
  tokenAcquire: 'cloud-token:token.acquire',
  tokenRenewed: 'cloud-token:token.renewed',
  callReplayed: 'cloud-token:call.replayed',
  callRetried: 'cloud-token:call.retried',
  endpointThrottled: 'cloud-token:endpoint.throttled',
  guardCooldown: 'cloud-token:guard.cooldown',
  storeFallback: 'cloud-token:store.fallback',
});

/** The part of a channel the core publishes on. */
interface PlainChannel {
  /** A boolean on Node, Bun and Deno; a method on Cloudflare Workers. */
  readonly hasSubscribers: unknown;
  publish(message: unknown): void;
}

/** The part of the `token.acquire` tracing channel the core uses. */
interface AcquireChannel {
  readonly start: PlainChannel;
  readonly end: PlainChannel;
  readonly asyncStart: PlainChannel;
  readonly asyncEnd: PlainChannel;
  readonly error: PlainChannel;
  tracePromise<T>(run: () => Promise<T>, context: TokenAcquireContext): Promise<T>;
}

// Looked up, not imported: where the runtime has no diagnostics_channel, nobody can
// subscribe, and publishing does nothing.
const diagnostics = nodeBuiltin<typeof NodeDiagnostics>('node:diagnostics_channel');
const silent: PlainChannel = { hasSubscribers: false, publish: () => undefined };
const channel = (name: string): PlainChannel => diagnostics?.channel(name) ?? silent;

const acquire = diagnostics?.tracingChannel(CLOUD_TOKEN_CHANNELS.tokenAcquire) as
  | AcquireChannel
  | undefined;
const tokenRenewed = channel(CLOUD_TOKEN_CHANNELS.tokenRenewed);
const callReplayed = channel(CLOUD_TOKEN_CHANNELS.callReplayed);
const callRetried = channel(CLOUD_TOKEN_CHANNELS.callRetried);
const endpointThrottled = channel(CLOUD_TOKEN_CHANNELS.endpointThrottled);
const guardCooldown = channel(CLOUD_TOKEN_CHANNELS.guardCooldown);
const storeFallback = channel(CLOUD_TOKEN_CHANNELS.storeFallback);

// `TracingChannel.hasSubscribers` only exists from Node 20.13: ask its channels.
const acquireChannels =
  acquire === undefined
    ? []
    : [acquire.start, acquire.end, acquire.asyncStart, acquire.asyncEnd, acquire.error];

/** Whether anybody listens on `target`, whichever form its runtime gives `hasSubscribers`. */
function listening(target: PlainChannel): boolean {
  const { hasSubscribers } = target;
  return typeof hasSubscribers === 'function'
    ? Boolean(hasSubscribers.call(target))
    : hasSubscribers === true;
}

/**
 * Runs one token request inside the `cloud-token:token.acquire` tracing
 * channel when anybody listens; otherwise just runs it (no context is built).
 *
 * @example
 * ```ts
 * const token = await traceTokenRequest(() => ({ ...label, reason, attempt }), () => request(signal));
 * ```
 */
export function traceTokenRequest<T extends { expiresAt: number }>(
  context: () => TokenAcquireContext,
  request: () => Promise<T>,
): Promise<T> {
  if (acquire === undefined || !acquireChannels.some(listening)) return request();
  const traced = context();
  return acquire.tracePromise(async () => {
    const token = await request();
    traced.expiresAt = token.expiresAt;
    return token;
  }, traced);
}

/** One publisher per plain channel: builds the event only when somebody listens. */
function publisher<E>(target: PlainChannel): (event: () => E) => void {
  return (event) => {
    if (listening(target)) target.publish(event());
  };
}

/**
 * Publishers of the plain channels; each takes a function that builds the
 * event, called only when the channel has subscribers.
 *
 * @example
 * ```ts
 * publish.tokenRenewed(() => ({ ...label, reason: 'proactive', previousExpiresAt, expiresAt, from: 'token endpoint' }));
 * ```
 */
export const publish = Object.freeze({
  tokenRenewed: publisher<TokenRenewedEvent>(tokenRenewed),
  callReplayed: publisher<CallEvent>(callReplayed),
  callRetried: publisher<CallEvent>(callRetried),
  endpointThrottled: publisher<EndpointThrottledEvent>(endpointThrottled),
  guardCooldown: publisher<GuardCooldownEvent>(guardCooldown),
  storeFallback: publisher<StoreFallbackEvent>(storeFallback),
});
