/**
 * A token at rest: what a {@link TokenStore} keeps per credential. The value
 * is the raw access token (a store that leaves the process should encrypt
 * it); times are epoch milliseconds, so every process of a fleet reads them
 * the same way.
 *
 * @example
 * ```ts
 * const record: StoredToken = { value: jwt, type: 'Bearer', expiresAt: Date.now() + 3_600_000, generation: 7 };
 * ```
 */
export interface StoredToken {
  /** The access token itself. Never logged, never shown. */
  readonly value: string;
  /** The token type the server gave (`Bearer`). */
  readonly type: string;
  /** When the token expires, epoch ms. */
  readonly expiresAt: number;
  /** The fencing generation of the lock under which it was obtained. */
  readonly generation: number;
}

/**
 * A renewal lock held by one process: who holds it and the fencing
 * generation it was granted with. Only its owner may release it; a token
 * written under an older generation than the stored one is refused.
 *
 * @example
 * ```ts
 * const lock: StoreLock | undefined = await store.acquireLock(key, 35_000);
 * if (lock) await store.releaseLock(key, lock);
 * ```
 */
export interface StoreLock {
  /** A random value identifying the holder. */
  readonly owner: string;
  /** Incremented at every grant; a write carries it and the store checks it. */
  readonly generation: number;
}

/**
 * The endpoint guard's state for one credential, as one plain record
 * (epoch milliseconds; 0 means "not set").
 *
 * @example
 * ```ts
 * const state: GuardRecord = { rejectedUntil: 0, rateLimitedUntil: Date.now() + 60_000, failures: [] };
 * ```
 */
export interface GuardRecord {
  /** Until when the credentials count as rejected. */
  readonly rejectedUntil: number;
  /** What the token endpoint said when it rejected them (secret-free). */
  readonly rejection?: {
    readonly oauthError: string;
    readonly description?: string | undefined;
    readonly upstreamStatus?: number | undefined;
  };
  /** Until when a 429 from the token endpoint stops every token request. */
  readonly rateLimitedUntil: number;
  /** When each failed token request of the current window happened, oldest first. */
  readonly failures: readonly number[];
}

/**
 * One change to a {@link GuardRecord}, applied atomically by the store:
 * `failureAt` is appended to `failures` (failures older than
 * `failureAt − windowMs` are dropped), `rejectedUntil` and
 * `rateLimitedUntil` only ever move later, and `clearRejection` (after a
 * success) drops the rejection.
 *
 * @example
 * ```ts
 * await store.updateGuard(key, { failureAt: Date.now(), windowMs: 60_000 }, 600_000);
 * ```
 */
export interface GuardUpdate {
  readonly failureAt?: number;
  readonly windowMs?: number;
  readonly rejectedUntil?: number;
  readonly rejection?: GuardRecord['rejection'];
  readonly rateLimitedUntil?: number;
  readonly clearRejection?: boolean;
}

/**
 * Everything a {@link TokenStore} holds for one credential.
 *
 * @example
 * ```ts
 * const { token, guard } = await store.read(key);
 * ```
 */
export interface StoreSnapshot {
  readonly token?: StoredToken | undefined;
  readonly guard?: GuardRecord | undefined;
}

/**
 * Where a token source keeps what outlives one source object and what a
 * fleet shares, per credential (`key` is the grant's `storeKey`: derived
 * from the credentials alone, the same in every process, never revealing
 * the secret). The in-process copy of the token stays the hot path: a cached
 * `getToken()` never calls the store.
 *
 * Every method may reject (a network store can fail); the token source then
 * falls back to its local path and never fails a call because of the store.
 * The default is a per-process memory store; `@cloud-token/redis` shares one
 * across a fleet.
 *
 * @example
 * ```ts
 * const source = createTokenSource(grant, { store: redisTokenStore({ client }) });
 * ```
 */
export interface TokenStore {
  /**
   * What is stored for `key`, in one round trip: the token (expired or not:
   * the caller decides) and the guard's state, each when present.
   */
  read(key: string): Promise<StoreSnapshot>;
  /**
   * Writes `token` obtained under `lock`. Accepted only if its generation is
   * at least the stored token's and its expiry at least the stored one's;
   * resolves whether it was. Wakes the subscribers of `key`.
   */
  writeToken(key: string, token: StoredToken, lock: StoreLock): Promise<boolean>;
  /** Tries to take the renewal lock for `ttlMs`; `undefined` when another holder has it. */
  acquireLock(key: string, ttlMs: number): Promise<StoreLock | undefined>;
  /** Releases `lock` if it is still held by its owner; otherwise does nothing. */
  releaseLock(key: string, lock: StoreLock): Promise<void>;
  /** Applies `update` atomically and returns the new state; the record lives at least `ttlMs`. */
  updateGuard(key: string, update: GuardUpdate, ttlMs: number): Promise<GuardRecord>;
  /**
   * Optional: calls `listener` when another process wrote a new token for
   * `key`. Returns an unsubscribe function. Without it, waiting sources poll.
   */
  subscribe?(key: string, listener: () => void): () => void;
  /**
   * Optional: forgets the guard's state for `key` — a recorded rejection, a
   * 429 cooldown and the failure budget's timestamps — so that the next
   * acquisition of these credentials may send a token request. The token
   * and the renewal lock stay. This is the recovery after a rejection that
   * has been fixed (a client id that was still being registered, a secret
   * mid-rotation): `cloud-token guard clear` calls it. Token sources made
   * after the call start clean; a running source keeps what it merged
   * earlier until it is made again.
   *
   * @example
   * ```ts
   * const grant = clientCredentials(credentials);
   * await store.clearGuard?.(grant.storeKey);
   * ```
   */
  clearGuard?(key: string): Promise<void>;
  /** Whether the store is shared between processes (`status().store` says `shared`). */
  readonly shared: boolean;
}
