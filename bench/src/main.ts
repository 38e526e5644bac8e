import { BehaviourChecks } from './behaviour-checks.js';
import type { SuiteFigure } from './figure.js';
import { QUICK } from './quick.js';
import { renderResults } from './render-results.js';
import { formatResultTable } from './result-table.js';
import { readResults, toResults, writeResults } from './results-file.js';
import type { Suite } from './suite.js';
import { adapterRoutes } from './suites/adapter-routes.js';
import { authorizedFetchOverhead } from './suites/authorized-fetch-overhead.js';
import { axiosOverhead } from './suites/axios-overhead.js';
import { chaosSoak } from './suites/chaos-soak.js';
import { disconnectWiring } from './suites/disconnect-wiring.js';
import { expressOverhead } from './suites/express-overhead.js';
import { failingTokenEndpoint } from './suites/failing-token-endpoint.js';
import { fastifyRoute } from './suites/fastify-route.js';
import { herds } from './suites/herds.js';
import { longRunMemory } from './suites/long-run-memory.js';
import { memory } from './suites/memory.js';
import { nestjsHttpService } from './suites/nestjs-http-service.js';
import { oauthClientPeers } from './suites/oauth-client-peers.js';
import { officialSdksSuite } from './suites/official-sdks.js';
import { proxyPeers } from './suites/proxy-peers.js';
import { redisStoreCachedPath } from './suites/redis-store-cached-path.js';
import { separateProcessClient } from './suites/separate-process-client.js';
import { separateProcessServers } from './suites/separate-process-servers.js';
import { tokenSourceHotPath } from './suites/token-source-hot-path.js';
import { wrongSecret } from './suites/wrong-secret.js';

const SUITES: readonly Suite[] = [
  tokenSourceHotPath,
  herds,
  authorizedFetchOverhead,
  axiosOverhead,
  expressOverhead,
  memory,
  wrongSecret,
  failingTokenEndpoint,
  separateProcessClient,
  separateProcessServers,
  longRunMemory,
  nestjsHttpService,
  redisStoreCachedPath,
  officialSdksSuite,
  fastifyRoute,
  proxyPeers,
  adapterRoutes,
  oauthClientPeers,
  chaosSoak,
  disconnectWiring,
];

/**
 * Runs every suite in order (or those whose title contains one of the
 * command-line words: `pnpm bench -- express memory`), prints each one's
 * figures as it finishes and one table at the end. `--quick` runs every suite
 * in a smoke mode; a run without `--quick` writes its figures to
 * `bench/results/latest.json` (a run of chosen suites replaces only theirs) and
 * regenerates the results in `docs/benchmarks.md` and its SVG chart. Exits non-zero only when
 * a suite crashed or a behavioural count was wrong; timing never fails the run.
 */
async function main(words: readonly string[]): Promise<number> {
  const checks = new BehaviourChecks();
  const all: SuiteFigure[] = [];
  const chosen = SUITES.filter(
    (suite) => words.length === 0 || words.some((word) => suite.title.includes(word)),
  );
  const mode = QUICK ? ' (--quick: smoke mode, figures are indicative only)' : '';
  console.log(
    `cloud-token bench: node ${process.version}, ${process.platform}/${process.arch}${mode}`,
  );
  for (const suite of chosen) {
    console.log(`\n## ${suite.title}`);
    const started = performance.now();
    const figures = (await suite.run({ checks })).map((figure) => ({
      ...figure,
      suite: suite.title,
    }));
    console.log(formatResultTable(figures));
    // Where a run's time goes (CI's `--quick` run included); never a figure, never a check.
    console.log(`\n${suite.title}: ${Math.round((performance.now() - started) / 1000)} s`);
    all.push(...figures);
  }
  console.log('\n## All figures (ratio = value ÷ baseline)\n');
  console.log(formatResultTable(all));
  if (!QUICK) {
    // A run of chosen suites replaces their figures and keeps the others'.
    const results = toResults(all, words.length === 0 ? undefined : await readResults());
    await writeResults(results);
    await renderResults(results);
    console.log(
      '\nWrote bench/results/latest.json, docs/benchmarks.md and docs/benchmarks-ratios.svg',
    );
  }
  if (checks.failures.length === 0) return 0;
  console.error('\nBehaviour checks failed:');
  for (const failure of checks.failures) console.error(`- ${failure}`);
  return 1;
}

main(process.argv.slice(2).filter((word) => !word.startsWith('--'))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('The bench crashed:', error);
    process.exitCode = 1;
  },
);
