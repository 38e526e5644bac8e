import type { Figure } from './figure.js';
import { type LoadResult, runLoad } from './load.js';
import { median, percentile } from './measure.js';
import { sized } from './quick.js';

/** How one candidate is compared with its baseline under load. */
export interface LoadComparison {
  /** Names the load in the figures, e.g. `sequential` or `concurrency 50`. */
  readonly label: string;
  readonly total: number;
  readonly concurrency: number;
  readonly rounds: number;
  /** Requests of each kind sent before measuring (connections, JIT). */
  readonly warmup: number;
  readonly candidate: () => Promise<void>;
  readonly baseline: () => Promise<void>;
}

/** Sends `total` requests at `concurrency` and measures them (in this process or another). */
export type LoadRunner = (total: number, concurrency: number) => Promise<LoadResult>;

/** A {@link LoadComparison} whose sides are runners rather than single requests. */
export type RunnerComparison = Omit<LoadComparison, 'candidate' | 'baseline'> & {
  readonly candidate: LoadRunner;
  readonly baseline: LoadRunner;
};

/**
 * The load every overhead suite uses: many short rounds, alternating, so
 * that background load on a shared machine hits candidate and baseline alike.
 * Thirty: a round of 400 requests lasts a fraction of a second, and the
 * ratio of one round's two halves swings by tens of per cent on this machine.
 */
export const STANDARD_LOAD = sized(
  { total: 400, rounds: 30, warmup: 1_000 },
  { total: 100, rounds: 2, warmup: 100 },
  { total: 200, rounds: 4, warmup: 200 },
);

/** Concurrent requests in the concurrent runs. */
export const STANDARD_CONCURRENCY = 50;

interface Samples {
  readonly rates: number[];
  readonly cpuMicros: number[];
  readonly latenciesMs: number[];
}

/**
 * Runs candidate and baseline in alternating order, round after round, so
 * neither always runs on a warmer or a more fragmented process; reports the
 * median requests/s and CPU time per request of the rounds, each with the
 * median of the rounds' own ratios (the two halves of a round run back to
 * back, so the shared machine's drift cancels in each), and p50/p99 latency
 * over every request.
 */
export function compareLoad(comparison: LoadComparison): Promise<Figure[]> {
  const inProcess =
    (request: () => Promise<void>): LoadRunner =>
    (total, concurrency) =>
      runLoad(total, concurrency, request);
  return compareRunners({
    ...comparison,
    candidate: inProcess(comparison.candidate),
    baseline: inProcess(comparison.baseline),
  });
}

/** {@link compareLoad} for any two runners, e.g. a load generator in another process. */
export async function compareRunners(comparison: RunnerComparison): Promise<Figure[]> {
  const { label, total, concurrency, rounds, warmup } = comparison;
  const variants = [comparison.candidate, comparison.baseline].map((run) => ({
    run,
    samples: { rates: [], cpuMicros: [], latenciesMs: [] } as Samples,
  }));
  for (const { run } of variants) await run(warmup, concurrency);
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const { run, samples } of order) {
      const result = await run(total, concurrency);
      samples.rates.push(result.requestsPerSecond);
      samples.cpuMicros.push(result.cpuMicrosPerRequest);
      samples.latenciesMs.push(...result.latenciesMs);
    }
  }
  const [candidate, baseline] = variants.map((variant) => variant.samples) as [Samples, Samples];
  const roundRatios = (of: (samples: Samples) => number[]) =>
    of(candidate).map((value, round) => value / (of(baseline)[round] as number));
  return [
    {
      figure: `${label}: requests/s`,
      value: median(candidate.rates),
      unit: 'req/s',
      baseline: median(baseline.rates),
      ratio: median(roundRatios((samples) => samples.rates)),
    },
    {
      figure: `${label}: CPU per request`,
      value: median(candidate.cpuMicros),
      unit: 'µs',
      baseline: median(baseline.cpuMicros),
      ratio: median(roundRatios((samples) => samples.cpuMicros)),
    },
    {
      figure: `${label}: p50 latency`,
      value: percentile(candidate.latenciesMs, 50),
      unit: 'ms',
      baseline: percentile(baseline.latenciesMs, 50),
    },
    {
      figure: `${label}: p99 latency`,
      value: percentile(candidate.latenciesMs, 99),
      unit: 'ms',
      baseline: percentile(baseline.latenciesMs, 99),
    },
  ];
}
