import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { InvalidOptionsError, isCloudTokenError, systemClock } from '@cloud-token/core';
import { Cluster, Redis } from 'ioredis';
import { Redis as Redis5 } from 'ioredis-v5';
import { createClient, createCluster } from 'redis';
import { createClient as createClient4 } from 'redis-v4';
import { afterAll, describe, expect, it } from 'vitest';
import { type RedisTokenStoreOptions, redisTokenStore } from '../src/index.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, readRedisStoreOptions } from '../src/read-options.js';

// Never connected: option checks happen before any command.
const client = new Redis({ lazyConnect: true });
afterAll(() => client.disconnect());
const sendCommand = async () => 'OK';

function rejected(options: unknown): InvalidOptionsError {
  try {
    redisTokenStore(options as RedisTokenStoreOptions);
  } catch (error) {
    if (error instanceof InvalidOptionsError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('redisTokenStore options', () => {
  it('has defaults: prefix ct, a 1 s command timeout, pub/sub with a client and not without', () => {
    expect(readRedisStoreOptions({ client })).toMatchObject({
      keyPrefix: 'ct',
      commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
      pubsub: true,
      encryptionKeys: [],
    });
    expect(readRedisStoreOptions({ sendCommand }).pubsub).toBe(false);
    expect(redisTokenStore({ client }).subscribe).toBeTypeOf('function');
    expect(redisTokenStore({ client, pubsub: false }).subscribe).toBeUndefined();
    expect(redisTokenStore({ sendCommand }).subscribe).toBeUndefined();
  });

  const bad: [options: unknown, option: string, problem: RegExp][] = [
    [{ client, keyPrefx: 'x' }, 'keyPrefx', /did you mean "keyPrefix"/],
    [{ client, timeoutMs: 5 }, 'timeoutMs', /is not an option here/],
    [
      { client, encryption: { keys: [randomBytes(32)], key: 1 } },
      'encryption.key',
      /did you mean "encryption.keys"/,
    ],
    [{}, 'client', /give one of/],
    [{ client, sendCommand }, 'sendCommand', /only one/],
    [{ client: {} }, 'client', /ioredis|node-redis/],
    [{ sendCommand: 'SET' }, 'sendCommand', /must be a function; got a string/],
    [{ sendClusterCommand: 1 }, 'sendClusterCommand', /function/],
    [{ sendCommand, pubsub: true }, 'pubsub', /subscriber factory/],
    [{ client, pubsub: 'yes' }, 'pubsub', /boolean/],
    [{ client, keyPrefix: '' }, 'keyPrefix', /non-empty/],
    [{ client, keyPrefix: 'a{b}' }, 'keyPrefix', /braces/],
    [{ client, commandTimeoutMs: 0 }, 'commandTimeoutMs', /greater than 0/],
    [{ client, commandTimeoutMs: '1000' }, 'commandTimeoutMs', /got a string/],
    [{ client, commandTimeoutMs: Number.POSITIVE_INFINITY }, 'commandTimeoutMs', /at most/],
    [{ client, logger: 'console' }, 'logger', /object/],
    [{ client, encryption: [] }, 'encryption', /must be an object/],
    [{ client, encryption: { keys: [] } }, 'encryption.keys', /non-empty/],
    [{ client, encryption: { keys: [randomBytes(16)] } }, 'encryption.keys[0]', /32 bytes/],
    [
      { client, encryption: { keys: [randomBytes(32), 'short'] } },
      'encryption.keys[1]',
      /32 bytes/,
    ],
  ];

  it.each(bad.map(([options, option, problem]) => ({ options, option, problem })))(
    'rejects a bad $option ($problem)',
    ({ options, option, problem }) => {
      const error = rejected(options);
      expect(isCloudTokenError(error)).toBe(true);
      expect(error.code).toBe('ERR_INVALID_OPTIONS');
      expect(error.option).toBe(option);
      expect(error.message).toMatch(problem);
    },
  );

  it('takes ioredis 5/6 clients and clusters and node-redis 4/6 clients and clusters as they are typed', () => {
    // Each line type-checks without a cast; none of these clients ever connects.
    const stores = [
      redisTokenStore({ client: new Cluster([], { lazyConnect: true }) }),
      redisTokenStore({ client: new Redis5({ lazyConnect: true }) }),
      redisTokenStore({ client: createClient() }),
      redisTokenStore({ client: createCluster({ rootNodes: [] }) }),
      redisTokenStore({ client: createClient4() }),
    ];
    expect(stores.every((store) => store.shared && store.subscribe !== undefined)).toBe(true);
  });

  it('takes a clock (default systemClock) and refuses a broken one, naming the method', () => {
    expect(readRedisStoreOptions({ client }).clock).toBe(systemClock);
    const clock = { ...systemClock, now: () => 0 };
    expect(readRedisStoreOptions({ client, clock }).clock).toBe(clock);
    expect(rejected({ client, clock: { now: () => 0 } }).option).toBe('clock.setTimeout');
    expect(rejected({ client, clock: 'system' }).option).toBe('clock');
  });

  it('rejects a non-object', () => {
    expect(rejected(null).option).toBe('options');
  });

  it('never echoes an encryption key, and keeps keys out of inspect and JSON', () => {
    const wrong = 'Zm9vYmFyYmF6cXV4c2VjcmV0a2V5bWF0ZXJpYWwxMjM0NTY3'; // base64, not 32 bytes
    const error = rejected({ client, encryption: { keys: [wrong] } });
    expect(`${error.message}${error.stack}${JSON.stringify(error)}${inspect(error)}`).not.toContain(
      wrong,
    );

    const key = randomBytes(32);
    const store = redisTokenStore({ client, encryption: { keys: [key] } });
    const shown = `${inspect(store, { depth: Number.POSITIVE_INFINITY, showHidden: true })}${JSON.stringify(store)}`;
    for (const spelled of [key.toString('hex'), key.toString('base64'), inspect(key)]) {
      expect(shown).not.toContain(spelled);
    }
  });
});
