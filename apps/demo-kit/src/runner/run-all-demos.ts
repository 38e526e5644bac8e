import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoReportVariable, readDemoReport } from '../demo-report.js';
import { realCloudHint } from '../real-cloud-target.js';
import { formatSummaryTable, type SummaryColumn } from '../summary-table.js';
import { adapterNames } from '../tour-steps.js';
import { type CapturedRun, type HeldRun, runCaptured, runHeld } from './run-captured.js';

/**
 * `pnpm demo`: builds the demos that need a build (the NestJS one, compiled
 * by tsc for its decorator metadata) quietly, their log shown only if a build
 * fails; runs every demo with its own output and nothing else (two at a time,
 * each one's output shown whole and in order); then prints one table, a
 * column per adapter and a row per tour step, from the reports the demos
 * wrote. Exits 0 only when every cell behaved.
 *
 * The demos run the workspace packages from their sources (tsx with the
 * paths of `tsconfig.sources.json`), as the tests do, so no package build
 * stands between a fresh clone and the tour; the packed tarballs are tested
 * by `apps/packaging-test`.
 */

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** The demo apps, in the order of the table's columns. */
const demoApps = ['core-demo', 'axios-demo', 'express-demo', 'koa-demo', 'nestjs-demo', 'sdk-demo'];

const quiet: NodeJS.ProcessEnv = { DO_NOT_TRACK: '1', FORCE_COLOR: '0' };

function withBins(dir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const bins = [join(dir, 'node_modules', '.bin'), join(root, 'node_modules', '.bin')];
  // The runner's own `tsx --tsconfig` reaches children through this variable; each demo
  // reads its own tsconfig.json instead (the NestJS one needs its decorator options).
  const { TSX_TSCONFIG_PATH: _runnersTsconfig, ...own } = env;
  return { ...own, PATH: [...bins, env.PATH ?? ''].join(delimiter) };
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

const startedAt = performance.now();
const builds = apps.filter((app) => app.scripts.build);
if (builds.length > 0) {
  console.log(
    `Building ${builds.map((app) => `apps/${app.name}`).join(', ')} meanwhile (quietly: its log shows only if it fails)`,
  );
}
// Builds start at once and run while the demos that need none tour.
const building = new Map<string, Promise<CapturedRun>>(
  builds.map((app) => [
    app.name,
    runCaptured(app.scripts.build ?? '', {
      cwd: app.dir,
      env: withBins(app.dir, { ...process.env, ...quiet }),
    }),
  ]),
);

/** Demos tour at once, at most this many (the machine may have two cores). */
const concurrency = 2;
const reports = mkdtempSync(join(tmpdir(), 'cloud-token-demo-'));
const reportOf = (app: DemoApp): string => join(reports, `${app.name}.json`);

/** Builds the demo if it needs it, then starts it with its output held back. */
async function startDemo(app: DemoApp): Promise<HeldRun | string> {
  const build = await building.get(app.name);
  if (build && build.code !== 0) {
    return `${build.output}\nThe build of apps/${app.name} failed (exit code ${build.code}).`;
  }
  if (!app.scripts.demo) return `apps/${app.name} has no demo script`;
  return runHeld(app.scripts.demo, {
    cwd: app.dir,
    env: withBins(app.dir, { ...process.env, ...quiet, [demoReportVariable]: reportOf(app) }),
  });
}

const columns: SummaryColumn[] = [];
const realClouds = new Set<string>();
try {
  const started: Promise<HeldRun | string>[] = [];
  const startNext = (): void => {
    const app = apps[started.length];
    if (app) started.push(startDemo(app));
  };
  for (let index = 0; index < concurrency; index += 1) startNext();
  for (const [index, app] of apps.entries()) {
    console.log(`\n${'═'.repeat(100)}\n`);
    const run = await started[index];
    if (typeof run === 'string') {
      console.error(run);
    } else {
      const code = await run?.show();
      if (code !== 0) console.error(`\napps/${app.name} ended with exit code ${code}`);
    }
    startNext();
    const report = await readDemoReport(reportOf(app));
    for (const cloud of report?.realClouds ?? []) realClouds.add(cloud);
    columns.push({
      adapter: report?.adapter ?? adapterNames[index] ?? app.name,
      steps: report?.steps,
    });
  }
} finally {
  rmSync(reports, { recursive: true, force: true });
}

const summary = formatSummaryTable(columns);
console.log(`\n${'═'.repeat(100)}\n`);
console.log(
  `Summary: every cell from the emulator's counters (✓ = behaved as promised), in ${seconds(startedAt)}`,
);
for (const line of summary.lines) console.log(line);
console.log(
  'core, axios and the Words SDK run in the caller, not behind a server: their token endpoint 429 is the\ntyped ERR_RATE_LIMITED error with its retryAfter, which the server adapters answer as 503 + Retry-After.',
);
console.log('');
console.log(
  realClouds.size > 0
    ? `The safe steps also ran against ${[...realClouds].join(' and ')} (above).`
    : realCloudHint,
);
process.exitCode = summary.allBehaved ? 0 : 1;
