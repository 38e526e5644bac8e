import { createAuthorizedFetch } from '@cloud-token/core';
import { type BenchChild, startChild } from '../child-process.js';
import { compareLoad, STANDARD_CONCURRENCY, STANDARD_LOAD } from '../compare-load.js';
import { API_PATH, emulatorSource, withEmulator } from '../emulator.js';
import { type Figure, withTarget } from '../figure.js';
import { readOk } from '../read-ok.js';
import type { Suite } from '../suite.js';

/** The plain API server child. */
export type ApiServer = BenchChild<{ url: string }>;

/** Starts the plain API server (`children/api-server.ts`) in its own process. */
export function startApiServer(): Promise<ApiServer> {
  return startChild(new URL('../children/api-server.ts', import.meta.url));
}

const AT_LEAST_097 = { kind: 'ratio-at-least', limit: 0.97 } as const;

/**
 * The authorized fetch as a client sees it: the API is a plain HTTP server
 * in another process, so this process does nothing but the client's work
 * and CPU per request is the client's alone. Against `fetch` with a fixed
 * header, sequentially and at concurrency 50; then both with a caller's
 * `AbortSignal` (a fresh one per call, as `AbortSignal.timeout()` gives).
 */
export const separateProcessClient: Suite = {
  title: '8 client, API in another process',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const server = await startApiServer();
      const source = emulatorSource(emulator);
      try {
        const baseUrl = `${server.ready.url}/v4.0/`;
        const authorizedFetch = createAuthorizedFetch(source, { baseUrl });
        const { authorization } = await source.getToken();
        const url = `${baseUrl}${API_PATH}`;
        const candidate = async () => readOk(await authorizedFetch(API_PATH));
        const baseline = async () => readOk(await fetch(url, { headers: { authorization } }));
        const load = { ...STANDARD_LOAD, candidate, baseline };
        const concurrent = `concurrency ${STANDARD_CONCURRENCY}`;
        const plain: Figure[] = [
          ...withTarget(
            await compareLoad({ ...load, label: 'sequential', concurrency: 1 }),
            'sequential: requests/s',
            AT_LEAST_097,
          ),
          ...withTarget(
            await compareLoad({ ...load, concurrency: STANDARD_CONCURRENCY, label: concurrent }),
            `${concurrent}: requests/s`,
            AT_LEAST_097,
          ),
        ].map((figure) => ({ ...figure, baselineLabel: 'fetch + header' }));
        const withSignal = await compareLoad({
          ...load,
          concurrency: STANDARD_CONCURRENCY,
          label: `with a caller's AbortSignal, ${concurrent}`,
          candidate: async () =>
            readOk(await authorizedFetch(API_PATH, { signal: new AbortController().signal })),
          baseline: async () =>
            readOk(
              await fetch(url, {
                headers: { authorization },
                signal: new AbortController().signal,
              }),
            ),
        });
        const noiseFloor = await compareLoad({
          ...load,
          concurrency: STANDARD_CONCURRENCY,
          label: `noise floor, fetch + header against itself, ${concurrent}`,
          candidate: baseline,
        });
        checks.expect(
          emulator.stats.tokenRequests.total === 1,
          `separate-process client: ${emulator.stats.tokenRequests.total} token requests, expected 1`,
        );
        return [
          ...plain,
          ...withSignal
            .slice(0, 2)
            .map((figure) => ({ ...figure, baselineLabel: 'fetch + header + signal' })),
          ...noiseFloor.slice(0, 2),
        ];
      } finally {
        source.close();
        await server.close();
      }
    }),
};
