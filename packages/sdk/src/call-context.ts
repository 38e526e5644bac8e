import { AsyncLocalStorage } from 'node:async_hooks';
import type { AccessToken } from '@cloud-token/core';
import type { CallTracker, CallTracking } from '@cloud-token/core/adapter';

/**
 * One call of an SDK method as the bridge follows it: its tracker (the core's
 * bookkeeping of the token it carried, its replays and retries) and the error
 * the token source raised, if it did — several SDKs replace that error with
 * their own `Error("Authorization failed")`, and the caller should get ours.
 */
export interface BridgedCall {
  /** The bridged configuration it runs on: a call of one bridge never counts for another. */
  readonly owner: object;
  /** Makes the tracker, with the call policy of the client whose method was called. */
  readonly tracking: CallTracking;
  /** Made when the call's first request asks for the token (the HTTP method is known then). */
  tracker: CallTracker | undefined;
  /** Every token its requests carried: scrubbed from what the SDK hands back. */
  readonly tokens: AccessToken[];
  sourceError: unknown;
}

/**
 * The call in progress: an SDK's `applyToRequest` runs inside the method
 * call that needs the token, in its chain of awaits, so it finds the call
 * here without the SDK passing it along.
 */
export const bridgedCalls = new AsyncLocalStorage<BridgedCall>();
