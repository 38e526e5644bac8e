import { getEventListeners } from 'node:events';
import {
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  externalToken,
} from '@cloud-token/core';
import { fakeTokenEndpoint } from '../fake-token-endpoint.js';
import type { Figure } from '../figure.js';
import { runLoad } from '../load.js';
import { heapUsedAfterGc } from '../measure.js';
import { sized } from '../quick.js';
import { readOk } from '../read-ok.js';
import type { Suite } from '../suite.js';
import { startApiServer } from './separate-process-client.js';

const CACHED_CALLS = sized(1_000_000, 50_000);
const RENEWALS = sized(10_000, 1_000);
const SOCKET_CALLS = sized(4_000, 400);
const WARMUP = sized(20_000, 2_000);
const CONCURRENCY = 50;

const KIB = 1_024;
/** Issue 17: heap growth under 2 MB after a million cached calls or ten thousand renewals. */
const HEAP_TARGET = { kind: 'value-at-most', limit: 2 * KIB } as const;
/** No growth at all: timers, sockets and abort listeners. */
const NO_GROWTH = { kind: 'value-at-most', limit: 0 } as const;

/** undici opens a few more connections than the concurrency; a leak would open one per call. */
const MAX_CONNECTIONS = 4 * CONCURRENCY;

/**
 * Connections the API server (its own process) holds after two batches of
 * calls made by `client`: bounded when connections are reused.
 */
async function connectionsAfter(
  client: (baseUrl: string) => { call(): Promise<Response>; close(): void },
): Promise<number> {
  const server = await startApiServer();
  const { call, close } = client(`${server.ready.url}/v4.0/`);
  try {
    const request = async () => readOk(await call());
    await runLoad(SOCKET_CALLS, CONCURRENCY, request);
    await runLoad(SOCKET_CALLS, CONCURRENCY, request);
    return await server.request<number>({ cmd: 'connections' });
  } finally {
    close();
    await server.close();
  }
}

/** Counts of the resources that keep a process alive, by type (`Timeout`, `TCPSocketWrap`, …). */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo())
    counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

function growth(before: Map<string, number>, after: Map<string, number>, type: string): number {
  return (after.get(type) ?? 0) - (before.get(type) ?? 0);
}

/**
 * What a long-running server accumulates: heap after a million authorized
 * calls on a cached token (a stub transport, so only the wrapper's own
 * allocations count) and after ten thousand renewals, and the timers, sockets
 * and abort listeners before and after. Heap figures after full collections.
 */
export const longRunMemory: Suite = {
  title: '10 long-run memory',
  async run({ checks }) {
    const figures: Figure[] = [];
    // A million cached calls, each with the caller's (long-lived) signal.
    {
      const source = createTokenSource(externalToken('t'.repeat(711)));
      const answer = new Response(null, { status: 200 });
      const api = createAuthorizedFetch(source, {
        baseUrl: 'https://api.example.test/v4.0/',
        fetch: async () => answer,
      });
      const caller = new AbortController();
      const call = () => api('words/bench.docx/statistics', { signal: caller.signal });
      for (let i = 0; i < WARMUP; i += 1) await call();
      const resourcesBefore = activeResources();
      const listenersBefore = getEventListeners(caller.signal, 'abort').length;
      const before = await heapUsedAfterGc();
      for (let i = 0; i < CACHED_CALLS; i += 1) await call();
      const after = await heapUsedAfterGc();
      const resourcesAfter = activeResources();
      const listenersAfter = getEventListeners(caller.signal, 'abort').length;
      figures.push(
        {
          figure: `heap growth after ${CACHED_CALLS.toLocaleString('en-US')} cached authorized-fetch calls`,
          value: (after - before) / KIB,
          unit: 'KiB',
          baselineLabel: 'target < 2 MiB',
          target: HEAP_TARGET,
        },
        {
          figure: "abort listeners on the caller's signal, growth across those calls",
          value: listenersAfter - listenersBefore,
          unit: '',
          baselineLabel: `${listenersBefore} before`,
          target: NO_GROWTH,
        },
        {
          figure: 'timers, growth across those calls',
          value: growth(resourcesBefore, resourcesAfter, 'Timeout'),
          unit: '',
          baselineLabel: `${resourcesBefore.get('Timeout') ?? 0} before`,
          target: NO_GROWTH,
        },
      );
      source.close();
    }
    // Ten thousand renewals: invalidate the token, get the next one.
    {
      const source = createTokenSource(
        clientCredentials({
          tokenUrl: 'http://127.0.0.1:9/connect/token',
          clientId: 'bench',
          clientSecret: 'bench-secret-not-real-xxxxxxxxxxxx',
        }),
        { fetch: fakeTokenEndpoint },
      );
      const renew = async () => source.invalidate(await source.getToken());
      for (let i = 0; i < 100; i += 1) await renew();
      const resourcesBefore = activeResources();
      const before = await heapUsedAfterGc();
      for (let i = 0; i < RENEWALS; i += 1) await renew();
      const after = await heapUsedAfterGc();
      const resourcesAfter = activeResources();
      figures.push(
        {
          figure: `heap growth after ${RENEWALS.toLocaleString('en-US')} renewals`,
          value: (after - before) / KIB,
          unit: 'KiB',
          baselineLabel: 'target < 2 MiB',
          target: HEAP_TARGET,
        },
        {
          figure: 'timers, growth across those renewals',
          value: growth(resourcesBefore, resourcesAfter, 'Timeout'),
          unit: '',
          baselineLabel: `${resourcesBefore.get('Timeout') ?? 0} before`,
          target: NO_GROWTH,
        },
      );
      source.close();
    }
    // Connections: real calls to an API in another process, against plain fetch to another one.
    {
      const viaWrapper = await connectionsAfter((url) => {
        const source = createTokenSource(externalToken('t'.repeat(711)));
        const api = createAuthorizedFetch(source, { baseUrl: url });
        return { call: () => api('words/bench.docx/statistics'), close: () => source.close() };
      });
      const viaPlain = await connectionsAfter((url) => ({
        call: () =>
          fetch(`${url}words/bench.docx/statistics`, { headers: { authorization: 'Bearer t' } }),
        close: () => undefined,
      }));
      figures.push({
        figure: `connections open at the API after ${(2 * SOCKET_CALLS).toLocaleString('en-US')} calls at concurrency ${CONCURRENCY}`,
        value: viaWrapper,
        unit: '',
        baseline: viaPlain,
        baselineLabel: 'plain fetch',
      });
      checks.expect(
        viaWrapper <= MAX_CONNECTIONS,
        `long-run memory: ${viaWrapper} connections open after ${2 * SOCKET_CALLS} calls, expected at most ${MAX_CONNECTIONS} (keep-alive reuse)`,
      );
    }
    for (const figure of figures) {
      if (figure.target?.limit === 0) {
        checks.expect(
          figure.value <= 0,
          `long-run memory: ${figure.figure} is ${figure.value}, expected no growth`,
        );
      }
    }
    return figures;
  },
};
