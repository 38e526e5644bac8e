import type { Clock, Logger } from '@cloud-token/core';
import type { TokenStore } from '@cloud-token/core/store';

/**
 * The smallest capability the store needs: send one command and resolve with
 * its reply, or reject with Redis's error. Any client can provide it.
 *
 * @example
 * ```ts
 * const sendCommand: SendCommand = (...args) => ioredis.call(...(args as [string, ...string[]]));
 * ```
 */
export type SendCommand = (...args: string[]) => Promise<unknown>;

/**
 * The cluster form of {@link SendCommand}: it also receives the key the
 * command touches, so the client can route it to the node that owns the
 * key's slot (every key of one credential shares one slot).
 *
 * @example
 * ```ts
 * const sendClusterCommand: SendClusterCommand = (key, args) => cluster.sendCommand(key, false, args);
 * ```
 */
export type SendClusterCommand = (key: string, args: string[]) => Promise<unknown>;

/**
 * A dedicated pub/sub connection, for clients the store cannot duplicate by
 * itself (the `sendCommand` forms). `subscribe` calls `onMessage` for every
 * message published on `channel` until `unsubscribe(channel)`.
 *
 * @example
 * ```ts
 * const subscriber: RedisSubscriber = {
 *   async subscribe(channel, onMessage) {
 *     sub.on('message', (ch: string) => ch === channel && onMessage());
 *     await sub.subscribe(channel);
 *   },
 *   async unsubscribe(channel) { await sub.unsubscribe(channel); },
 *   async close() { sub.disconnect(); },
 * };
 * ```
 */
export interface RedisSubscriber {
  subscribe(channel: string, onMessage: () => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * An ioredis client (`Redis` or `Cluster`, ioredis 5 or 6), described by the
 * methods the store uses so that ioredis stays an optional peer dependency.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client: IoRedisLike = new Redis(process.env.REDIS_URL);
 * ```
 */
export interface IoRedisLike {
  call(...args: never[]): unknown;
  duplicate(...args: never[]): unknown;
}

/**
 * A node-redis client or cluster (the `redis` package, 4 to 6), described by
 * the methods the store uses so that `redis` stays an optional peer dependency.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: NodeRedisLike = await createClient({ url: process.env.REDIS_URL }).connect();
 * ```
 */
export interface NodeRedisLike {
  sendCommand(...args: never[]): unknown;
  duplicate(...args: never[]): unknown;
}

/**
 * An AES-256-GCM key for encryption at rest: 32 bytes, or their base64 or
 * hex spelling.
 *
 * @example
 * ```ts
 * const key: EncryptionKey = process.env.CLOUD_TOKEN_STORE_KEY; // 64 hex digits
 * ```
 */
export type EncryptionKey = string | Uint8Array;

/**
 * Options of {@link redisTokenStore}. Give exactly one of `client`,
 * `sendCommand` or `sendClusterCommand`.
 *
 * @example
 * ```ts
 * const options: RedisTokenStoreOptions = {
 *   client: new Redis(process.env.REDIS_URL),
 *   encryption: { keys: [process.env.CLOUD_TOKEN_STORE_KEY] },
 * };
 * ```
 */
export interface RedisTokenStoreOptions {
  /** An ioredis (`Redis`, `Cluster`) or node-redis (client, cluster) instance; the store never closes it. */
  client?: IoRedisLike | NodeRedisLike;
  /** Sends one command to a single Redis server (or through a proxy that routes it). */
  sendCommand?: SendCommand;
  /** Sends one command to the cluster node that owns `key`. */
  sendClusterCommand?: SendClusterCommand;
  /** The first segment of every key: `<keyPrefix>:{<store key>}:token`; default `ct`. */
  keyPrefix?: string;
  /**
   * Encrypts the token at rest (AES-256-GCM, a random 96-bit IV, the store
   * key as associated data). `keys[0]` encrypts; every key decrypts, so a
   * rotation is `[next, current]` until the old tokens expire.
   */
  encryption?: { keys: readonly EncryptionKey[] };
  /**
   * The wake-up of waiting instances when a new token is written. `true`
   * (default with `client`): a dedicated connection from `client.duplicate()`.
   * A function: called once, at the first subscription, for a
   * {@link RedisSubscriber} (the way to get pub/sub with `sendCommand`).
   * `false` (default with `sendCommand`): off; waiting instances poll.
   */
  pubsub?: boolean | (() => RedisSubscriber | Promise<RedisSubscriber>);
  /** How long one store call may take before it rejects (the token source then goes local); default 1000 ms. */
  commandTimeoutMs?: number;
  /**
   * Time for command timeouts and token record lifetimes; default
   * `systemClock`. Give the clock your token sources use.
   */
  clock?: Clock;
  /** Where outages are reported, once each (secret-free fields only); default: nowhere. */
  logger?: Logger;
}

/**
 * A {@link TokenStore} kept in Redis, shared by every process that uses the
 * same Redis and the same credentials.
 *
 * @example
 * ```ts
 * const store: RedisTokenStore = redisTokenStore({ client });
 * const source = createTokenSource(clientCredentials(credentials), { store });
 * // at shutdown, after the source:
 * await store.close();
 * ```
 */
export interface RedisTokenStore extends TokenStore {
  readonly shared: true;
  /** The Redis keys of one credential's records (all in one cluster slot). */
  keysOf(storeKey: string): RedisStoreKeys;
  /**
   * Forgets one credential's guard state in Redis (its rejection, 429
   * cooldown and failure budget), for every instance of the fleet: the
   * token and the renewal lock stay. Instances started afterwards request
   * again; running ones keep what they merged until they restart.
   */
  clearGuard(storeKey: string): Promise<void>;
  /** Who holds one credential's renewal lock now, and for how much longer; `undefined` when it is free. */
  readLock(storeKey: string): Promise<RedisLockHolder | undefined>;
  /** Closes the store's own pub/sub connection; the client you gave stays open. */
  close(): Promise<void>;
}

/**
 * The holder of a credential's renewal lock, as {@link RedisTokenStore.readLock}
 * reads it: its random owner id (no secret, no token) and the lock's remaining TTL.
 *
 * @example
 * ```ts
 * const holder: RedisLockHolder | undefined = await store.readLock(grant.storeKey);
 * if (holder) console.log(`held for ${holder.expiresInMs} ms more`);
 * ```
 */
export interface RedisLockHolder {
  readonly owner: string;
  readonly expiresInMs: number;
}

/**
 * The Redis keys that hold one credential's records. They share one hash
 * tag, `{<store key>}`, so a cluster keeps them in one slot.
 *
 * @example
 * ```ts
 * store.keysOf(key); // { token: 'ct:{3f9a…}:token', lock: 'ct:{3f9a…}:lock', … }
 * ```
 */
export interface RedisStoreKeys {
  readonly token: string;
  readonly lock: string;
  readonly guard: string;
  readonly gen: string;
  /** The pub/sub channel a new token is announced on. */
  readonly channel: string;
}
