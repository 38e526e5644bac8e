import type { BenchChild } from './child-process.js';
import { processCpuMicros } from './process-cpu.js';
import { sized } from './quick.js';

/** A server under test, loaded at `path` below its URL, and the process that serves it. */
export interface RoundCandidate<Name extends string> {
  readonly name: Name;
  readonly url: string;
  /** The process whose CPU time a round of this candidate reads. */
  readonly pid: number;
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

/** One round of `total` requests to `candidate` at `concurrency`: its rate, its latencies, its CPU per request. */
async function loadOnce(
  candidate: RoundCandidate<string>,
  generator: BenchChild<Record<string, never>>,
  concurrency: number,
  path: string,
  total: number,
): Promise<{ requestsPerSecond: number; latenciesMs: number[]; cpuMicrosPerRequest: number }> {
  const before = processCpuMicros(candidate.pid);
  const result = await generator.request<{ requestsPerSecond: number; latenciesMs: number[] }>({
    url: `${candidate.url}${path}`,
    total,
    concurrency,
  });
  return {
    ...result,
    cpuMicrosPerRequest: (processCpuMicros(candidate.pid) - before) / total,
  };
}

function emptySamples(): Samples {
  return { rates: [], cpuMicros: [], latenciesMs: [] };
}

function addSample(into: Samples, result: Awaited<ReturnType<typeof loadOnce>>): void {
  into.rates.push(result.requestsPerSecond);
  into.cpuMicros.push(result.cpuMicrosPerRequest);
  into.latenciesMs.push(...result.latenciesMs);
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
    candidates.map((candidate) => [candidate.name, emptySamples()]),
  );
  const run = (candidate: RoundCandidate<Name>, total: number) =>
    loadOnce(candidate, generator, concurrency, path, total);
  for (const candidate of candidates) await run(candidate, load.warmup);
  for (let round = 0; round < load.rounds; round += 1) {
    const order = round % 2 === 0 ? candidates : [...candidates].reverse();
    for (const candidate of order) {
      addSample(samples.get(candidate.name) as Samples, await run(candidate, load.total));
    }
  }
  return samples;
}

/** A candidate held against its baseline; the rounds load the two at once. */
export interface RoundPair<Name extends string> {
  readonly candidate: RoundCandidate<Name>;
  readonly baseline: RoundCandidate<Name>;
}

/** What the paired rounds collect for one pair: both sides' samples and each round's ratios. */
export interface PairSamples {
  readonly candidate: Samples;
  readonly baseline: Samples;
  /** Each round's candidate requests/s ÷ baseline requests/s. */
  readonly rateRatios: number[];
  /** Each round's candidate CPU per request ÷ baseline CPU per request. */
  readonly cpuRatios: number[];
}

/** Samples of a pair before its first round. */
export function emptyPairSamples(): PairSamples {
  return { candidate: emptySamples(), baseline: emptySamples(), rateRatios: [], cpuRatios: [] };
}

/**
 * Like {@link measureRounds}, but a round loads each pair's candidate and
 * baseline at the same time, each at `concurrency`, from the one load
 * generator, and records the ratio of the two: whatever else the shared
 * machine runs in those seconds slows both sides alike, where it moves
 * sides loaded one after the other by up to 30 % apart. The pairs take turns,
 * in the reverse order in every other round, and every other round starts
 * the baseline's load first.
 */
export async function measurePairedRounds<Name extends string>(
  pairs: readonly RoundPair<Name>[],
  generator: BenchChild<Record<string, never>>,
  concurrency: number,
  path: string,
  share = 1,
): Promise<PairSamples[]> {
  const load = roundLoad(concurrency, share);
  const both = async ({ candidate, baseline }: RoundPair<Name>, total: number, round: number) => {
    const run = (side: RoundCandidate<Name>) => loadOnce(side, generator, concurrency, path, total);
    // The side whose load the generator starts first changes from round to round.
    if (round % 2 === 0) return Promise.all([run(candidate), run(baseline)]);
    const [bare, ours] = await Promise.all([run(baseline), run(candidate)]);
    return [ours, bare] as const;
  };
  for (const pair of pairs) await both(pair, load.warmup, 0);
  const samples = pairs.map(emptyPairSamples);
  for (let round = 0; round < load.rounds; round += 1) {
    const order = pairs.map((pair, index) => ({ pair, into: samples[index] as PairSamples }));
    if (round % 2 === 1) order.reverse();
    for (const { pair, into } of order) {
      const [ours, bare] = await both(pair, load.total, round);
      addSample(into.candidate, ours);
      addSample(into.baseline, bare);
      into.rateRatios.push(ours.requestsPerSecond / bare.requestsPerSecond);
      into.cpuRatios.push(ours.cpuMicrosPerRequest / bare.cpuMicrosPerRequest);
    }
  }
  return samples;
}
