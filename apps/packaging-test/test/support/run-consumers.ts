import { runNode } from './run-node.js';

/** The reports of a package's ESM and CJS consumer scripts. */
export interface FormatReports<Report> {
  esm: Report;
  cjs: Report;
}

/** Runs one of the consumer scripts and parses the JSON report it prints. */
export async function runConsumer<Report>(consumerDir: string, script: string): Promise<Report> {
  const { stdout } = await runNode(consumerDir, [script]);
  return JSON.parse(stdout) as Report;
}

/** Runs `<name>.mjs` and `<name>.cjs` in the consumer project, side by side. */
export async function runBothConsumers<Report>(
  consumerDir: string,
  name: string,
): Promise<FormatReports<Report>> {
  const [esm, cjs] = await Promise.all([
    runConsumer<Report>(consumerDir, `${name}.mjs`),
    runConsumer<Report>(consumerDir, `${name}.cjs`),
  ]);
  return { esm, cjs };
}
