import { randomBytes } from 'node:crypto';
import type {
  GuardRecord,
  GuardUpdate,
  StoredToken,
  StoreLock,
  StoreSnapshot,
} from '@cloud-token/core/store';
import {
  acquireLockScript,
  clearGuardScript,
  type LuaScript,
  readLockScript,
  readScript,
  releaseLockScript,
  timeScript,
  updateGuardScript,
  writeTokenScript,
} from './lua-scripts.js';
import { outageLog, storeError } from './outage-log.js';
import { type RedisStoreSettings, readRedisStoreOptions } from './read-options.js';
import { clientConnection, type RedisConnection } from './redis-connection.js';
import { runScript } from './run-script.js';
import { storeKeys } from './store-keys.js';
import { tokenCodec } from './token-codec.js';
import type { RedisLockHolder, RedisTokenStore, RedisTokenStoreOptions } from './types.js';
import { wakeUps } from './wake-ups.js';
import { withCommandTimeout } from './with-command-timeout.js';

/** The fencing counter outlives any token by far; it expires only when a credential is long unused. */
const GENERATION_TTL_MS = 7 * 24 * 3_600_000;
/** A token record stays a little past its expiry, so the fenced write still compares against it. */
const TOKEN_GRACE_MS = 5_000;

/** What `updateGuard` answers should the record be gone (it never is: the script has just written it). */
const emptyGuard: GuardRecord = Object.freeze({
  rejectedForMs: 0,
  rateLimitedForMs: 0,
  failureAgesMs: Object.freeze([]) as readonly number[],
});

function connectionOf(settings: RedisStoreSettings): RedisConnection {
  const { target, pubsub } = settings;
  switch (target.kind) {
    case 'client':
      return clientConnection(target.client, pubsub === true);
    case 'sendCommand':
      return { send: (_key, args) => target.sendCommand(...args) };
    case 'sendClusterCommand':
      return { send: (key, args) => target.sendClusterCommand(key, args) };
  }
}

function text(reply: unknown): string {
  if (typeof reply === 'string') return reply;
  if (reply instanceof Uint8Array) return Buffer.from(reply).toString('utf8');
  if (typeof reply === 'number' || typeof reply === 'bigint') return String(reply);
  return '';
}

function texts(reply: unknown, length: number): string[] {
  if (!Array.isArray(reply) || reply.length !== length) {
    throw new Error('Redis answered a store script with an unexpected reply');
  }
  return reply.map(text);
}

function integer(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(Math.trunc(value));
}

function readRejection(json: string): GuardRecord['rejection'] {
  if (json === '') return undefined;
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    if (typeof parsed.oauthError !== 'string') return undefined;
    return {
      oauthError: parsed.oauthError,
      ...(typeof parsed.description === 'string' && { description: parsed.description }),
      ...(typeof parsed.upstreamStatus === 'number' && { upstreamStatus: parsed.upstreamStatus }),
    };
  } catch {
    return undefined;
  }
}

/** A duration field of a script's answer: '' reads as absent. */
function duration(field: string | undefined): number | undefined {
  if (field === undefined || field === '') return undefined;
  const value = Number(field);
  return Number.isFinite(value) ? value : undefined;
}

/** The guard part of a script's answer (7 fields), or `undefined` when there is no record. */
function guardRecord(fields: readonly string[]): GuardRecord | undefined {
  if (fields.every((field) => field === '')) return undefined;
  const [rejectedFor, rejectedSince, rejection, rejections, limitedFor, limitedSince, ages] =
    fields;
  const parsed = readRejection(rejection ?? '');
  const rejectedSinceMs = duration(rejectedSince);
  const rateLimitedSinceMs = duration(limitedSince);
  return {
    rejectedForMs: duration(rejectedFor) ?? 0,
    ...(rejectedSinceMs !== undefined && { rejectedSinceMs }),
    ...(parsed !== undefined && { rejection: parsed }),
    rejections: duration(rejections) ?? 0,
    rateLimitedForMs: duration(limitedFor) ?? 0,
    ...(rateLimitedSinceMs !== undefined && { rateLimitedSinceMs }),
    failureAgesMs: (ages ?? '')
      .split(',')
      .filter((entry) => entry !== '')
      .map(Number),
  };
}

/**
 * A {@link TokenStore} in Redis, so that every instance of an application
 * shares one token, one renewer and one endpoint guard per credential. Plug it
 * into `createTokenSource(grant, { store })` (or any adapter's `store`
 * option). The hot path stays in process: a cached `getToken()` never calls
 * Redis. When Redis is down, slow or failing over, every method rejects within
 * `commandTimeoutMs` and the token source goes on with its own path.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { clientCredentials, createTokenSource } from '@cloud-token/core';
 * import { redisTokenStore } from '@cloud-token/redis';
 *
 * const store = redisTokenStore({
 *   client: new Redis(process.env.REDIS_URL),
 *   encryption: { keys: [process.env.CLOUD_TOKEN_STORE_KEY] },
 * });
 * const source = createTokenSource(clientCredentials(credentials), { store });
 * ```
 */
export function redisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  const settings = readRedisStoreOptions(options);
  const connection = connectionOf(settings);
  const codec = tokenCodec(settings.encryptionKeys);
  const outages = outageLog(settings.logger);
  const { commandTimeoutMs, keyPrefix, pubsub, clock } = settings;

  async function run(
    operation: string,
    script: LuaScript,
    keys: readonly string[],
    args: readonly string[],
  ): Promise<unknown> {
    try {
      const reply = await withCommandTimeout(
        () => runScript(connection, script, keys, args),
        commandTimeoutMs,
        clock,
      );
      outages.succeeded();
      return reply;
    } catch (error) {
      outages.failed(operation, error);
      throw storeError(operation, error);
    }
  }

  const keysOf = (storeKey: string) => storeKeys(keyPrefix, storeKey);

  /**
   * A snapshot from the token part and the guard part of a script's answer
   * (12 fields). The token's moments are Redis's: only their differences
   * from Redis's now (the first field) leave this function.
   */
  function snapshotOf(key: string, fields: readonly string[]): StoreSnapshot {
    const [now = '', generation = '', expiresAt = '', obtainedAt = '', blob = '', ...rest] = fields;
    const encoded =
      blob === ''
        ? undefined
        : codec.decode(key, blob, {
            generation: Number(generation),
            expiresAt: Number(expiresAt),
            obtainedAt: Number(obtainedAt),
          });
    const guard = guardRecord(rest);
    const redisNow = Number(now);
    return {
      ...(encoded !== undefined && {
        token: {
          value: encoded.value,
          type: encoded.type,
          generation: encoded.generation,
          expiresInMs: encoded.expiresAt - redisNow,
          ageMs: Math.max(0, redisNow - encoded.obtainedAt),
        },
      }),
      ...(guard !== undefined && { guard }),
    };
  }

  /** Redis's clock, in ms, on the node that owns `key`. */
  async function redisNow(operation: string, key: string): Promise<number> {
    const [seconds = '', micros = ''] = texts(await run(operation, timeScript, [key], []), 2);
    return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
  }

  const openSubscriber =
    typeof pubsub === 'function' ? pubsub : pubsub ? connection.subscriber : undefined;
  const wakeUpsOf =
    openSubscriber === undefined
      ? undefined
      : wakeUps(openSubscriber, commandTimeoutMs, outages, clock);

  const store: RedisTokenStore = {
    shared: true,
    keysOf,

    async read(key: string): Promise<StoreSnapshot> {
      const keys = keysOf(key);
      const reply = texts(await run('read', readScript, [keys.token, keys.guard], []), 12);
      return snapshotOf(key, reply);
    },

    async writeToken(key: string, token: StoredToken, lock: StoreLock): Promise<boolean> {
      const keys = keysOf(key);
      // The token's moments on Redis's clock (never this process's), carried
      // by the blob too. `TIME` answered somewhere within the round trip, so
      // the round trip is taken off the expiry (its life is never overstated)
      // and not added to its age (a renewal is never taken for an older token).
      const asked = clock.now();
      const now = await redisNow('writeToken', keys.token);
      const inFlight = Math.max(0, Math.ceil(clock.now() - asked));
      const expiresAt = now + Math.trunc(token.expiresInMs) - inFlight;
      const obtainedAt = now - Math.max(0, Math.trunc(token.ageMs ?? 0));
      const blob = codec.encode(key, {
        value: token.value,
        type: token.type,
        generation: lock.generation,
        expiresAt,
        obtainedAt,
      });
      const reply = await run(
        'writeToken',
        writeTokenScript,
        [keys.token],
        [
          integer(lock.generation),
          integer(expiresAt),
          integer(obtainedAt),
          blob,
          String(Math.max(1_000, Math.ceil(token.expiresInMs) + TOKEN_GRACE_MS)),
          keys.channel,
        ],
      );
      return text(reply) === '1';
    },

    async acquireLock(key: string, ttlMs: number): Promise<StoreLock | undefined> {
      const keys = keysOf(key);
      const owner = randomBytes(16).toString('hex');
      const reply = await run(
        'acquireLock',
        acquireLockScript,
        [keys.lock, keys.gen, keys.token, keys.guard],
        [owner, String(Math.max(1, Math.ceil(ttlMs))), String(GENERATION_TTL_MS)],
      );
      const [generation = ''] = Array.isArray(reply) ? [text(reply[0])] : [''];
      if (generation === '') return undefined;
      const [, ...fields] = texts(reply, 13);
      return { owner, generation: Number(generation), snapshot: snapshotOf(key, fields) };
    },

    async releaseLock(key: string, lock: StoreLock): Promise<void> {
      const keys = keysOf(key);
      await run('releaseLock', releaseLockScript, [keys.lock], [lock.owner]);
    },

    async updateGuard(key: string, update: GuardUpdate, ttlMs: number): Promise<GuardRecord> {
      const keys = keysOf(key);
      const rejection =
        update.rejection === undefined
          ? ''
          : JSON.stringify({
              oauthError: update.rejection.oauthError,
              description: update.rejection.description,
              upstreamStatus: update.rejection.upstreamStatus,
            });
      const reply = await run(
        'updateGuard',
        updateGuardScript,
        [keys.guard],
        [
          update.failed === true ? '1' : '',
          integer(update.windowMs),
          integer(update.rejectedForMs),
          rejection,
          integer(update.rateLimitedForMs),
          update.clearRejection === true ? '1' : '0',
          String(Math.max(1, Math.ceil(ttlMs))),
        ],
      );
      return guardRecord(texts(reply, 7)) ?? emptyGuard;
    },

    async clearGuard(key: string): Promise<void> {
      await run('clearGuard', clearGuardScript, [keysOf(key).guard], []);
    },

    async readLock(key: string): Promise<RedisLockHolder | undefined> {
      const [owner = '', remaining = ''] = texts(
        await run('readLock', readLockScript, [keysOf(key).lock], []),
        2,
      );
      return owner === '' ? undefined : { owner, expiresInMs: Math.max(0, Number(remaining)) };
    },

    async close(): Promise<void> {
      await wakeUpsOf?.close();
    },
  };

  if (wakeUpsOf !== undefined) {
    store.subscribe = (key: string, listener: () => void): (() => void) =>
      wakeUpsOf.listen(keysOf(key).channel, listener);
  }
  return Object.freeze(store);
}
