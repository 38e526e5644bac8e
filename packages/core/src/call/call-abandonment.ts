import type { FetchLike } from '../types.js';

/**
 * How a call learns that nobody waits for it any more, for a caller that
 * must not pay for an `AbortSignal` per call: the core's per-request
 * accessor on Node, whose every call would otherwise hand `fetch` a signal
 * that undici follows with a controller, a `WeakRef`, a finalizer and a
 * listener. It rides in `init` under {@link callAbandonmentKey} (a symbol,
 * so no `fetch` ever sees it), in place of a `signal`.
 *
 * It is also the options of the call's `getToken()`: its `signal` is read,
 * and so made, only when a token has to be waited for.
 *
 * @example
 * ```ts
 * const answer = await authorizedFetch('words/doc.docx', { [callAbandonmentKey]: departure });
 * ```
 */
export interface CallAbandonment {
  /** Aborts once nobody waits for the call; made on first read (a token wait, a `Retry-After` wait). */
  readonly signal: AbortSignal;
  /** Why the call ends once nobody waits for it (what a send it broke off rejects with); `undefined` until then. */
  readonly reason: Error | undefined;
  /**
   * Sets up one send's `init` (after every caller member is in it) so that
   * the request stops when nobody waits for it: through the dispatcher
   * where `transport` is Node's own `fetch`, else with `signal`.
   */
  arm(init: RequestInit, transport: FetchLike): void;
}

/** The `init` member that carries a call's {@link CallAbandonment}. */
export const callAbandonmentKey: unique symbol = Symbol('@cloud-token/core.call-abandonment');
