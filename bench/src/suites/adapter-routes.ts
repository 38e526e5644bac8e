import type { Emulator } from '@cloud-token/emulator';
import { type BenchChild, startChild } from '../child-process.js';
import { emulatorCredentials, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import { measureRounds, type Samples } from '../interleaved-rounds.js';
import { median } from '../measure.js';
import type { CandidateConfig } from '../proxies/proxy-candidates.js';
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
 * CPU per request read from `/proc` for the route's process alone.
 */
export const adapterRoutes: Suite = {
  title: '15 adapter routes, each in its own process',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const api = await startApiServer();
      const names = Object.keys(ROUTE_CANDIDATES) as RouteCandidateName[];
      const children: BenchChild<{ url: string }>[] = [];
      let generator: BenchChild<Record<string, never>> | undefined;
      try {
        const config = routeConfig(emulator, api.ready.url);
        for (const name of names) children.push(await startRouteCandidate(name, config));
        const candidates = names.map((name, index) => ({
          name,
          child: children[index] as BenchChild<{ url: string }>,
        }));
        generator = await startChild(
          new URL('../children/dispatch-load-generator.ts', import.meta.url),
        );
        const figures: Figure[] = [];
        for (const concurrency of [50, 1]) {
          const samples = await measureRounds(candidates, generator, concurrency, ROUTE_PATH);
          figures.push(...pairFigures(samples, concurrency));
        }
        const ours = names.filter((name) => name.includes('-ours')).length;
        checks.expect(
          emulator.stats.tokenRequests.total === ours,
          `adapter routes: ${emulator.stats.tokenRequests.total} token requests, expected ${ours} (one per cloud-token route)`,
        );
        return figures;
      } finally {
        await generator?.close();
        for (const child of children) await child.close();
        await api.close();
      }
    }),
};

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
