import { createAuthorizedFetch, type TokenSource } from '@cloud-token/core';
import { compareLoad, STANDARD_CONCURRENCY, STANDARD_LOAD } from '../compare-load.js';
import { API_PATH, emulatorSource, withEmulator } from '../emulator.js';
import { cpuMicros, median, timeSequential } from '../measure.js';
import { sized } from '../quick.js';
import { readOk } from '../read-ok.js';
import type { Suite } from '../suite.js';

const STUB_WARMUP_CALLS = sized(20_000, 2_000);
const STUB_CALLS_PER_ROUND = sized(50_000, 5_000);
const STUB_ROUNDS = sized(5, 2);

/**
 * GETs to the emulator's API through `createAuthorizedFetch` against plain
 * `fetch` with a precomputed `Authorization` header, sequential and concurrent,
 * and the baseline against itself: the noise floor every ratio should be read
 * against. Then the wrapper alone, over a stub transport, as a share of one
 * real request's CPU time.
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
        ]
          .map((figure) => ({ ...figure, baselineLabel: 'fetch + header' }))
          .map((figure) =>
            figure.figure.endsWith(': requests/s') && !figure.figure.startsWith('noise')
              ? { ...figure, target: { kind: 'ratio-at-least', limit: 0.97 } as const }
              : figure,
          );
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
        const sequentialCpu = figures.find(
          (figure) => figure.figure === 'sequential: CPU per request',
        );
        return [
          ...figures,
          ...noiseFloor.slice(0, 2),
          {
            figure: 'wrapper alone, stub transport: CPU per call',
            value: await wrapperCpuPerCall(source, emulator.apiUrl),
            unit: 'µs',
            baseline: sequentialCpu?.baseline,
            baselineLabel: 'one real request, fetch + header',
          },
        ];
      } finally {
        source.close();
      }
    }),
};

/**
 * CPU time of the authorized fetch's own work per call (URL, headers, token,
 * policy), with a transport that answers 200 at once.
 */
async function wrapperCpuPerCall(source: TokenSource, baseUrl: string): Promise<number> {
  const answer = new Response(null, { status: 200 });
  const stubbed = createAuthorizedFetch(source, { baseUrl, fetch: async () => answer });
  const call = () => stubbed(API_PATH);
  await timeSequential(STUB_WARMUP_CALLS, call);
  const perCall: number[] = [];
  for (let round = 0; round < STUB_ROUNDS; round += 1) {
    const before = cpuMicros();
    await timeSequential(STUB_CALLS_PER_ROUND, call);
    perCall.push((cpuMicros() - before) / STUB_CALLS_PER_ROUND);
  }
  return median(perCall);
}
