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

function guardRecord([
  rejectedUntil,
  rateLimitedUntil,
  rejection,
  failures,
]: string[]): GuardRecord {
  const record: GuardRecord = {
    rejectedUntil: Number(rejectedUntil) || 0,
    rateLimitedUntil: Number(rateLimitedUntil) || 0,
    failures: (failures ?? '')
      .split(',')
      .filter((entry) => entry !== '')
      .map(Number),
  };
  const parsed = readRejection(rejection ?? '');
  return parsed === undefined ? record : { ...record, rejection: parsed };
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
      const reply = texts(await run('read', readScript, [keys.token, keys.guard], []), 7);
      const [generation = '', expiresAt = '', blob = '', ...guard] = reply;
      const token =
        blob === '' ? undefined : codec.decode(key, blob, Number(generation), Number(expiresAt));
      const hasGuard = guard.some((field) => field !== '');
      return {
        ...(token !== undefined && { token }),
        ...(hasGuard && { guard: guardRecord(guard) }),
      };
    },

    async writeToken(key: string, token: StoredToken, lock: StoreLock): Promise<boolean> {
      const keys = keysOf(key);
      const stored: StoredToken = { ...token, generation: lock.generation };
      const ttlMs = Math.max(1_000, Math.ceil(token.expiresAt - clock.now()) + TOKEN_GRACE_MS);
      const reply = await run(
        'writeToken',
        writeTokenScript,
        [keys.token],
        [
          integer(lock.generation),
          integer(token.expiresAt),
          codec.encode(key, stored),
          String(ttlMs),
          keys.channel,
        ],
      );
      return text(reply) === '1';
    },

    async acquireLock(key: string, ttlMs: number): Promise<StoreLock | undefined> {
      const keys = keysOf(key);
      const owner = randomBytes(16).toString('hex');
      const reply = text(
        await run(
          'acquireLock',
          acquireLockScript,
          [keys.lock, keys.gen, keys.token],
          [owner, String(Math.max(1, Math.ceil(ttlMs))), String(GENERATION_TTL_MS)],
        ),
      );
      return reply === '' ? undefined : { owner, generation: Number(reply) };
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
          integer(update.failureAt),
          integer(update.windowMs),
          integer(update.rejectedUntil),
          rejection,
          integer(update.rateLimitedUntil),
          update.clearRejection === true ? '1' : '0',
          String(Math.max(1, Math.ceil(ttlMs))),
        ],
      );
      return guardRecord(texts(reply, 4));
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
