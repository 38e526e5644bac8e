import { serveParent } from '../child-process.js';
import { runLoad } from '../load.js';
import { readOk } from '../read-ok.js';

/**
 * A load generator in its own process: `{ url, total, concurrency }` sends
 * `total` keep-alive GETs to `url`, at most `concurrency` at a time, and
 * answers with requests/s and every latency. The server under test keeps
 * its process to itself, as it would behind a real client.
 */
serveParent({}, async (command) => {
  const url = String(command.url);
  const result = await runLoad(Number(command.total), Number(command.concurrency), async () =>
    readOk(await fetch(url)),
  );
  return { requestsPerSecond: result.requestsPerSecond, latenciesMs: result.latenciesMs };
});
