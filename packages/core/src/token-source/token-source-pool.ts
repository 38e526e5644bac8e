import { InvalidOptionsError, UsageError } from '../shared/errors.js';
import { functionRule, numberRule } from '../shared/option-rules.js';
import { optionsSchema } from '../shared/options-schema.js';
import { clientCredentials } from '../token-endpoint/client-credentials.js';
import type { ClientCredentialsOptions } from '../token-endpoint/client-credentials-options.js';
import type { ClientCredentialsGrant, TokenSource } from '../types.js';
import { createTokenSource } from './token-source.js';

/**
 * How many token sources a {@link TokenSourcePool} keeps by default.
 *
 * @example
 * ```ts
 * createTokenSourcePool({ maxSize: DEFAULT_TOKEN_SOURCE_POOL_SIZE * 2 });
 * ```
 */
export const DEFAULT_TOKEN_SOURCE_POOL_SIZE = 100;

/**
 * Options of {@link createTokenSourcePool}.
 *
 * @example
 * ```ts
 * const options: TokenSourcePoolOptions = {
 *   maxSize: 500,
 *   create: (grant) => createTokenSource(grant, { logger: console }),
 * };
 * ```
 */
export interface TokenSourcePoolOptions {
  /**
   * The most token sources kept at once (an integer of 1 or more; default
   * {@link DEFAULT_TOKEN_SOURCE_POOL_SIZE}). Beyond it the least recently used
   * source is closed and dropped. Keep it above the number of tenants served
   * at the same moment: a request still using an evicted source fails with
   * `ERR_USAGE`.
   */
  maxSize?: number;
  /** Makes the source of a credential the pool has not seen; default `createTokenSource(grant)`. */
  create?: (grant: ClientCredentialsGrant) => TokenSource;
}

/**
 * The schema of {@link TokenSourcePoolOptions}.
 *
 * @example
 * ```ts
 * tokenSourcePoolSchema.read({ maxsize: 5 }); // throws: … did you mean "maxSize"?
 * ```
 */
export const tokenSourcePoolSchema = optionsSchema<TokenSourcePoolOptions>()({
  maxSize: numberRule('count', DEFAULT_TOKEN_SOURCE_POOL_SIZE),
  create: functionRule((grant: ClientCredentialsGrant): TokenSource => createTokenSource(grant)),
});

/**
 * Token sources kept per credential, for applications that call the cloud
 * on behalf of many tenants, each with its own client credentials.
 *
 * @example
 * ```ts
 * const pool = createTokenSourcePool({ maxSize: 200 });
 * const source = pool.get({ tokenUrl, clientId: tenant.clientId, clientSecret: tenant.clientSecret });
 * const token = await source.getToken();
 * ```
 */
export interface TokenSourcePool {
  /**
   * The source of these credentials: the same one for the same
   * `clientCredentials(credentials).storeKey` (the credential's one key),
   * made on first use by `create` when given, else by the pool's own
   * `create` (so two callers with their own source options share the first
   * one's source). Throws `InvalidOptionsError` for invalid credentials,
   * `UsageError` once closed.
   */
  get(
    credentials: ClientCredentialsOptions,
    create?: (grant: ClientCredentialsGrant) => TokenSource,
  ): TokenSource;
  /** How many sources the pool holds now. */
  readonly size: number;
  /** Closes every source it holds; later `get()` calls throw `UsageError`. */
  close(): void;
}

/**
 * Creates a bounded, least-recently-used pool of token sources keyed by the
 * credential's one key, its store key (token URL, client id, auth method,
 * scope, resource, under an HMAC keyed by the secret). It is how cloud-token
 * shares one credential's source in a process: between the requests of one
 * tenant, and between the instances of an adapter that must share one (the
 * NestJS module's imports). Each source has its own cache, single flight and
 * endpoint guard, so one tenant's rejected credentials, lockout or cooldown
 * never touch another tenant. Evicted sources are closed; what their guard
 * knew (a rejection, a 429 cooldown, the failure budget) and their token stay
 * in the token store (by default the process-wide memory store), so a source
 * made again for an evicted tenant starts where the old one stopped. Options
 * are validated here, synchronously.
 *
 * @example
 * ```ts
 * const pool = createTokenSourcePool({
 *   maxSize: 500,
 *   create: (grant) => createTokenSource(grant, { timeoutMs: 5_000 }),
 * });
 * const token = await pool.get(credentialsOf(tenantId)).getToken();
 * // on shutdown:
 * pool.close();
 * ```
 */
export function createTokenSourcePool(options: TokenSourcePoolOptions = {}): TokenSourcePool {
  const { maxSize, create } = tokenSourcePoolSchema.read(options);
  // A Map iterates in insertion order; re-inserting on every hit keeps the
  // least recently used source first, where eviction looks.
  const sources = new Map<string, TokenSource>();
  let closed = false;

  return {
    get(credentials, createHere) {
      if (closed) throw new UsageError('This token source pool is closed');
      if (createHere !== undefined && typeof createHere !== 'function') {
        throw new InvalidOptionsError('create', 'must be a function');
      }
      const grant = clientCredentials(credentials);
      const key = grant.storeKey;
      const known = sources.get(key);
      if (known !== undefined) {
        sources.delete(key);
        sources.set(key, known);
        return known;
      }
      const source = (createHere ?? create)(grant);
      sources.set(key, source);
      if (sources.size > maxSize) evictLeastRecentlyUsed();
      return source;
    },
    get size() {
      return sources.size;
    },
    close() {
      closed = true;
      for (const source of sources.values()) source.close();
      sources.clear();
    },
  };

  function evictLeastRecentlyUsed(): void {
    const oldest = sources.entries().next().value;
    if (oldest === undefined) return;
    const [key, source] = oldest;
    sources.delete(key);
    source.close();
  }
}
