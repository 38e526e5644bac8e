import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import type { RedisTokenStoreOptions } from '../src/index.js';
import * as redisPackage from '../src/index.js';

/*
 * redisTokenStore, this package's one function, reads its options through
 * its schema: a misspelt key (nested ones too) is refused with a
 * did-you-mean, and a polluted Object.prototype changes nothing.
 */

// Never connected: option checks happen before any command.
const client = new Redis({ lazyConnect: true });
afterAll(() => client.disconnect());

/** Every key of the options, the encryption group's included; a key added to the type must be added here. */
const keys: Record<keyof RedisTokenStoreOptions | 'keys', true> = {
  client: true,
  sendCommand: true,
  sendClusterCommand: true,
  keyPrefix: true,
  encryption: true,
  pubsub: true,
  commandTimeoutMs: true,
  clock: true,
  logger: true,
  keys: true,
};

it('has one function, redisTokenStore', () => {
  expect(Object.keys(redisPackage)).toEqual(['redisTokenStore']);
});

it.each([
  [{ client, commandTimeoutMS: 5 }, 'commandTimeoutMS', 'commandTimeoutMs'],
  [{ client, encryption: { kyes: [] } }, 'encryption.kyes', 'encryption.keys'],
])('refuses a misspelt key with a did-you-mean (%#)', (options, key, meant) => {
  const make = () => redisPackage.redisTokenStore(options as never);
  expect(make).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: key }));
  expect(make).toThrow(`did you mean "${meant}"?`);
});

it('reads nothing inherited from Object.prototype', async () => {
  // A symbol is a value no rule accepts: reading an inherited key would throw.
  for (const key of Object.keys(keys)) {
    Object.defineProperty(Object.prototype, key, { value: Symbol(), configurable: true });
  }
  try {
    await redisPackage.redisTokenStore({ client, pubsub: false }).close();
  } finally {
    for (const key of Object.keys(keys)) Reflect.deleteProperty(Object.prototype, key);
  }
});
