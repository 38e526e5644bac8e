import { createHash, randomBytes } from 'node:crypto';
import { clientCredentials } from '@cloud-token/core';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from '@cloud-token/emulator';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type RedisTokenStore, redisTokenStore } from '../../../src/index.js';
import { moveRedisClock } from '../redis-clock.js';
import { type RedisServer, startRedisServer } from '../redis-server.js';
import { type Fleet, startFleet } from './fleet.js';
import type { BurstResult, CallsResult } from './messages.js';

/**
 * One real `redis-server` for a test file, an emulator per test, and the
 * fleet of worker processes a test starts on them; everything is stopped
 * after each test (the fleet, the emulator) or the file (Redis).
 */
export interface FleetHarness {
  readonly server: RedisServer;
  /** The test's own connection, for a look at Redis. */
  readonly redis: Redis;
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

/** Sets up a {@link FleetHarness} for the calling test file. */
export function useFleetHarness(): FleetHarness {
  // The key that encrypts the fleet's tokens at rest.
  const encryptionKey = randomBytes(32).toString('hex');
  let server: RedisServer | undefined;
  let redis: Redis | undefined;
  let emulator: Emulator | undefined;
  let fleet: Fleet | undefined;

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running`);
    return value;
  };

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url, { retryStrategy: () => 50, maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    // Every test starts from an empty Redis: a new emulator may get the port,
    // and so the token URL and the store key, of an earlier one.
    await required(redis, 'Redis').flushall();
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
      return required(server, 'Redis');
    },
    get redis() {
      return required(redis, 'Redis');
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
        REDIS_URL: harness.server.url,
        STORE_KEY: encryptionKey,
        // The renewal lock lives timeoutMs + 1 s: long enough that a slow CI machine never lets it lapse under a live holder.
        TIMEOUT_MS: '5000',
      };
    },
    tokenRequests: () => harness.emulator.stats.tokenRequests.total,
    async advance(ms) {
      harness.emulator.control.advanceTime(ms);
      await fleet?.advanceAll(ms);
      // A Redis the test killed keeps nothing to move (it restarts empty).
      if (harness.redis.status === 'ready') {
        await moveRedisClock(harness.redis, ms, [Buffer.from(encryptionKey, 'hex')]);
      }
    },
    store: () =>
      redisTokenStore({
        client: harness.redis,
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
