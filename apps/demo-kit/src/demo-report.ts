import { readFile, writeFile } from 'node:fs/promises';
import type { AdapterName, TourSteps } from './tour-steps.js';

/**
 * What a demo hands to the `pnpm demo` runner: its adapter and what its
 * tour measured at each step.
 *
 * @example
 * ```ts
 * const report: DemoReport = { adapter: 'core', steps, realClouds: [] };
 * ```
 */
export interface DemoReport {
  adapter: AdapterName;
  steps: TourSteps;
  /** The real clouds the demo also toured (from credentials in the environment). */
  realClouds: string[];
}

/**
 * The environment variable through which the runner tells a demo where to
 * write its {@link DemoReport} (JSON). Unset → the demo prints its own summary.
 */
export const demoReportVariable = 'CLOUD_TOKEN_DEMO_REPORT';

/**
 * Writes a demo's report as JSON.
 *
 * @example
 * ```ts
 * await writeDemoReport(process.env[demoReportVariable], { adapter: 'core', steps, realClouds: [] });
 * ```
 */
export async function writeDemoReport(path: string, report: DemoReport): Promise<void> {
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * Reads the report a demo wrote.
 *
 * @returns the report, or `undefined` when the demo wrote none (it failed before its end)
 * @example
 * ```ts
 * const report = await readDemoReport(path);
 * ```
 */
export async function readDemoReport(path: string): Promise<DemoReport | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as DemoReport);
}
