import { createHash, randomBytes } from 'node:crypto';
import { clientCredentials } from '@cloud-token/core';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from '@cloud-token/emulator';
import { Cluster, Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type RedisTokenStore, redisTokenStore } from '../../../src/index.js';
import {
  liveRedisPids,
  type RedisCluster,
  type RedisSentinelGroup,
  type RedisServer,
  startRedisCluster,
  startRedisSentinel,
  startRedisServer,
} from '../../../src/testing/index.js';
import { moveRedisClock } from '../redis-clock.js';
import { type Fleet, startFleet } from './fleet.js';
import type { BurstResult, CallsResult } from './messages.js';

/**
 * One real `redis-server` for a test file, an emulator per test, and the
 * fleet of worker processes a test starts on them; everything is stopped
 * after each test (the fleet, the emulator) or the file (Redis).
 */
export interface FleetHarness {
  /** The one server (engine `single`). */
  readonly server: RedisServer;
  /** The cluster (engine `cluster`). */
  readonly cluster: RedisCluster;
  /** The primary, its replica and the sentinel (engine `sentinel`). */
  readonly sentinel: RedisSentinelGroup;
  /** The test's own connection to the one server (engine `single`), for a look at Redis. */
  readonly redis: Redis;
  /** The test's own connection, whatever the engine. */
  readonly client: Redis | Cluster;
  readonly emulator: Emulator;
  /** The running fleet, once a test started one. */
  readonly fleet: Fleet | undefined;
  /** Starts `size` workers on this harness's Redis and emulator (see {@link FleetHarness.env}). */
  start(
    size: number,
    env?: Record<string, string>,
    overrides?: Record<number, Record<string, string>>,
  ): Promise<Fleet>;
  /** Replaces the test's emulator by one with `options` (a lockout profile, a client not yet registered). */
  restartEmulator(options: EmulatorOptions): Promise<Emulator>;
  /** What every worker gets: the emulator's token and API URLs, the credentials, Redis, the encryption key. */
  env(credentials?: { clientId?: string; clientSecret?: string }): Record<string, string>;
  /** Token requests that reached the emulator. */
  tokenRequests(): number;
  /** Moves every clock of the test forward: the emulator's, each worker's, and Redis's as the store sees it. */
  advance(ms: number): Promise<void>;
  /** A store on the test's own connection, keyed and encrypted as the workers' are. */
  store(): RedisTokenStore;
  /** The store key of the credentials the workers use. */
  storeKey(credentials?: { clientId?: string; clientSecret?: string }): string;
  /** The token the fleet shares, as stored in Redis (its fingerprint). */
  storedToken(): Promise<string | undefined>;
}

/** What the fleet's Redis is: one server, a 3-master cluster with replicas, or a sentinel group. */
export type FleetEngine = 'single' | 'cluster' | 'sentinel';

/** Sets up a {@link FleetHarness} for the calling test file, on `engine`. */
export function useFleetHarness(engine: FleetEngine = 'single'): FleetHarness {
  // The key that encrypts the fleet's tokens at rest.
  const encryptionKey = randomBytes(32).toString('hex');
  let server: RedisServer | undefined;
  let cluster: RedisCluster | undefined;
  let sentinel: RedisSentinelGroup | undefined;
  let redis: Redis | undefined;
  let client: Redis | Cluster | undefined;
  let emulator: Emulator | undefined;
  let fleet: Fleet | undefined;

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running`);
    return value;
  };

  beforeAll(async () => {
    const options = { retryStrategy: () => 50, maxRetriesPerRequest: 1 };
    if (engine === 'cluster') {
      cluster = await startRedisCluster();
      client = new Cluster([...cluster.rootNodes], {
        redisOptions: options,
        clusterRetryStrategy: () => 50,
      });
    } else if (engine === 'sentinel') {
      sentinel = await startRedisSentinel();
      client = new Redis({
        sentinels: [...sentinel.sentinels],
        name: sentinel.name,
        sentinelRetryStrategy: () => 50,
        ...options,
      });
    } else {
      server = await startRedisServer();
      redis = new Redis(server.url, options);
      client = redis;
    }
    client.on('error', () => {});
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
    await cluster?.stop();
    await sentinel?.stop();
    // Every Redis process the file started has exited.
    expect(liveRedisPids()).toEqual([]);
  });
  beforeEach(async () => {
    // Every test starts from an empty Redis: a new emulator may get the port,
    // and so the token URL and the store key, of an earlier one.
    await (cluster === undefined ? required(client, 'Redis').flushall() : cluster.flushAll());
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await fleet?.close();
    fleet = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  const harness: FleetHarness = {
    get server() {
      return required(server, 'The one Redis server');
    },
    get cluster() {
      return required(cluster, 'The Redis Cluster');
    },
    get sentinel() {
      return required(sentinel, 'The Redis sentinel group');
    },
    get redis() {
      return required(redis, 'The one Redis server');
    },
    get client() {
      return required(client, 'Redis');
    },
    get emulator() {
      return required(emulator, 'the emulator');
    },
    get fleet() {
      return fleet;
    },
    async start(size, env = harness.env(), overrides = {}) {
      fleet = await startFleet(size, env, overrides);
      return fleet;
    },
    async restartEmulator(options) {
      await emulator?.close();
      emulator = await startEmulator(options);
      return emulator;
    },
    env(credentials = {}) {
      const { tokenUrl, apiUrl } = harness.emulator;
      return {
        TOKEN_URL: tokenUrl,
        API_URL: apiUrl,
        CLIENT_ID: credentials.clientId ?? DEFAULT_CLIENT_ID,
        CLIENT_SECRET: credentials.clientSecret ?? DEFAULT_CLIENT_SECRET,
        ...(cluster !== undefined && { REDIS_CLUSTER: JSON.stringify(cluster.rootNodes) }),
        ...(sentinel !== undefined && {
          REDIS_SENTINEL: JSON.stringify({ sentinels: sentinel.sentinels, name: sentinel.name }),
        }),
        ...(server !== undefined && { REDIS_URL: server.url }),
        STORE_KEY: encryptionKey,
        // The renewal lock lives timeoutMs + 1 s: long enough that a slow CI machine never lets it lapse under a live holder.
        // On a cluster or a sentinel group, whose nodes share the 2 cores too, a token request may wait longer still.
        TIMEOUT_MS: engine === 'single' ? '5000' : '15000',
      };
    },
    tokenRequests: () => harness.emulator.stats.tokenRequests.total,
    async advance(ms) {
      harness.emulator.control.advanceTime(ms);
      await fleet?.advanceAll(ms);
      // A Redis the test killed keeps nothing to move (it restarts empty).
      if (redis?.status === 'ready') {
        await moveRedisClock(harness.redis, ms, [Buffer.from(encryptionKey, 'hex')]);
      }
    },
    store: () =>
      redisTokenStore({
        client: harness.client,
        pubsub: false,
        encryption: { keys: [encryptionKey] },
      }),
    storeKey: (credentials = {}) =>
      clientCredentials({
        tokenUrl: harness.emulator.tokenUrl,
        clientId: credentials.clientId ?? DEFAULT_CLIENT_ID,
        clientSecret: credentials.clientSecret ?? DEFAULT_CLIENT_SECRET,
      }).storeKey,
    async storedToken() {
      const { token } = await harness.store().read(harness.storeKey());
      return token === undefined ? undefined : fingerprint(token.value);
    },
  };
  return harness;
}

/** A token's SHA-256 fingerprint: tokens never leave a worker, their fingerprints do. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

/** Several workers' bursts added up. */
export function totals(results: readonly BurstResult[]) {
  const failures: Record<string, number> = {};
  for (const result of results) add(failures, result.failures);
  return {
    ok: results.reduce((sum, result) => sum + result.ok, 0),
    failures,
    tokens: new Set(results.flatMap((result) => result.tokens)),
    warnings: results.flatMap((result) => result.warnings),
  };
}

/** Several workers' API calls added up. */
export function callTotals(results: readonly CallsResult[]) {
  const statuses: Record<string, number> = {};
  const failures: Record<string, number> = {};
  for (const result of results) {
    add(statuses, result.statuses);
    add(failures, result.failures);
  }
  return { statuses, failures, warnings: results.flatMap((result) => result.warnings) };
}

function add(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [key, count] of Object.entries(counts)) into[key] = (into[key] ?? 0) + count;
}
