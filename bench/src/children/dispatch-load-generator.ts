import { Pool } from 'undici';
import { serveParent } from '../child-process.js';
import { runLoad } from '../load.js';

/**
 * A load generator in its own process, cheap enough not to be the
 * bottleneck of the fastest proxy: undici's `Pool.request` with one
 * keep-alive connection per concurrent request, kept between commands.
 * `{ url, total, concurrency }` sends `total` GETs to `url` and answers with
 * requests/s and every latency; a non-200 answer fails the command.
 */
const pools = new Map<string, Pool>();

serveParent({}, async (command) => {
  const url = new URL(String(command.url));
  const concurrency = Number(command.concurrency);
  const key = `${url.origin} ${concurrency}`;
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = new Pool(url.origin, { connections: concurrency, keepAliveTimeout: 60_000 });
    pools.set(key, pool);
  }
  const client = pool;
  const path = `${url.pathname}${url.search}`;
  const result = await runLoad(Number(command.total), concurrency, async () => {
    const answer = await client.request({ path, method: 'GET' });
    await answer.body.dump();
    if (answer.statusCode !== 200) throw new Error(`expected 200, got ${answer.statusCode}`);
  });
  return { requestsPerSecond: result.requestsPerSecond, latenciesMs: result.latenciesMs };
});
