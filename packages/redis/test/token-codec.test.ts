import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisTokenStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from '../src/testing/index.js';
import { tokenCodec } from '../src/token-codec.js';

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

const secretToken = 'eyJhbGciOiJSUzI1NiJ9.the-access-token.signature';
const newKey = () => randomBytes(16).toString('hex');
const keyA = randomBytes(32);
const keyB = randomBytes(32);

async function storeToken(
  store: ReturnType<typeof redisTokenStore>,
  key: string,
  value = secretToken,
) {
  const lock = await store.acquireLock(key, 10_000);
  if (lock === undefined) throw new Error('no lock');
  await store.writeToken(
    key,
    { value, type: 'Bearer', expiresInMs: 3_600_000, generation: 0 },
    lock,
  );
  await store.releaseLock(key, lock);
  // Read back with what is left of its hour and how old it is: never more than written.
  return {
    value,
    type: 'Bearer',
    generation: lock.generation,
    expiresInMs: expect.toSatisfy((ms: number) => ms > 3_590_000 && ms <= 3_600_000),
    ageMs: expect.toSatisfy((ms: number) => ms >= 0 && ms < 10_000),
  };
}

describe('encryption at rest', () => {
  it('keeps no readable token in Redis, and reads it back', async () => {
    const store = redisTokenStore({ client, encryption: { keys: [keyA] } });
    const key = newKey();
    const written = await storeToken(store, key);
    const blob = await client.hget(store.keysOf(key).token, 'd');
    expect(blob).toMatch(/^e2\./);
    expect(blob).not.toContain('the-access-token');
    expect(Buffer.from(blob?.slice(3) ?? '', 'base64').toString('latin1')).not.toContain(
      'the-access-token',
    );
    await expect(store.read(key)).resolves.toEqual({ token: written });
  });

  it('uses a fresh IV every time: the same token encrypts differently', () => {
    const codec = tokenCodec([keyA]);
    const token = {
      value: secretToken,
      type: 'Bearer',
      generation: 1,
      expiresAt: 2,
      obtainedAt: 1,
    };
    expect(codec.encode('k', token)).not.toBe(codec.encode('k', token));
  });

  it('treats a record whose expiry, obtained moment or generation was edited in Redis as a miss', async () => {
    const store = redisTokenStore({ client, encryption: { keys: [keyA] } });
    for (const field of ['e', 'o', 'g']) {
      const key = newKey();
      await storeToken(store, key);
      const tokenKey = store.keysOf(key).token;
      const value = Number(await client.hget(tokenKey, field));
      await client.hset(tokenKey, field, String(value + 86_400_000));
      await expect(store.read(key)).resolves.toEqual({});
    }
  });

  it('rotates: [new, old] reads what old wrote and writes with new; old alone then misses', async () => {
    const key = newKey();
    const before = redisTokenStore({ client, encryption: { keys: [keyA] } });
    const written = await storeToken(before, key);
    const rotating = redisTokenStore({ client, encryption: { keys: [keyB, keyA] } });
    await expect(rotating.read(key)).resolves.toEqual({ token: written });
    const rewritten = await storeToken(rotating, key);
    await expect(
      redisTokenStore({ client, encryption: { keys: [keyB] } }).read(key),
    ).resolves.toEqual({ token: rewritten });
    await expect(before.read(key)).resolves.toEqual({});
  });

  it('accepts keys as hex or base64 as well as bytes', async () => {
    const key = newKey();
    const written = await storeToken(
      redisTokenStore({ client, encryption: { keys: [keyA] } }),
      key,
    );
    for (const spelled of [
      keyA.toString('hex'),
      keyA.toString('base64'),
      keyA.toString('base64url'),
    ]) {
      await expect(
        redisTokenStore({ client, encryption: { keys: [spelled] } }).read(key),
      ).resolves.toEqual({ token: written });
    }
  });

  it('never trusts a plain record when it encrypts, and a plain store cannot read an encrypted one', async () => {
    const [plainKey, sealedKey] = [newKey(), newKey()];
    const plain = redisTokenStore({ client });
    const sealed = redisTokenStore({ client, encryption: { keys: [keyA] } });
    const written = await storeToken(plain, plainKey);
    await expect(plain.read(plainKey)).resolves.toEqual({ token: written });
    await expect(sealed.read(plainKey)).resolves.toEqual({});
    await storeToken(sealed, sealedKey);
    await expect(plain.read(sealedKey)).resolves.toEqual({});
  });

  it('without a key, keeps the token as plain JSON (what the README warns about)', async () => {
    const store = redisTokenStore({ client });
    const key = newKey();
    await storeToken(store, key);
    expect(await client.hget(store.keysOf(key).token, 'd')).toContain(secretToken);
  });
});
