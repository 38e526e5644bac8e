import type { BenchChild } from './child-process.js';
import { processCpuMicros } from './process-cpu.js';
import { sized } from './quick.js';

/** A server under test, in its own process, loaded at `path`. */
export interface RoundCandidate<Name extends string> {
  readonly name: Name;
  readonly child: BenchChild<{ url: string }>;
}

/** What the rounds collect for one candidate. */
export interface Samples {
  readonly rates: number[];
  readonly cpuMicros: number[];
  readonly latenciesMs: number[];
}

/** How many requests a round sends, how many rounds, how many requests warm each candidate up. */
export interface RoundLoad {
  readonly total: number;
  readonly rounds: number;
  readonly warmup: number;
}

/** The rounds at concurrency 50. */
export const CONCURRENT_LOAD: RoundLoad = sized(
  { total: 3_000, rounds: 8, warmup: 2_000 },
  { total: 200, rounds: 2, warmup: 100 },
  { total: 600, rounds: 4, warmup: 300 },
);
/** The rounds at concurrency 1. */
export const SEQUENTIAL_LOAD: RoundLoad = sized(
  { total: 800, rounds: 8, warmup: 300 },
  { total: 50, rounds: 2, warmup: 20 },
  { total: 150, rounds: 4, warmup: 50 },
);

/**
 * The load at `concurrency`, with `1 / share` of its rounds (at least one):
 * the part of them one set of processes runs when the rounds are split
 * among successive processes.
 */
function roundLoad(concurrency: number, share = 1): RoundLoad {
  const load = concurrency === 1 ? SEQUENTIAL_LOAD : CONCURRENT_LOAD;
  return { ...load, rounds: Math.max(1, Math.round(load.rounds / share)) };
}

/**
 * Loads every candidate at `path` once per round from the load generator's
 * process, alternating the order; reads each candidate's CPU time from
 * `/proc` around its round. Medians come later. With `share`, it runs
 * that part of the rounds (see {@link roundLoad}).
 */
export async function measureRounds<Name extends string>(
  candidates: readonly RoundCandidate<Name>[],
  generator: BenchChild<Record<string, never>>,
  concurrency: number,
  path: string,
  share = 1,
): Promise<Map<Name, Samples>> {
  const load = roundLoad(concurrency, share);
  const samples = new Map<Name, Samples>(
    candidates.map((candidate) => [candidate.name, { rates: [], cpuMicros: [], latenciesMs: [] }]),
  );
  const run = async (candidate: RoundCandidate<Name>, total: number) => {
    const before = processCpuMicros(candidate.child.pid);
    const result = await generator.request<{ requestsPerSecond: number; latenciesMs: number[] }>({
      url: `${candidate.child.ready.url}${path}`,
      total,
      concurrency,
    });
    return {
      ...result,
      cpuMicrosPerRequest: (processCpuMicros(candidate.child.pid) - before) / total,
    };
  };
  for (const candidate of candidates) await run(candidate, load.warmup);
  for (let round = 0; round < load.rounds; round += 1) {
    const order = round % 2 === 0 ? candidates : [...candidates].reverse();
    for (const candidate of order) {
      const result = await run(candidate, load.total);
      const into = samples.get(candidate.name) as Samples;
      into.rates.push(result.requestsPerSecond);
      into.cpuMicros.push(result.cpuMicrosPerRequest);
      into.latenciesMs.push(...result.latenciesMs);
    }
  }
  return samples;
}
