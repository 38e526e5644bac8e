import { type Logger, systemClock } from '@cloud-token/core';
import { runWithDeadline } from '@cloud-token/core/adapter';
import { type RedisTokenStore, redisTokenStore } from '@cloud-token/redis';
import { CommandLineError } from './command-line-error.js';

/** A Redis token store on its own connection, and how to let go of both. */
export interface OpenRedisStore {
  readonly store: RedisTokenStore;
  /** `host:port` of the server: what log lines and errors may show (a URL may carry a password). */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Connects to the Redis at `url` (`redis://` or `rediss://`, with a
 * password and a database number if the URL has them) and makes a
 * `@cloud-token/redis` store on it, encrypting tokens at rest when the
 * fleet does (`CLOUD_TOKEN_STORE_KEY`, the key its processes use). ioredis is loaded only here, so the
 * commands that do not use Redis never pay for it. A connection error is
 * logged once (`address` only); the store's calls then fail within
 * `commandTimeoutMs` and the token source works without it.
 */
export async function openRedisStore(
  url: string,
  options: {
    logger: Logger | undefined;
    commandTimeoutMs: number;
    /** The fleet's encryption key for tokens at rest (`CLOUD_TOKEN_STORE_KEY`), if it has one. */
    encryptionKey: string | undefined;
  },
): Promise<OpenRedisStore> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new CommandLineError(
      '--redis (or CLOUD_TOKEN_REDIS_URL) must be a redis:// or rediss:// URL',
    );
  }
  const address = `${parsed.hostname}:${parsed.port || '6379'}`;
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    connectTimeout: options.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  });
  let reported = false;
  client.on('error', (error: { code?: unknown }) => {
    if (reported) return;
    reported = true;
    const code = typeof error.code === 'string' ? error.code : 'error';
    options.logger?.warn?.('redis connection failed', { redis: address, code });
  });
  const store = settledOnClose(
    redisTokenStore({
      client,
      commandTimeoutMs: options.commandTimeoutMs,
      ...(options.encryptionKey === undefined || options.encryptionKey === ''
        ? {}
        : { encryption: { keys: [options.encryptionKey] } }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    }),
  );
  return {
    store,
    address,
    async close() {
      await store.settle(options.commandTimeoutMs);
      await store.close();
      client.disconnect();
    },
  };
}

/**
 * The store with its calls in flight tracked, so that closing waits for
 * them: the token source releases its renewal lock without awaiting it, and
 * a connection closed under that release would leave the lock to its TTL,
 * making the next process wait.
 */
function settledOnClose(
  store: RedisTokenStore,
): RedisTokenStore & { settle(maxMs: number): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  const track =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const result = call(...args);
      pending.add(result);
      const forget = () => pending.delete(result);
      result.then(forget, forget);
      return result;
    };
  return {
    ...store,
    read: track(store.read),
    writeToken: track(store.writeToken),
    acquireLock: track(store.acquireLock),
    releaseLock: track(store.releaseLock),
    updateGuard: track(store.updateGuard),
    clearGuard: track(store.clearGuard),
    readLock: track(store.readLock),
    async settle(maxMs) {
      await runWithDeadline(() => Promise.allSettled([...pending]), {
        clock: systemClock,
        timeoutMs: maxMs,
        onTimeout: () => 'settle timeout',
      }).catch(() => undefined);
    },
  };
}
