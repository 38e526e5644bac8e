import type { Emulator } from '@cloud-token/emulator';
import { type RealCloudTarget, realCloudTargetFromEnv } from './real-cloud-target.js';
import { startTourEmulator } from './tour-emulator.js';
import { createTourOutput, type TourOutput } from './tour-output.js';

/**
 * One demo app: its title, its tour of the emulator and, optionally, its tour
 * of the real cloud.
 *
 * @example
 * ```ts
 * const demo: Demo<TourFigures> = {
 *   title: 'cloud-token — axios with @cloud-token/axios',
 *   figuresFrom: "the emulator's counters",
 *   emulatorTour: runEmulatorTour,
 * };
 * ```
 */
export interface Demo<Figures extends object> {
  /** The first line printed. */
  title: string;
  /** Where the summary's figures come from, e.g. `"the emulator's counters"`. */
  figuresFrom: string;
  /** Walks through the adapter's rules against the emulator; its figures become the summary table. */
  emulatorTour(emulator: Emulator, output: TourOutput): Promise<Figures>;
  /** Runs when the environment holds real-cloud credentials (see {@link realCloudTargetFromEnv}). */
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
 * Runs a demo: starts the emulator, runs the emulator tour, prints its figures
 * as a summary table, closes the emulator (even when the tour fails), then
 * runs the real-cloud tour, or says how to enable it.
 *
 * @example
 * ```ts
 * await runDemo({
 *   title: 'cloud-token — axios with @cloud-token/axios',
 *   figuresFrom: "the emulator's counters",
 *   emulatorTour: runEmulatorTour,
 *   realCloudTour: runRealCloudTour,
 * });
 * ```
 */
export async function runDemo<Figures extends object>(
  demo: Demo<Figures>,
  io: DemoIo = { console, env: process.env },
): Promise<void> {
  const print = (line: string): void => io.console.log(line);
  const output = createTourOutput(print);
  print(demo.title);
  const emulator = await startTourEmulator();
  print(`The emulator (a local cloud) listens at ${emulator.url}`);
  try {
    const figures = await demo.emulatorTour(emulator, output);
    print('');
    print(`Summary (from ${demo.figuresFrom}):`);
    io.console.table(figures);
  } finally {
    await emulator.close();
  }

  if (!demo.realCloudTour) return;
  const target = realCloudTargetFromEnv(io.env);
  if (target) {
    await demo.realCloudTour(target, output);
  } else {
    print('');
    print(
      'Set ASPOSE_CLIENT_ID and ASPOSE_CLIENT_SECRET (optionally CLOUD_TOKEN_PROBE_PATH) to run against the real cloud too.',
    );
  }
}
