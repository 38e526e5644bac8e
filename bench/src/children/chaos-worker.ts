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
  /**
   * The source's warnings and the 401s handed to callers, by message: how
   * many, and when (seconds into the run) the first and the last came.
   */
  readonly warnings: Record<string, string>;
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
  const counts: ChaosCounts = {
    statuses: {},
    failures: {},
    failedAt: {},
    firstErrors: {},
    warnings: {},
  };
  const start = Date.now();
  const note = (message: string) => {
    const seen = counts.warnings[message];
    const times = seen === undefined ? 0 : Number(seen.split(' ')[0]);
    const first = seen === undefined ? `${(Date.now() - start) / 1000}s` : seen.split(' ')[2];
    counts.warnings[message] = `${times + 1} from ${first} last ${(Date.now() - start) / 1000}s`;
  };
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
    {
      store,
      logger: {
        warn: (message: string) => note(message),
      },
    },
  );
  const api = createAuthorizedFetch(source, { baseUrl: String(command.apiUrl) });
  const end = start + Number(command.durationMs);
  const pauseMs = Number(command.pauseMs);
  const caller = async () => {
    while (Date.now() < end) {
      try {
        const response = await api(String(command.path));
        await response.arrayBuffer();
        tally(counts.statuses, String(response.status));
        if (response.status === 401) note('401 handed to a caller');
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
