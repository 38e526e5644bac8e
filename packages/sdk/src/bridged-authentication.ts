import type { TokenSource } from '@cloud-token/core';
import type { CallTracking } from '@cloud-token/core/adapter';
import { type BridgedCall, bridgedCalls } from './call-context.js';

/**
 * What an SDK passes to `applyToRequest`: its request options (`request`'s,
 * superagent's, or axios's config), absolute URL in `uri` or `url`.
 */
interface SdkRequestOptions {
  method?: unknown;
  uri?: unknown;
  url?: unknown;
  headers?: Record<string, unknown>;
}

/** The authentication object every supported SDK asks, in the shape they call it. */
export interface BridgedAuthentication {
  applyToRequest(requestOptions: unknown, configuration: unknown): Promise<void>;
  handle401response(configuration: unknown): Promise<void>;
}

/**
 * The authentication object that replaces an SDK's own: `applyToRequest`
 * takes the token from `source` and sets `Authorization`; the SDK never
 * requests a token, so it never sends the secret it was configured with.
 *
 * A 401 is recognised when the SDK sends the very same request options again
 * (Words, PDF and Cells do that, once, after `handle401response`): the token
 * the refused request carried is settled as refused through the core's call
 * tracker — compare-and-invalidate, so a storm of 401s renews once — and the
 * replay gets the renewed token. `handle401response` itself has nothing to
 * do: it is told only the configuration, not which token was refused.
 */
export function createBridgedAuthentication(
  owner: object,
  source: TokenSource,
  tracking: CallTracking,
): BridgedAuthentication {
  const sentWithToken = new WeakMap<object, BridgedCall>();
  return {
    async applyToRequest(requestOptions) {
      if (typeof requestOptions !== 'object' || requestOptions === null) return;
      const options = requestOptions as SdkRequestOptions;
      const call = sentWithToken.get(options) ??
        callOf(owner) ?? {
          owner,
          tracking,
          tracker: undefined,
          tokens: [],
          sourceError: undefined,
        };
      const method = typeof options.method === 'string' ? options.method : 'GET';
      const tracker = call.tracker ?? call.tracking.start(method);
      call.tracker = tracker;
      if (sentWithToken.has(options) && tracker.token !== undefined) {
        tracker.settle({ status: 401, retryAfter: undefined }, true);
      }
      tracker.restartHops();
      const url = typeof options.uri === 'string' ? options.uri : options.url;
      if (typeof url !== 'string' || !tracker.mayCarryToken(url)) {
        tracker.carried(undefined);
        return;
      }
      let token: Awaited<ReturnType<TokenSource['getToken']>>;
      try {
        token = await source.getToken();
      } catch (error) {
        call.sourceError = error;
        throw error;
      }
      tracker.carried(token);
      if (!call.tokens.includes(token)) call.tokens.push(token);
      sentWithToken.set(options, call);
      options.headers ??= {};
      options.headers.Authorization = token.authorization;
    },
    async handle401response() {},
  };
}

function callOf(owner: object): BridgedCall | undefined {
  const call = bridgedCalls.getStore();
  return call?.owner === owner ? call : undefined;
}
