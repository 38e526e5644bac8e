/**
 * A token at rest: what a {@link TokenStore} keeps per credential. The value
 * is the raw access token (a store that leaves the process should encrypt
 * it). Its times are durations, never moments: the processes of a fleet do
 * not share a clock (one may run a day ahead), so a writer says how long the
 * token lives yet and the store keeps the deadline on its own clock (Redis's
 * `TIME`, the memory store's clock), and a reader is told how long it lives
 * yet, counted from the moment the store answered.
 *
 * @example
 * ```ts
 * const record: StoredToken = { value: jwt, type: 'Bearer', expiresInMs: 3_600_000, ageMs: 0, generation: 7 };
 * ```
 */
export interface StoredToken {
  /** The access token itself. Never logged, never shown. */
  readonly value: string;
  /** The token type the server gave (`Bearer`). */
  readonly type: string;
  /** How long the token lives yet, in ms, from the moment of the write (or of the read). */
  readonly expiresInMs: number;
  /**
   * Optional: how long ago it was obtained from the token endpoint, in ms, at
   * the same moment. A reader takes a token without it as just obtained: its
   * remaining life is its lifetime, and a 401 to it counts as a renewal that
   * did not help.
   */
  readonly ageMs?: number | undefined;
  /** The fencing generation of the lock under which it was obtained. */
  readonly generation: number;
}

/**
 * A renewal lock held by one process: who holds it and the fencing
 * generation it was granted with. Only its owner may release it; a token
 * written under an older generation than the stored one is refused.
 *
 * A store should hand over, with the lock, what it held for the credential
 * at the moment it granted it (`snapshot`, read in the same atomic step):
 * the holder then sees the token or the refusal its predecessor wrote
 * between the holder's own read and its lock request, without another
 * round trip. A lock without a snapshot makes the token source read again.
 *
 * @example
 * ```ts
 * const lock: StoreLock | undefined = await store.acquireLock(key, 35_000);
 * if (lock?.snapshot?.token) console.log('the previous holder renewed it already');
 * if (lock) await store.releaseLock(key, lock);
 * ```
 */
export interface StoreLock {
  /** A random value identifying the holder. */
  readonly owner: string;
  /** Incremented at every grant; a write carries it and the store checks it. */
  readonly generation: number;
  /** What the store held for the key when it granted the lock (see above). */
  readonly snapshot?: StoreSnapshot | undefined;
}

/**
 * The endpoint guard's state for one credential, as a store hands it to a
 * reader: every time a duration counted from the moment the store answered,
 * measured on the store's own clock (never a moment written by a process:
 * see {@link StoredToken}). A deadline that has passed reads as 0.
 *
 * @example
 * ```ts
 * const state: GuardRecord = { rejectedForMs: 0, rateLimitedForMs: 60_000, rateLimitedSinceMs: 0, failureAgesMs: [0] };
 * ```
 */
export interface GuardRecord {
  /** How long the credentials count as rejected yet (0: they do not). */
  readonly rejectedForMs: number;
  /** Optional: how long that rejection has been in force (a reader caps the whole by its own policy). */
  readonly rejectedSinceMs?: number | undefined;
  /** What the token endpoint said when it rejected them (secret-free). */
  readonly rejection?: {
    readonly oauthError: string;
    readonly description?: string | undefined;
    readonly upstreamStatus?: number | undefined;
  };
  /**
   * Optional: how many token requests in a row were rejected since the
   * credentials last got a token (the re-probe schedule grows with it).
   */
  readonly rejections?: number | undefined;
  /** How long a 429 (or a server's `Retry-After`) stops every token request yet (0: it does not). */
  readonly rateLimitedForMs: number;
  /** Optional: how long that cooldown has been in force (a reader caps the whole by its own policy). */
  readonly rateLimitedSinceMs?: number | undefined;
  /** How long ago each failed token request of the current window happened, oldest first. */
  readonly failureAgesMs: readonly number[];
}

/**
 * One change to a credential's guard state, applied atomically by the
 * store, every moment on the store's own clock (`now`):
 * - `failed`: a failed token request happened now; failures `windowMs` old
 *   or older are dropped;
 * - `rejectedForMs`: the credentials are rejected until `now +
 *   rejectedForMs` (a deadline only ever moves later; when it does, its
 *   "since" restarts), with `rejection` saying why, and one more rejection
 *   is counted (`rejections`);
 * - `rateLimitedForMs`: token requests stop until `now + rateLimitedForMs`
 *   (only ever later; "since" restarts when it moves);
 * - `clearRejection` (after a success, applied first): the rejection, its
 *   deadline and its count are dropped.
 *
 * @example
 * ```ts
 * await store.updateGuard(key, { failed: true, windowMs: 60_000, rateLimitedForMs: 600_000 }, 600_000);
 * ```
 */
export interface GuardUpdate {
  readonly failed?: boolean;
  readonly windowMs?: number;
  readonly rejectedForMs?: number;
  readonly rejection?: GuardRecord['rejection'];
  readonly rateLimitedForMs?: number;
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
   * at least the stored token's and its expiry (now + `expiresInMs` on the
   * store's clock) at least the stored one's; resolves whether it was. Wakes
   * the subscribers of `key`.
   */
  writeToken(key: string, token: StoredToken, lock: StoreLock): Promise<boolean>;
  /**
   * Tries to take the renewal lock for `ttlMs`; `undefined` when another
   * holder has it. The lock should carry the snapshot of `key` taken in the
   * same atomic step (see {@link StoreLock}).
   */
  acquireLock(key: string, ttlMs: number): Promise<StoreLock | undefined>;
  /** Releases `lock` if it is still held by its owner; otherwise does nothing. */
  releaseLock(key: string, lock: StoreLock): Promise<void>;
  /**
   * Applies `update` atomically (see {@link GuardUpdate}) and returns the new
   * state as a reader would read it; the record lives at least `ttlMs`.
   */
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
   * after the call start clean, and a running source drops what it learned
   * from the store the next time it looks (a refusing source looks at most
   * every 250 ms, when a caller asks for a token).
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
