import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { meetsTarget, ratioOf, type SuiteFigure, type Target } from './figure.js';
import { BRIEF } from './quick.js';

/** One figure as `bench/results/latest.json` holds it. */
export interface ResultEntry {
  readonly suite: string;
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number | null;
  readonly baselineLabel: string | null;
  /**
   * `value ÷ baseline`, or the median of each round's ratio when the suite
   * measured pairwise (`paired`); `null` without a baseline.
   */
  readonly ratio: number | null;
  /** True when `ratio` is the median of each round's ratio, not the ratio of the medians. */
  readonly paired?: boolean;
  readonly target: Target | null;
  /** Whether the target is met; `null` without a target. */
  readonly met: boolean | null;
}

/** What a full `pnpm bench` run writes to `bench/results/latest.json`. */
export interface Results {
  readonly date: string;
  readonly node: string;
  readonly machine: {
    readonly platform: string;
    readonly arch: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    /** The 1-, 5- and 15-minute load averages when the run ended: how busy the machine was. */
    readonly loadAverage: readonly number[];
  };
  readonly figures: readonly ResultEntry[];
  /**
   * When each suite's figures were measured and how busy the machine was
   * then: a run of chosen suites replaces only their figures.
   */
  readonly suiteRuns?: Readonly<Record<string, SuiteRun>>;
}

/** When one suite ran, and the 1-, 5- and 15-minute load averages as it ended. */
export interface SuiteRun {
  readonly date: string;
  readonly loadAverage: readonly number[];
  /** `'brief'`: measured with `--brief`, fewer and shorter rounds. */
  readonly mode?: 'brief';
}

/** Where the full run's figures go. */
export const RESULTS_FILE = new URL('../results/latest.json', import.meta.url);

/**
 * The run's figures with the machine and Node version, ready to write. With
 * `previous` (a run of chosen suites), the figures of the suites this run
 * did not measure are kept from it, with the date and load of their own run.
 */
export function toResults(figures: readonly SuiteFigure[], previous?: Results): Results {
  const processors = cpus();
  const date = new Date().toISOString();
  const loadAverage = loadavg().map((load) => Math.round(load * 10) / 10);
  const measured = new Set(figures.map((figure) => figure.suite));
  const kept = (previous?.figures ?? []).filter((entry) => !measured.has(entry.suite));
  const suiteRuns: Record<string, SuiteRun> = {};
  for (const entry of kept) {
    suiteRuns[entry.suite] = previous?.suiteRuns?.[entry.suite] ?? {
      date: previous?.date ?? date,
      loadAverage: previous?.machine.loadAverage ?? [],
    };
  }
  for (const suite of measured) {
    suiteRuns[suite] = BRIEF ? { date, loadAverage, mode: 'brief' } : { date, loadAverage };
  }
  const entries = figures.map((figure) => ({
    suite: figure.suite,
    figure: figure.figure,
    value: figure.value,
    unit: figure.unit,
    baseline: figure.baseline ?? null,
    baselineLabel: figure.baselineLabel ?? null,
    ratio: ratioOf(figure) ?? null,
    ...(figure.ratio === undefined ? {} : { paired: true }),
    target: figure.target ?? null,
    met: meetsTarget(figure) ?? null,
  }));
  const bySuite = (entry: ResultEntry) => Number.parseInt(entry.suite, 10);
  return {
    date,
    node: process.version,
    machine: {
      platform: process.platform,
      arch: process.arch,
      cpus: processors.length,
      cpuModel: processors[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 1_024 ** 3),
      loadAverage,
    },
    // Suites in their numbered order, whichever run measured them.
    figures: [...kept, ...entries].sort((a, b) => bySuite(a) - bySuite(b)),
    suiteRuns,
  };
}

/** Writes `results` to {@link RESULTS_FILE}. */
export async function writeResults(results: Results): Promise<void> {
  await mkdir(new URL('.', RESULTS_FILE), { recursive: true });
  // Arrays of plain values on one line, as the repository's formatter (Biome) writes them.
  const json = JSON.stringify(results, null, 2).replace(
    /\[\n\s+([^[\]{}]*?)\n\s*\]/g,
    (_match, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`,
  );
  await writeFile(RESULTS_FILE, `${json}\n`);
}

/** Reads {@link RESULTS_FILE}. */
export async function readResults(): Promise<Results> {
  return JSON.parse(await readFile(RESULTS_FILE, 'utf8')) as Results;
}
