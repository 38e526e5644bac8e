import type { Emulator } from '@cloud-token/emulator';
import { demoReportVariable, writeDemoReport } from './demo-report.js';
import {
  type RealCloudTarget,
  realCloudHint,
  realCloudTargetsFromEnv,
} from './real-cloud-target.js';
import { formatSummaryTable } from './summary-table.js';
import { startTourEmulator } from './tour-emulator.js';
import { createTourOutput, type TourOutput } from './tour-output.js';
import type { AdapterName, TourSteps } from './tour-steps.js';

/**
 * One demo app: its adapter, its tour of the emulator and, optionally, its
 * tour of the real cloud.
 *
 * @example
 * ```ts
 * const demo: Demo<TourFigures> = {
 *   adapter: 'axios',
 *   title: 'cloud-token — axios with @cloud-token/axios',
 *   figuresFrom: "the emulator's counters",
 *   emulatorTour: runEmulatorTour,
 *   tourSteps,
 * };
 * ```
 */
export interface Demo<Figures extends object> {
  /** Its column in the summary. */
  adapter: AdapterName;
  /** The first line printed. */
  title: string;
  /** Where the summary's figures come from, e.g. `"the emulator's counters"`. */
  figuresFrom: string;
  /** Walks through the adapter's rules against the emulator and returns what it measured. */
  emulatorTour(emulator: Emulator, output: TourOutput): Promise<Figures>;
  /** The six steps every tour shows, out of the tour's figures. */
  tourSteps(figures: Figures): TourSteps;
  /** Runs for each real cloud whose credentials are in the environment (see {@link realCloudTargetsFromEnv}). */
  realCloudTour?(target: RealCloudTarget, output: TourOutput): Promise<void>;
}

/**
 * Where a demo prints and which environment it reads: the process's own, but
 * for tests.
 *
 * @example
 * ```ts
 * await runDemo(demo, { console: new Console({ stdout: sink }), env: {} });
 * ```
 */
export interface DemoIo {
  console: Console;
  env: NodeJS.ProcessEnv;
}

/**
 * Runs a demo: starts the emulator, runs the emulator tour, closes the
 * emulator (even when the tour fails), then runs the real-cloud tour for each
 * cloud with credentials in the environment. Run by `pnpm demo` (the
 * environment names a report file, see {@link demoReportVariable}), it writes
 * its six steps there for the runner's table; run alone, it prints its own
 * one-column summary and the real-cloud hint.
 *
 * @returns the six steps the tour measured
 * @example
 * ```ts
 * await runDemo({
 *   adapter: 'axios',
 *   title: 'cloud-token — axios with @cloud-token/axios',
 *   figuresFrom: "the emulator's counters",
 *   emulatorTour: runEmulatorTour,
 *   tourSteps,
 *   realCloudTour: runRealCloudTour,
 * });
 * ```
 */
export async function runDemo<Figures extends object>(
  demo: Demo<Figures>,
  io: DemoIo = { console, env: process.env },
): Promise<TourSteps> {
  const print = (line: string): void => io.console.log(line);
  const output = createTourOutput(print);
  print(demo.title);
  const emulator = await startTourEmulator();
  print(`The emulator (a local cloud) listens at ${emulator.url}`);
  let steps: TourSteps;
  try {
    steps = demo.tourSteps(await demo.emulatorTour(emulator, output));
  } finally {
    await emulator.close();
  }

  const targets = demo.realCloudTour ? realCloudTargetsFromEnv(io.env) : [];
  for (const target of targets) await demo.realCloudTour?.(target, output);

  const reportPath = io.env[demoReportVariable];
  if (reportPath) {
    await writeDemoReport(reportPath, {
      adapter: demo.adapter,
      steps,
      realClouds: targets.map((target) => target.cloud),
    });
    return steps;
  }
  print('');
  print(`Summary (from ${demo.figuresFrom}):`);
  const summary = formatSummaryTable([{ adapter: demo.adapter, steps }]);
  for (const line of summary.lines) print(line);
  if (demo.realCloudTour && targets.length === 0) {
    print('');
    print(realCloudHint);
  }
  return steps;
}
