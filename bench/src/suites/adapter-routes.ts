import type { Emulator } from '@cloud-token/emulator';
import { type BenchChild, startChild } from '../child-process.js';
import { withCpuSplit } from '../cpu-split.js';
import { emulatorCredentials, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import {
  emptyPairSamples,
  measurePairedRounds,
  type PairSamples,
  type RoundPair,
} from '../interleaved-rounds.js';
import { median } from '../measure.js';
import type { CandidateConfig } from '../proxies/proxy-candidates.js';
import { sized } from '../quick.js';
import {
  ROUTE_CANDIDATES,
  ROUTE_PATH,
  type RouteCandidateName,
} from '../routes/route-candidates.js';
import type { Suite } from '../suite.js';
import { startApiServer } from './separate-process-client.js';

/**
 * Each adapter's per-request call against the same code with the bare call
 * and a fixed header: a route in its own process that calls the API (a
 * plain node:http server in another) and relays its answer, loaded from a
 * load generator in a third, in rounds at concurrency 50 and 1, CPU per
 * request read from `/proc` for the route's process alone. A round loads a
 * route and its bare twin at the same time (see `measurePairedRounds`), and
 * the figures' ratios are the medians of the rounds' ratios. The routes
 * run on a CPU of their own, the generator, the API server and the bench on
 * the others (see `withCpuSplit`). Each pair runs in
 * {@link PROCESSES_PER_CANDIDATE} successive pairs of processes.
 */
export const adapterRoutes: Suite = {
  title: '15 adapter routes, each in its own process beside its bare twin',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const api = await startApiServer();
      let generator: BenchChild<Record<string, never>> | undefined;
      try {
        const config = routeConfig(emulator, api.ready.url);
        const loader: BenchChild<Record<string, never>> = await startChild(
          new URL('../children/dispatch-load-generator.ts', import.meta.url),
        );
        generator = loader;
        const samples = new Map([50, 1].map((concurrency) => [concurrency, emptySamples()]));
        for (let block = 0; block < PROCESSES_PER_CANDIDATE; block += 1) {
          const children: BenchChild<{ url: string }>[] = [];
          const start = async (name: RouteCandidateName) => {
            const child = await startRouteCandidate(name, config);
            children.push(child);
            return { name, url: child.ready.url, pid: child.pid };
          };
          try {
            const pairs: RoundPair<RouteCandidateName>[] = [];
            for (const [ours, bare] of PAIRS) {
              // Every other set starts the bare route's process first.
              if (block % 2 === 0) {
                pairs.push({ candidate: await start(ours), baseline: await start(bare) });
              } else {
                const baseline = await start(bare);
                pairs.push({ candidate: await start(ours), baseline });
              }
            }
            await withCpuSplit(
              children.map((child) => child.pid),
              [process.pid, api.pid, loader.pid],
              async () => {
                for (const [concurrency, into] of samples) {
                  appendSamples(
                    into,
                    await measurePairedRounds(pairs, loader, concurrency, ROUTE_PATH, ROUND_SHARE),
                  );
                }
              },
            );
          } finally {
            for (const child of children) await child.close();
          }
        }
        const ours = PAIRS.filter(([name]) => name.includes('-ours')).length;
        const expected = ours * PROCESSES_PER_CANDIDATE;
        checks.expect(
          emulator.stats.tokenRequests.total === expected,
          `adapter routes: ${emulator.stats.tokenRequests.total} token requests, expected ${expected} (one per process of a cloud-token route)`,
        );
        return [...samples].flatMap(([concurrency, into]) => pairFigures(into, concurrency));
      } finally {
        await generator?.close();
        await api.close();
      }
    }),
};

/**
 * Each candidate runs in this many successive processes, the rounds split
 * among them, so that one process's luck (its JIT, its memory layout; the
 * same route has measured 0.73× its twin in one process, and a route
 * pinned beside its own copy 0.96× for a whole set) cannot carry a
 * candidate's figure.
 */
const PROCESSES_PER_CANDIDATE = sized(8, 1);

/**
 * Each set of processes runs this share of twice the standard rounds: a
 * pair's per-round ratios spread by about 13 % (one standard deviation) on
 * the shared machine, so the median needs 16 of them to land within a few
 * per cent.
 */
const ROUND_SHARE = PROCESSES_PER_CANDIDATE / 2;

function emptySamples(): PairSamples[] {
  return PAIRS.map(emptyPairSamples);
}

function appendSamples(into: PairSamples[], measured: readonly PairSamples[]): void {
  measured.forEach((pair, index) => {
    const target = into[index] as PairSamples;
    for (const side of ['candidate', 'baseline'] as const) {
      target[side].rates.push(...pair[side].rates);
      target[side].cpuMicros.push(...pair[side].cpuMicros);
      target[side].latenciesMs.push(...pair[side].latenciesMs);
    }
    target.rateRatios.push(...pair.rateRatios);
    target.cpuRatios.push(...pair.cpuRatios);
  });
}

/** Starts one route candidate in its own process, with `execArgv` (a profiler's flags) if given. */
export function startRouteCandidate(
  name: RouteCandidateName,
  config: CandidateConfig,
  execArgv?: readonly string[],
): Promise<BenchChild<{ url: string }>> {
  return startChild(
    new URL('../children/candidate-server.ts', import.meta.url),
    [name, JSON.stringify(config)],
    execArgv,
  );
}

/** The emulator's credentials and the API's URL, as a route candidate takes them. */
export function routeConfig(emulator: Emulator, upstream: string): CandidateConfig {
  const { tokenUrl, clientId, clientSecret } = emulatorCredentials(emulator);
  return { upstream, tokenUrl: String(tokenUrl), clientId, clientSecret };
}

/**
 * Each cloud-token route and the bare route it is held against; first, the
 * bare route against a second copy of itself, the noise floor.
 */
const PAIRS: readonly (readonly [RouteCandidateName, RouteCandidateName])[] = [
  ['fetch-bare-again', 'fetch-bare'],
  ['fetch-ours', 'fetch-bare'],
  ['fetch-ours-signal', 'fetch-bare-signal'],
  ['express-ours', 'express-bare'],
  ['koa-ours', 'koa-bare'],
  ['fastify-ours', 'fastify-bare'],
  ['nest-service-ours', 'fetch-bare'],
  ['nest-http-ours', 'nest-http-bare'],
];

function pairFigures(samples: readonly PairSamples[], concurrency: number): Figure[] {
  const at = `concurrency ${concurrency}`;
  const label = (name: RouteCandidateName) => ROUTE_CANDIDATES[name].label;
  return PAIRS.flatMap(([ours, bare], index) => {
    const pair = samples[index] as PairSamples;
    const isNoise = index === 0;
    return [
      {
        figure: `${label(ours)}, ${at}: requests/s`,
        value: median(pair.candidate.rates),
        unit: 'req/s',
        baseline: median(pair.baseline.rates),
        baselineLabel: label(bare),
        ratio: median(pair.rateRatios),
        ...(isNoise ? {} : { target: { kind: 'ratio-at-least', limit: 0.97 } as const }),
      },
      {
        figure: `${label(ours)}, ${at}: CPU per request (route process)`,
        value: median(pair.candidate.cpuMicros),
        unit: 'µs',
        baseline: median(pair.baseline.cpuMicros),
        baselineLabel: label(bare),
        ratio: median(pair.cpuRatios),
        ...(isNoise ? {} : { target: { kind: 'ratio-at-most', limit: 1.05 } as const }),
      },
    ];
  });
}
