// One instance of a fleet, in its own Node process: a token source over the
// Redis store, driven by the test through IPC. Tokens never leave the
// process: it answers with their SHA-256 fingerprints.
import { createHash } from 'node:crypto';
import {
  type Clock,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  isCloudTokenError,
  systemClock,
  type TokenStore,
} from '@cloud-token/core';
import { checkReadiness } from '@cloud-token/core/node';
import { Cluster, Redis } from 'ioredis';
import { redisTokenStore } from '../../../src/index.js';
import type { WorkerReply, WorkerRequest, WorkerStatus } from './messages.js';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const optionalNumber = (name: string): number | undefined =>
  process.env[name] === undefined ? undefined : Number(process.env[name]);

// This process's clock: CLOCK_SKEW_MS ahead of (or behind) the machine's, and
// moved forward by the test (to a token's expiry, past a cooldown) without waiting.
let offsetMs = optionalNumber('CLOCK_SKEW_MS') ?? 0;
const clock: Clock = {
  ...systemClock,
  now: () => Date.now() + offsetMs,
  monotonic: () => performance.now() + offsetMs,
};

// The engine: one server (REDIS_URL), a cluster (REDIS_CLUSTER: its root nodes)
// or a sentinel group (REDIS_SENTINEL: its sentinels and the primary's name), as JSON.
function connect(): Redis | Cluster {
  const options = { retryStrategy: () => 50, maxRetriesPerRequest: 1 };
  if (process.env.REDIS_CLUSTER !== undefined) {
    return new Cluster(JSON.parse(process.env.REDIS_CLUSTER), {
      redisOptions: options,
      clusterRetryStrategy: () => 50,
    });
  }
  if (process.env.REDIS_SENTINEL !== undefined) {
    // ioredis's own retries (20 per command): a command waits out the failover
    // (the sentinel names the new primary within seconds) instead of failing at once.
    const { sentinels, name } = JSON.parse(process.env.REDIS_SENTINEL);
    return new Redis({ sentinels, name, sentinelRetryStrategy: () => 50, retryStrategy: () => 50 });
  }
  return new Redis(env('REDIS_URL'), options);
}
const client = connect();
client.on('error', () => {});
const redis = redisTokenStore({
  client,
  clock,
  encryption: { keys: [env('STORE_KEY')] },
  // Generous: on a loaded CI machine a slow answer must not look like an outage.
  commandTimeoutMs: 3_000,
  // PUBSUB=off: no wake-ups, the waiting processes poll.
  pubsub: process.env.PUBSUB !== 'off',
});
// A lock TTL shorter than the core would ask for: how a test pauses a holder past its TTL quickly.
const lockTtlMs = optionalNumber('LOCK_TTL_MS');
// A stall between the source's look at the store and its lock request, as
// event-loop lag, a GC pause or a busy core make one: STALL_MS before every lock request.
const stallMs = optionalNumber('STALL_MS');
// A stall before a renewed token is written to the store (Redis slow to answer, or
// restarting): WRITE_STALL_MS before every token write.
const writeStallMs = optionalNumber('WRITE_STALL_MS');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const store: TokenStore = {
  ...redis,
  acquireLock: async (key, ttlMs) => {
    if (stallMs !== undefined) await sleep(stallMs);
    return redis.acquireLock(key, lockTtlMs ?? ttlMs);
  },
  writeToken: async (key, token, lock) => {
    if (writeStallMs !== undefined) await sleep(writeStallMs);
    return redis.writeToken(key, token, lock);
  },
};

// What the source reports (secret-free by contract): a failing test shows why.
const warnings: string[] = [];
const logger = {
  warn: (message: string, fields?: Record<string, unknown>) => {
    warnings.push(`${message} ${JSON.stringify(fields ?? {})}`);
  },
};

const maxCooldownMs = optionalNumber('MAX_COOLDOWN_MS');
const source = createTokenSource(
  clientCredentials({
    tokenUrl: env('TOKEN_URL'),
    clientId: env('CLIENT_ID'),
    clientSecret: env('CLIENT_SECRET'),
  }),
  {
    store,
    clock,
    logger,
    timeoutMs: Number(env('TIMEOUT_MS', '1000')),
    retry: { attempts: 1 },
    storeTimeoutMs: 4_000,
    ...(maxCooldownMs === undefined ? {} : { rateLimit: { maxCooldownMs } }),
  },
);
const api =
  process.env.API_URL === undefined
    ? undefined
    : createAuthorizedFetch(source, { baseUrl: process.env.API_URL, clock });

const fingerprint = (value: string) =>
  createHash('sha256').update(value).digest('hex').slice(0, 16);

function codeOf(error: unknown): string {
  return isCloudTokenError(error) ? error.code : 'UNEXPECTED';
}

async function burst(callers: number) {
  const settled = await Promise.allSettled(
    Array.from({ length: callers }, () => source.getToken()),
  );
  const failures: Record<string, number> = {};
  const tokens = new Set<string>();
  for (const result of settled) {
    if (result.status === 'fulfilled') {
      tokens.add(fingerprint(result.value.value));
    } else {
      const code = codeOf(result.reason);
      failures[code] = (failures[code] ?? 0) + 1;
    }
  }
  return {
    ok: callers - Object.values(failures).reduce((a, b) => a + b, 0),
    failures,
    tokens: [...tokens],
    warnings: warnings.splice(0),
  };
}

async function calls(callers: number) {
  if (api === undefined) throw new Error('API_URL is not set');
  const settled = await Promise.allSettled(
    Array.from({ length: callers }, async () => {
      const response = await api('words/document.docx');
      await response.arrayBuffer();
      return response.status;
    }),
  );
  const statuses: Record<string, number> = {};
  const failures: Record<string, number> = {};
  for (const result of settled) {
    const tally = result.status === 'fulfilled' ? statuses : failures;
    const key = result.status === 'fulfilled' ? String(result.value) : codeOf(result.reason);
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return { statuses, failures, warnings: warnings.splice(0) };
}

async function status(withReadiness: boolean): Promise<WorkerStatus> {
  const now = clock.now();
  const current = source.status?.();
  // Read as a plain record: a field this version of the source does not have reads as undefined.
  const fields = (current ?? {}) as Record<string, unknown>;
  const remaining = (until: unknown) =>
    typeof until === 'number' && until > now ? until - now : undefined;
  const readiness = withReadiness ? await checkReadiness(source, { timeoutMs: 3_000 }) : undefined;
  return {
    store: current?.store ?? 'none',
    reason: current?.reason,
    cooldownMs: remaining(current?.cooldownUntil),
    unauthorizedPauseMs: remaining(fields.unauthorizedUntil),
    ...(readiness !== undefined && {
      readiness: {
        status: readiness.status,
        reason: readiness.body.reason,
        retryAfter: readiness.headers['retry-after'],
      },
    }),
  };
}

function reply(message: WorkerReply): void {
  process.send?.(message);
}

process.on('message', (message: WorkerRequest) => {
  void (async () => {
    switch (message.type) {
      case 'burst':
        reply({ type: 'burst', id: message.id, ...(await burst(message.callers)) });
        break;
      case 'calls':
        reply({ type: 'calls', id: message.id, ...(await calls(message.callers)) });
        break;
      case 'advance':
        offsetMs += message.ms;
        reply({ type: 'done', id: message.id });
        break;
      case 'status':
        reply({ type: 'status', id: message.id, ...(await status(message.readiness)) });
        break;
      case 'close':
        source.close?.();
        await redis.close();
        client.disconnect();
        process.disconnect?.();
        break;
    }
  })();
});

reply({ type: 'ready' });
