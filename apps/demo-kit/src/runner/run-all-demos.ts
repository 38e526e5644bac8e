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
 * `pnpm demo`: builds the demos that need a build (the NestJS one, compiled
 * by tsc for its decorator metadata) quietly, their log shown only if a build
 * fails; runs every demo in turn with its own output and nothing else; then
 * prints one table, a column per adapter and a row per tour step, from the
 * reports the demos wrote. Exits 0 only when every cell behaved.
 *
 * The demos run the workspace packages from their sources (tsx with the
 * paths of `tsconfig.sources.json`), as the tests do, so no package build
 * stands between a fresh clone and the tour; the packed tarballs are tested
 * by `apps/packaging-test`.
 */

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** The demo apps, in the order of the table's columns. */
const demoApps = ['core-demo', 'axios-demo', 'express-demo', 'koa-demo', 'nestjs-demo'];

const quiet: NodeJS.ProcessEnv = { DO_NOT_TRACK: '1', FORCE_COLOR: '0' };

function withBins(dir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const bins = [join(dir, 'node_modules', '.bin'), join(root, 'node_modules', '.bin')];
  return { ...env, PATH: [...bins, env.PATH ?? ''].join(delimiter) };
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

interface DemoApp {
  name: string;
  dir: string;
  scripts: { build?: string; demo?: string };
}

const apps: DemoApp[] = demoApps.map((name) => {
  const dir = join(root, 'apps', name);
  const manifest = join(dir, 'package.json');
  const scripts = existsSync(manifest)
    ? ((JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: DemoApp['scripts'] }).scripts ??
      {})
    : {};
  return { name, dir, scripts };
});

const started = performance.now();
const builds = apps.filter((app) => app.scripts.build);
if (builds.length > 0) {
  console.log(
    `Building ${builds.map((app) => app.name).join(', ')} (quietly; the log shows only on failure)…`,
  );
}
for (const app of builds) {
  const build = await runCaptured('sh', ['-c', app.scripts.build ?? ''], {
    cwd: app.dir,
    env: withBins(app.dir, { ...process.env, ...quiet }),
  });
  if (build.code !== 0) {
    process.stderr.write(build.output);
    console.error(`\nThe build of apps/${app.name} failed (exit code ${build.code}); no demo ran.`);
    process.exit(1);
  }
}

const reports = mkdtempSync(join(tmpdir(), 'cloud-token-demo-'));
const columns: SummaryColumn[] = [];
const realClouds = new Set<string>();
try {
  for (const app of apps) {
    const reportPath = join(reports, `${app.name}.json`);
    const script = app.scripts.demo;
    if (script) {
      console.log(`\n${'═'.repeat(100)}\n`);
      const code = await runShown(script, {
        cwd: app.dir,
        env: withBins(app.dir, { ...process.env, ...quiet, [demoReportVariable]: reportPath }),
      });
      if (code !== 0) console.error(`\napps/${app.name} ended with exit code ${code}`);
    } else {
      console.error(`\napps/${app.name} has no demo script`);
    }
    const report = await readDemoReport(reportPath);
    for (const cloud of report?.realClouds ?? []) realClouds.add(cloud);
    columns.push({
      adapter: report?.adapter ?? adapterNames[columns.length] ?? app.name,
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
console.log(
  'core and axios run in the caller, not behind a server: their token endpoint 429 is the typed\nERR_RATE_LIMITED error with its retryAfter, which the server adapters answer as 503 + Retry-After.',
);
console.log('');
console.log(
  realClouds.size > 0
    ? `The safe steps also ran against ${[...realClouds].join(' and ')} (above).`
    : realCloudHint,
);
process.exitCode = summary.allBehaved ? 0 : 1;
