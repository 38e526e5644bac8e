import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child-process.js';
import { withEmulator } from './emulator.js';
import {
  ROUTE_CANDIDATES,
  ROUTE_PATH,
  type RouteCandidateName,
} from './routes/route-candidates.js';
import { routeConfig, startRouteCandidate } from './suites/adapter-routes.js';
import { startApiServer } from './suites/separate-process-client.js';

/**
 * Profiles one route candidate of the adapter-route suite: starts it in its
 * own process under `node --cpu-prof`, loads it from the load generator's
 * process, stops it, and prints the self time of the functions that took the
 * most samples, and of every function in cloud-token's packages, as a share
 * of the samples and in µs per request (the profile's time over every
 * request it saw, warm-up included; the profiler samples wall time, so a
 * busy machine inflates every row alike). Given a file name, it also keeps
 * the profile there (for DevTools, or to compare two runs function by function).
 *
 *     cd bench && node --import tsx src/profile-route.ts express-ours [total] [concurrency] [keep.cpuprofile]
 */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly hitCount?: number;
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
}

const [name = 'express-ours', total = '20000', concurrency = '50', keep] = process.argv.slice(2);
const WARM_UP = 2_000;
if (!(name in ROUTE_CANDIDATES)) throw new Error(`no route candidate named ${name}`);

const directory = await mkdtemp(join(tmpdir(), 'cloud-token-profile-'));
try {
  await withEmulator(async (emulator) => {
    const api = await startApiServer();
    const flags = [...process.execArgv, '--cpu-prof', '--cpu-prof-dir', directory];
    const route = await startRouteCandidate(
      name as RouteCandidateName,
      routeConfig(emulator, api.ready.url),
      flags,
    );
    const generator = await startChild<Record<string, never>>(
      new URL('./children/dispatch-load-generator.ts', import.meta.url),
    );
    try {
      const url = `${route.ready.url}${ROUTE_PATH}`;
      await generator.request({ url, total: WARM_UP, concurrency: Number(concurrency) });
      const result = await generator.request<{ requestsPerSecond: number }>({
        url,
        total: Number(total),
        concurrency: Number(concurrency),
      });
      console.log(`${name}: ${Math.round(result.requestsPerSecond)} requests/s while profiled`);
    } finally {
      await generator.close();
      await route.close();
      await api.close();
    }
  });
  const [file] = await readdir(directory);
  if (file === undefined) throw new Error('the route process wrote no profile');
  if (keep !== undefined) await copyFile(join(directory, file), keep);
  const profile = JSON.parse(await readFile(join(directory, file), 'utf8')) as CpuProfile;
  printSelfTime(profile, WARM_UP + Number(total));
} finally {
  await rm(directory, { recursive: true, force: true });
}

function printSelfTime(profile: CpuProfile, requests: number): void {
  const byFunction = new Map<string, number>();
  let samples = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    samples += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url === '' ? '' : ` ${shortUrl(url)}:${lineNumber + 1}`;
    const key = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  }
  const rows = [...byFunction].sort((a, b) => b[1] - a[1]);
  const microsPerHit = (profile.endTime - profile.startTime) / samples / requests;
  const share = (hits: number) =>
    `${((100 * hits) / samples).toFixed(1).padStart(5)} % ${(hits * microsPerHit).toFixed(2).padStart(7)} µs`;
  const ours = rows.filter(([key]) => key.includes('@cloud-token/') || key.includes('packages/'));
  console.log(
    `${samples} samples, ${requests} requests; self time as a share and in µs per request`,
  );
  console.log('\nTop 25 functions by self time:');
  for (const [key, hits] of rows.slice(0, 25)) console.log(`  ${share(hits)}  ${key}`);
  const oursTotal = ours.reduce((sum, [, hits]) => sum + hits, 0);
  console.log(`\ncloud-token's own functions: ${share(oursTotal)} of self time`);
  for (const [key, hits] of ours.slice(0, 25)) console.log(`  ${share(hits)}  ${key}`);
}

function shortUrl(url: string): string {
  const packages = url.indexOf('/packages/');
  if (packages >= 0) return url.slice(packages + 1);
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  return url.replace(/^node:/, '');
}
