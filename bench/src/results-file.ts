import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { meetsTarget, type SuiteFigure, type Target } from './figure.js';

/** One figure as `bench/results/latest.json` holds it. */
export interface ResultEntry {
  readonly suite: string;
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number | null;
  readonly baselineLabel: string | null;
  /** `value ÷ baseline`, or `null` without a baseline. */
  readonly ratio: number | null;
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
}

/** Where the full run's figures go. */
export const RESULTS_FILE = new URL('../results/latest.json', import.meta.url);

/** The run's figures with the machine and Node version, ready to write. */
export function toResults(figures: readonly SuiteFigure[]): Results {
  const processors = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    machine: {
      platform: process.platform,
      arch: process.arch,
      cpus: processors.length,
      cpuModel: processors[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 1_024 ** 3),
      loadAverage: loadavg().map((load) => Math.round(load * 10) / 10),
    },
    figures: figures.map((figure) => ({
      suite: figure.suite,
      figure: figure.figure,
      value: figure.value,
      unit: figure.unit,
      baseline: figure.baseline ?? null,
      baselineLabel: figure.baselineLabel ?? null,
      ratio: figure.baseline === undefined ? null : figure.value / figure.baseline,
      target: figure.target ?? null,
      met: meetsTarget(figure) ?? null,
    })),
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
