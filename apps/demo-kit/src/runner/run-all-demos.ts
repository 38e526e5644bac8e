import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoReportVariable, readDemoReport } from '../demo-report.js';
import { realCloudHint } from '../real-cloud-target.js';
import { formatSummaryTable, type SummaryColumn } from '../summary-table.js';
import { adapterNames } from '../tour-steps.js';
import { runCaptured, runShown } from './run-captured.js';

/**
 * `pnpm demo`: builds the packages quietly (their log shows only if the build
 * fails), runs every demo in turn with its own output and nothing else, then
 * prints one table, a column per adapter and a row per tour step, from the
 * reports the demos wrote. Exits 0 only when every cell behaved.
 */

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** The demo apps, in the order of the table's columns. */
const demoApps = ['core-demo', 'axios-demo', 'express-demo', 'koa-demo', 'nestjs-demo'];

const quiet: NodeJS.ProcessEnv = {
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  FORCE_COLOR: '0',
};

function withBins(dir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const bins = [join(dir, 'node_modules', '.bin'), join(root, 'node_modules', '.bin')];
  return { ...env, PATH: [...bins, env.PATH ?? ''].join(delimiter) };
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

const started = performance.now();
console.log('cloud-token demos: building the packages (quietly; their log shows only on failure)');
const build = await runCaptured('turbo', ['run', 'build', '--output-logs=errors-only'], {
  cwd: root,
  env: withBins(root, { ...process.env, ...quiet }),
});
if (build.code !== 0) {
  process.stderr.write(build.output);
  console.error(`\nThe build failed (exit code ${build.code}); no demo ran.`);
  process.exit(1);
}
console.log(`built in ${seconds(started)}`);

const reports = mkdtempSync(join(tmpdir(), 'cloud-token-demo-'));
const columns: SummaryColumn[] = [];
const realClouds = new Set<string>();
try {
  for (const app of demoApps) {
    const dir = join(root, 'apps', app);
    const manifest = join(dir, 'package.json');
    const script = existsSync(manifest)
      ? (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: { demo?: string } }).scripts
          ?.demo
      : undefined;
    const reportPath = join(reports, `${app}.json`);
    if (script) {
      console.log(`\n${'═'.repeat(100)}\n`);
      const code = await runShown(script, {
        cwd: dir,
        env: withBins(dir, { ...process.env, ...quiet, [demoReportVariable]: reportPath }),
      });
      if (code !== 0) console.error(`\n${app} ended with exit code ${code}`);
    } else {
      console.error(`\napps/${app} has no demo script`);
    }
    const report = await readDemoReport(reportPath);
    for (const cloud of report?.realClouds ?? []) realClouds.add(cloud);
    columns.push({
      adapter: report?.adapter ?? adapterNames[columns.length] ?? app,
      steps: report?.steps,
    });
  }
} finally {
  rmSync(reports, { recursive: true, force: true });
}

const summary = formatSummaryTable(columns);
console.log(`\n${'═'.repeat(100)}\n`);
console.log(
  `Summary: every cell from the emulator's counters (✓ = behaved as promised), in ${seconds(started)}`,
);
for (const line of summary.lines) console.log(line);
console.log('');
console.log(
  realClouds.size > 0
    ? `The safe steps also ran against ${[...realClouds].join(' and ')} (above).`
    : realCloudHint,
);
process.exitCode = summary.allBehaved ? 0 : 1;
