import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKeys } from '../src/store-keys.js';
import { type RedisServer, startRedisServer } from '../src/testing/index.js';
import { crc16, keySlot } from './support/crc16.js';

describe('the keys of one credential', () => {
  it('computes slots the way Redis documents them', () => {
    expect(crc16('123456789')).toBe(0x31c3);
    expect(keySlot('foo')).toBe(12_182);
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
  });

  it('all map to one cluster slot, the slot of the store key, whatever the prefix', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 8, maxLength: 32 }),
        fc.stringMatching(/^[a-z0-9:_-]{1,12}$/),
        (bytes, prefix) => {
          const storeKey = Buffer.from(bytes).toString('hex');
          const keys = storeKeys(prefix, storeKey);
          const slots = new Set(Object.values(keys).map(keySlot));
          expect(slots).toEqual(new Set([crc16(storeKey) % 16_384]));
        },
      ),
    );
  });

  it('are named ct:{<store key>}:token|lock|guard|gen', () => {
    expect(storeKeys('ct', 'abc123')).toEqual({
      token: 'ct:{abc123}:token',
      lock: 'ct:{abc123}:lock',
      guard: 'ct:{abc123}:guard',
      gen: 'ct:{abc123}:gen',
      channel: 'ct:{abc123}:wake',
    });
  });

  it('refuse a store key that would break the hash tag', () => {
    for (const bad of ['', 'a}b', '{a', 'a b']) {
      expect(() => storeKeys('ct', bad)).toThrow(TypeError);
    }
  });

  describe('asked of a real cluster-enabled redis-server', () => {
    let server: RedisServer;
    let client: Redis;
    beforeAll(async () => {
      server = await startRedisServer({ args: ['--cluster-enabled', 'yes'] });
      client = new Redis(server.url);
    });
    afterAll(async () => {
      client.disconnect();
      await server.stop();
    });

    it('agrees: CLUSTER KEYSLOT answers one slot for every key', async () => {
      for (let i = 0; i < 20; i++) {
        const storeKey = randomBytes(16).toString('hex');
        const slots = await Promise.all(
          Object.values(storeKeys('ct', storeKey)).map((key) =>
            client.call('CLUSTER', 'KEYSLOT', key),
          ),
        );
        expect(new Set(slots)).toEqual(new Set([keySlot(`{${storeKey}}`)]));
      }
    });
  });
});
