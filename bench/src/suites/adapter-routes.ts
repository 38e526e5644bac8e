import type { Emulator } from '@cloud-token/emulator';
import { type BenchChild, startChild } from '../child-process.js';
import { emulatorCredentials, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import { measureRounds, type Samples } from '../interleaved-rounds.js';
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
 * load generator in a third, in interleaved rounds at concurrency 50 and 1,
 * CPU per request read from `/proc` for the route's process alone. Each
 * candidate runs in {@link PROCESSES_PER_CANDIDATE} successive processes.
 */
export const adapterRoutes: Suite = {
  title: '15 adapter routes, each in its own process',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const api = await startApiServer();
      const names = Object.keys(ROUTE_CANDIDATES) as RouteCandidateName[];
      let generator: BenchChild<Record<string, never>> | undefined;
      try {
        const config = routeConfig(emulator, api.ready.url);
        generator = await startChild(
          new URL('../children/dispatch-load-generator.ts', import.meta.url),
        );
        const samples = new Map([50, 1].map((concurrency) => [concurrency, emptySamples(names)]));
        for (let block = 0; block < PROCESSES_PER_CANDIDATE; block += 1) {
          const children: BenchChild<{ url: string }>[] = [];
          try {
            for (const name of names) children.push(await startRouteCandidate(name, config));
            const candidates = names.map((name, index) => ({
              name,
              child: children[index] as BenchChild<{ url: string }>,
            }));
            for (const [concurrency, into] of samples) {
              const measured = await measureRounds(
                candidates,
                generator,
                concurrency,
                ROUTE_PATH,
                PROCESSES_PER_CANDIDATE,
              );
              appendSamples(into, measured);
            }
          } finally {
            for (const child of children) await child.close();
          }
        }
        const ours = names.filter((name) => name.includes('-ours')).length;
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
 * same route has measured 0.73× its twin in one process) cannot carry a
 * candidate's figure.
 */
const PROCESSES_PER_CANDIDATE = sized(4, 1);

function emptySamples(names: readonly RouteCandidateName[]): Map<RouteCandidateName, Samples> {
  return new Map(names.map((name) => [name, { rates: [], cpuMicros: [], latenciesMs: [] }]));
}

function appendSamples(
  into: Map<RouteCandidateName, Samples>,
  measured: Map<RouteCandidateName, Samples>,
): void {
  for (const [name, { rates, cpuMicros, latenciesMs }] of measured) {
    const target = into.get(name) as Samples;
    target.rates.push(...rates);
    target.cpuMicros.push(...cpuMicros);
    target.latenciesMs.push(...latenciesMs);
  }
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

/** Each cloud-token route and the bare route it is held against. */
const PAIRS: readonly (readonly [RouteCandidateName, RouteCandidateName])[] = [
  ['fetch-ours', 'fetch-bare'],
  ['fetch-ours-signal', 'fetch-bare-signal'],
  ['express-ours', 'express-bare'],
  ['koa-ours', 'koa-bare'],
  ['nest-service-ours', 'fetch-bare'],
  ['nest-http-ours', 'nest-http-bare'],
];

function pairFigures(samples: Map<RouteCandidateName, Samples>, concurrency: number): Figure[] {
  const at = `concurrency ${concurrency}`;
  const rate = (name: RouteCandidateName) => median(samples.get(name)?.rates ?? []);
  const cpu = (name: RouteCandidateName) => median(samples.get(name)?.cpuMicros ?? []);
  const label = (name: RouteCandidateName) => ROUTE_CANDIDATES[name].label;
  const noise: readonly [RouteCandidateName, RouteCandidateName] = [
    'fetch-bare-again',
    'fetch-bare',
  ];
  return [noise, ...PAIRS].flatMap(([ours, bare]) => {
    const isNoise = ours === noise[0];
    return [
      {
        figure: `${label(ours)}, ${at}: requests/s`,
        value: rate(ours),
        unit: 'req/s',
        baseline: rate(bare),
        baselineLabel: label(bare),
        ...(isNoise ? {} : { target: { kind: 'ratio-at-least', limit: 0.97 } as const }),
      },
      {
        figure: `${label(ours)}, ${at}: CPU per request (route process)`,
        value: cpu(ours),
        unit: 'µs',
        baseline: cpu(bare),
        baselineLabel: label(bare),
        ...(isNoise ? {} : { target: { kind: 'ratio-at-most', limit: 1.05 } as const }),
      },
    ];
  });
}
