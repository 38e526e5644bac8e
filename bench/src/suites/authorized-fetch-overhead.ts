import { createAuthorizedFetch } from '@cloud-token/core';
import { compareLoad, STANDARD_CONCURRENCY, STANDARD_LOAD } from '../compare-load.js';
import { API_PATH, emulatorSource, withEmulator } from '../emulator.js';
import { readOk } from '../read-ok.js';
import type { Suite } from '../suite.js';

/**
 * GETs to the emulator's API through `createAuthorizedFetch` against plain
 * `fetch` with a precomputed `Authorization` header, sequential and concurrent,
 * and the baseline against itself: the noise floor every ratio should be read
 * against.
 */
export const authorizedFetchOverhead: Suite = {
  title: '3 authorized fetch',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const source = emulatorSource(emulator);
      try {
        const authorizedFetch = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl });
        const { authorization } = await source.getToken();
        const url = `${emulator.apiUrl}/${API_PATH}`;
        const candidate = async () => readOk(await authorizedFetch(API_PATH));
        const baseline = async () => readOk(await fetch(url, { headers: { authorization } }));
        const load = { ...STANDARD_LOAD, candidate, baseline };
        const figures = [
          ...(await compareLoad({ ...load, label: 'sequential', concurrency: 1 })),
          ...(await compareLoad({
            ...load,
            concurrency: STANDARD_CONCURRENCY,
            label: `concurrency ${STANDARD_CONCURRENCY}`,
          })),
        ].map((figure) => ({ ...figure, baselineLabel: 'fetch + header' }));
        // The same thing against itself: how far apart two identical runs land on this machine.
        const noiseFloor = await compareLoad({
          ...load,
          concurrency: STANDARD_CONCURRENCY,
          label: `noise floor, fetch + header against itself, concurrency ${STANDARD_CONCURRENCY}`,
          candidate: baseline,
        });
        checks.expect(
          emulator.stats.tokenRequests.total === 1,
          `authorized fetch: ${emulator.stats.tokenRequests.total} token requests for one token's lifetime, expected 1`,
        );
        return [...figures, ...noiseFloor.slice(0, 2)];
      } finally {
        source.close();
      }
    }),
};
