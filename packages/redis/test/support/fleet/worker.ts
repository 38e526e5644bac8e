// One instance of a fleet, in its own Node process: a token source over the
// Redis store, driven by the test through IPC. Tokens never leave the
// process: it answers with their SHA-256 fingerprints.
import { createHash } from 'node:crypto';
import {
  type Clock,
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  systemClock,
} from '@cloud-token/core';
import { Redis } from 'ioredis';
import { redisTokenStore } from '../../../src/index.js';
import type { WorkerReply, WorkerRequest } from './messages.js';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

// The test moves this fleet's time forward (to a token's expiry, past a cooldown) without waiting.
let offsetMs = 0;
const clock: Clock = {
  ...systemClock,
  now: () => Date.now() + offsetMs,
  monotonic: () => performance.now() + offsetMs,
};

const client = new Redis(env('REDIS_URL'), { retryStrategy: () => 50, maxRetriesPerRequest: 1 });
client.on('error', () => {});
const redis = redisTokenStore({
  client,
  encryption: { keys: [env('STORE_KEY')] },
  // Generous: on a loaded CI machine a slow answer must not look like an outage.
  commandTimeoutMs: 3_000,
  // PUBSUB=off: no wake-ups, the waiting processes poll.
  pubsub: process.env.PUBSUB !== 'off',
});
// A lock TTL shorter than the core would ask for: how a test pauses a holder past its TTL quickly.
const lockTtlMs =
  process.env.LOCK_TTL_MS === undefined ? undefined : Number(process.env.LOCK_TTL_MS);
const store =
  lockTtlMs === undefined
    ? redis
    : { ...redis, acquireLock: (key: string, _ttl: number) => redis.acquireLock(key, lockTtlMs) };

// What the source reports (secret-free by contract): a failing test shows why.
const warnings: string[] = [];
const logger = {
  warn: (message: string, fields?: Record<string, unknown>) => {
    warnings.push(`${message} ${JSON.stringify(fields ?? {})}`);
  },
};

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
  },
);

const fingerprint = (value: string) =>
  createHash('sha256').update(value).digest('hex').slice(0, 16);

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
      const code = isCloudTokenError(result.reason) ? result.reason.code : 'UNEXPECTED';
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

function reply(message: WorkerReply): void {
  process.send?.(message);
}

process.on('message', (message: WorkerRequest) => {
  void (async () => {
    switch (message.type) {
      case 'burst':
        reply({ type: 'burst', id: message.id, ...(await burst(message.callers)) });
        break;
      case 'advance':
        offsetMs += message.ms;
        reply({ type: 'done', id: message.id });
        break;
      case 'status':
        reply({ type: 'status', id: message.id, store: source.status?.().store ?? 'none' });
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
