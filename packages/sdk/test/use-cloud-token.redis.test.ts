import { randomBytes } from 'node:crypto';
import {
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  type TokenSource,
} from '@cloud-token/core';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { type RedisTokenStore, redisTokenStore } from '@cloud-token/redis';
import { type RedisServer, startRedisServer } from '@cloud-token/redis/testing';
import { GetDocumentStatisticsRequest, WordsApi } from 'asposewordscloud';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { type DetachCloudToken, useCloudToken } from '../src/index.js';

/*
 * A fleet of SDK users: four token sources, each with its own Redis
 * connection and store (as four processes would have), sharing one real
 * redis-server, each bridged to its own Words client.
 */

const FLEET = 4;
const CALLS = 100;
const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
const storeKey = randomBytes(32).toString('hex');

let redis: RedisServer;
beforeAll(async () => {
  // On a Unix socket of its own: no TCP port at all.
  redis = await startRedisServer({ unixSocket: true });
});
/** A new client of the test's Redis (give it back with `disconnect()`). */
function connect(): Redis {
  const client = new Redis({
    path: redis.socketPath,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 25,
  });
  client.on('error', () => {});
  return client;
}
afterAll(async () => {
  await redis.stop();
});

interface Member {
  readonly api: WordsApi;
  readonly source: TokenSource;
  readonly store: RedisTokenStore;
  readonly client: Redis;
  readonly detach: DetachCloudToken;
}
let fleet: Member[] = [];

beforeEach(async () => {
  const admin = connect();
  await admin.flushall();
  admin.disconnect();
});
afterEach(async () => {
  for (const member of fleet) {
    member.detach();
    member.source.close();
    await member.store.close();
    member.client.disconnect();
  }
  fleet = [];
});

function startFleet(clientSecret = DEFAULT_CLIENT_SECRET): Member[] {
  fleet = Array.from({ length: FLEET }, () => {
    const client = connect();
    const store = redisTokenStore({ client, encryption: { keys: [storeKey] } });
    const source = createTokenSource(
      clientCredentials({
        tokenUrl: cloud.emulator.tokenUrl,
        clientId: DEFAULT_CLIENT_ID,
        clientSecret,
      }),
      { store },
    );
    const api = new WordsApi(DEFAULT_CLIENT_ID, 'unused', cloud.emulator.url);
    return { api, source, store, client, detach: useCloudToken(api, source) };
  });
  return fleet;
}

/** `CALLS` concurrent calls spread over the fleet. */
function spreadCalls(members: readonly Member[]) {
  return Promise.allSettled(
    Array.from({ length: CALLS }, (_, index) =>
      members[index % members.length]?.api.getDocumentStatistics(
        new GetDocumentStatisticsRequest({ name: 'doc.docx' }),
      ),
    ),
  );
}
const failed = (results: readonly PromiseSettledResult<unknown>[]) =>
  results.filter((result) => result.status === 'rejected');

it(`${CALLS} concurrent calls across ${FLEET} bridged SDK users on a cold fleet: 1 token request`, async () => {
  const results = await spreadCalls(startFleet());

  expect(failed(results)).toEqual([]);
  expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
});

it(`a key rotation under ${CALLS} concurrent calls across the fleet: 1 renewal, 0 failed calls`, async () => {
  const members = startFleet();
  await spreadCalls(members);

  cloud.emulator.control.revokeAllTokens();
  const results = await spreadCalls(members);

  expect(failed(results)).toEqual([]);
  expect(cloud.emulator.stats.tokenRequests).toMatchObject({ total: 2, issued: 2 });
});

it('a wrong secret across the fleet: 1 token request, 0 lockouts, every call rejected with ERR_CREDENTIALS_REJECTED', async () => {
  const results = await spreadCalls(startFleet('wrong-secret'));

  expect(
    failed(results).every((result) => isCloudTokenError(result.reason, 'ERR_CREDENTIALS_REJECTED')),
  ).toBe(true);
  expect(failed(results)).toHaveLength(CALLS);
  expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  expect(cloud.emulator.stats.lockouts).toBe(0);
});
