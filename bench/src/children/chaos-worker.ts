import {
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  isCloudTokenError,
} from '@cloud-token/core';
import { redisTokenStore } from '@cloud-token/redis';
import { Redis } from 'ioredis';
import { serveParent } from '../child-process.js';

/** What one chaos worker counted: API statuses its callers got, and failures by error code. */
export interface ChaosCounts {
  readonly statuses: Record<string, number>;
  readonly failures: Record<string, number>;
  /** When each failed call failed (epoch ms), by error code. */
  readonly failedAt: Record<string, number[]>;
  /** The first error message of each failure code (secret-free by the errors' contract). */
  readonly firstErrors: Record<string, string>;
}

function tally(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

/**
 * One instance of the chaos soak's fleet, in its own process: a token source
 * over the Redis store and `createAuthorizedFetch`; `{ tokenUrl, apiUrl,
 * clientId, clientSecret, redisUrl, path, callers, durationMs, pauseMs }`
 * runs `callers` loops of API calls for `durationMs` and answers with what
 * they got.
 */
serveParent({}, async (command) => {
  const client = new Redis(String(command.redisUrl), {
    retryStrategy: () => 50,
    maxRetriesPerRequest: 1,
  });
  client.on('error', () => {});
  const store = redisTokenStore({ client, commandTimeoutMs: 3_000 });
  const source = createTokenSource(
    clientCredentials({
      tokenUrl: String(command.tokenUrl),
      clientId: String(command.clientId),
      clientSecret: String(command.clientSecret),
    }),
    { store, logger: { warn: () => {} } },
  );
  const api = createAuthorizedFetch(source, { baseUrl: String(command.apiUrl) });
  const counts: ChaosCounts = { statuses: {}, failures: {}, failedAt: {}, firstErrors: {} };
  const start = Date.now();
  const end = start + Number(command.durationMs);
  const pauseMs = Number(command.pauseMs);
  const caller = async () => {
    while (Date.now() < end) {
      try {
        const response = await api(String(command.path));
        await response.arrayBuffer();
        tally(counts.statuses, String(response.status));
      } catch (error) {
        const code = isCloudTokenError(error) ? error.code : 'UNEXPECTED';
        tally(counts.failures, code);
        counts.failedAt[code] ??= [];
        counts.failedAt[code].push(Date.now());
        counts.firstErrors[code] ??= `${(Date.now() - start) / 1000}s: ${String(error)}`;
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  try {
    await Promise.all(Array.from({ length: Number(command.callers) }, caller));
  } finally {
    source.close();
    await store.close();
    client.disconnect();
  }
  return counts;
});
