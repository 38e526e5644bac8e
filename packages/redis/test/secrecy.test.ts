import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisTokenStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from '../src/testing/index.js';

let server: RedisServer;
let client: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});
afterAll(async () => {
  client.disconnect();
  await server.stop();
});

const token = 'eyJhbGciOiJSUzI1NiJ9.a-secret-access-token.sig';

function everythingShown(value: unknown): string {
  return [
    String(value),
    value instanceof Error ? value.stack : '',
    JSON.stringify(value),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ].join('\n');
}

describe('secrets', () => {
  it('a failed write never carries the token in its error, though the client attaches the command to its own', async () => {
    const lines: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => lines.push(args), info: () => {} };
    const store = redisTokenStore({ client, pubsub: false, logger });
    const key = randomBytes(16).toString('hex');
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    // A token key of the wrong type: Redis answers WRONGTYPE to the write script.
    await client.set(store.keysOf(key).token, 'not a hash');
    const error = await store
      .writeToken(key, { value: token, type: 'Bearer', expiresInMs: 60_000, generation: 0 }, lock)
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/writeToken failed \(WRONGTYPE\)/);
    expect(everythingShown(error)).not.toContain('a-secret-access-token');
    expect(everythingShown(lines)).not.toContain('a-secret-access-token');
  });

  it('the encryption key never shows in the store or in what it stores', async () => {
    const encryptionKey = randomBytes(32);
    const store = redisTokenStore({ client, pubsub: false, encryption: { keys: [encryptionKey] } });
    const key = randomBytes(16).toString('hex');
    const lock = await store.acquireLock(key, 10_000);
    if (lock === undefined) throw new Error('no lock');
    await store.writeToken(
      key,
      { value: token, type: 'Bearer', expiresInMs: 60_000, generation: 0 },
      lock,
    );
    const stored = JSON.stringify(await client.hgetall(store.keysOf(key).token));
    const shown = `${everythingShown(store)}${stored}`;
    for (const spelled of [encryptionKey.toString('hex'), encryptionKey.toString('base64')]) {
      expect(shown).not.toContain(spelled);
    }
    expect(shown).not.toContain('a-secret-access-token');
  });
});
