import { createTokenRejections, type TokenRejections } from '../call/token-rejections.js';
import type { AccessToken } from '../shared/access-token.js';
import { type Clock, systemClock } from '../shared/clock.js';
import type { CompleteLogger } from '../shared/safe-logger.js';

/**
 * What the code that works on a token source's behalf (the call tracker, the
 * readiness probe) needs of the source beyond {@link TokenSource}: where it
 * logs, the clock its times are read on, and what its calls remember about
 * refused tokens (shared by every adapter on the source).
 *
 * @example
 * ```ts
 * const { log, clock, rejections } = sourceState(source);
 * ```
 */
export interface SourceState {
  /** The source's logger; `undefined` for a source `createTokenSource` did not make. */
  readonly log: CompleteLogger | undefined;
  /** The source's clock: `status()` times are epoch ms on it. */
  readonly clock: Clock;
  readonly rejections: TokenRejections;
  /**
   * The cached token, when `getToken()` without options would resolve to it
   * now, read without a promise (starting the background renewal such a call
   * would start); `undefined` when only `getToken()` can tell, and for a
   * source `createTokenSource` did not make. Lets a call that finds a token
   * skip a tick.
   */
  readonly usableToken?: () => AccessToken | undefined;
}

// Symbol.for: a CommonJS and an ESM copy of this package loaded together read
// each other's sources.
const stateKey = Symbol.for('@cloud-token/core.source-state');

/**
 * Puts `state` on `source` itself (a non-enumerable symbol property: no
 * `JSON.stringify`, spread or `Object.keys` shows it), so it lives and goes
 * with the source and no module keeps a map of sources.
 *
 * @example
 * ```ts
 * attachSourceState(source, { log, clock, rejections: createTokenRejections() });
 * ```
 */
export function attachSourceState(source: object, state: SourceState): void {
  Object.defineProperty(source, stateKey, { value: state });
}

/**
 * The state of `source`: what `createTokenSource` attached, or for any other
 * token source (an application's own) a state with no logger and the system
 * clock, attached on first use so that every adapter on that source shares
 * it. A source that cannot take a property (frozen) gets a fresh state per
 * call: each adapter on it then remembers refusals on its own.
 *
 * @example
 * ```ts
 * sourceState(source).log?.debug('replaying the call with a renewed token', { client });
 * ```
 */
export function sourceState(source: object): SourceState {
  if (Object.hasOwn(source, stateKey)) {
    return (source as { [stateKey]: SourceState })[stateKey];
  }
  const state: SourceState = {
    log: undefined,
    clock: systemClock,
    rejections: createTokenRejections(),
  };
  if (Object.isExtensible(source)) attachSourceState(source, state);
  return state;
}
