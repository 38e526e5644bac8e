import type { AccessToken } from '../shared/access-token.js';
import { MIN_TOKEN_LIFETIME_SECONDS } from '../token-endpoint/token-answer.js';
import { renewalWindow } from './renewal-window.js';
import { decodeStoredToken } from './stored-token-codec.js';
import type { TokenSourcePolicies } from './token-source-options.js';
import type { StoredToken } from './token-store.js';

/**
 * A cached token with the moments the source acts on (epoch ms on the
 * source's clock).
 *
 * @example
 * ```ts
 * const entry: CachedToken | undefined = cache.usable(clock.now());
 * if (entry !== undefined) return entry.settled;
 * ```
 */
export interface CachedToken {
  readonly token: AccessToken;
  /** Handed to every caller on the hot path, so serving a cached token allocates nothing. */
  readonly settled: Promise<AccessToken>;
  /** From here on the token is renewed in the background while still served. */
  readonly renewAt: number;
  /** From here on the token is no longer served. */
  readonly unusableAt: number;
  /** Where it came from: a token request of this source, or the store. */
  readonly from: 'token endpoint' | 'store';
}

/**
 * The token a source serves, and the one value it refused: no I/O, no
 * timers. Reading it on the hot path (`usable`) allocates nothing.
 *
 * @example
 * ```ts
 * const cache = new TokenCache(settings, Math.random);
 * cache.hold(cache.fromEndpoint(token));
 * cache.usable(clock.now())?.settled; // the same promise for every caller
 * ```
 */
export class TokenCache {
  readonly #policies: Pick<TokenSourcePolicies, 'renewal' | 'unusable'>;
  readonly #random: () => number;
  #entry: CachedToken | undefined;
  /** The value last invalidated: never adopted again from the store. */
  #refusedValue: string | undefined;

  constructor(policies: Pick<TokenSourcePolicies, 'renewal' | 'unusable'>, random: () => number) {
    this.#policies = policies;
    this.#random = random;
  }

  /** The cached entry, usable or not. */
  get entry(): CachedToken | undefined {
    return this.#entry;
  }

  /** The cached entry while it may still be sent at `now`. */
  usable(now: number): CachedToken | undefined {
    const entry = this.#entry;
    return entry !== undefined && now < entry.unusableAt ? entry : undefined;
  }

  /**
   * The entry of a token this source obtained itself: believed for at least
   * MIN_TOKEN_LIFETIME_SECONDS, so a tiny or lying lifetime cannot turn
   * every call into a token request.
   */
  fromEndpoint(token: AccessToken): CachedToken {
    const expiresAt = Math.max(
      token.expiresAt,
      token.obtainedAt + MIN_TOKEN_LIFETIME_SECONDS * 1000,
    );
    return this.#entryOf(token, expiresAt, 'token endpoint');
  }

  /**
   * The entry of a stored token when it is usable at `now`, another one than
   * the cached token and newer, and not the refused value; otherwise
   * `undefined`. Believed only for its own life, so a stale stored token is
   * never adopted again and again.
   */
  fromStore(record: StoredToken | undefined, now: number): CachedToken | undefined {
    if (record === undefined) return undefined;
    const token = decodeStoredToken(record, now);
    if (token === undefined || token.value === this.#refusedValue) return undefined;
    const current = this.#entry;
    if (
      current !== undefined &&
      (token.value === current.token.value || token.expiresAt <= current.token.expiresAt)
    ) {
      return undefined;
    }
    const entry = this.#entryOf(token, token.expiresAt, 'store');
    return now < entry.unusableAt ? entry : undefined;
  }

  /** Makes `entry` the cached one; returns the one it replaces. */
  hold(entry: CachedToken): CachedToken | undefined {
    const previous = this.#entry;
    this.#entry = entry;
    return previous;
  }

  /**
   * Compare-and-invalidate: drops the cached token only if its value is
   * `value`, and remembers the value as refused. Returns whether it dropped it.
   */
  invalidate(value: string | undefined): boolean {
    if (this.#entry === undefined || this.#entry.token.value !== value) return false;
    this.#entry = undefined;
    this.#refusedValue = value;
    return true;
  }

  /** Forgets the cached token (the source closed). */
  clear(): void {
    this.#entry = undefined;
  }

  #entryOf(token: AccessToken, expiresAt: number, from: CachedToken['from']): CachedToken {
    const { obtainedAt } = token;
    const window = renewalWindow({ obtainedAt, expiresAt }, this.#policies, this.#random);
    const { renewAt, unusableAt } = window;
    return { token, settled: Promise.resolve(token), renewAt, unusableAt, from };
  }
}
