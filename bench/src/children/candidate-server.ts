import { serveParent } from '../child-process.js';
import { PROXY_CANDIDATES } from '../proxies/proxy-candidates.js';
import { ROUTE_CANDIDATES } from '../routes/route-candidates.js';

/**
 * One server under test (a proxy of the peers suite or a route of the
 * adapter-route suite) in its own process: `argv` names the candidate and
 * carries its configuration as JSON; reports its URL when listening. Nothing
 * else runs here, so this process's CPU time is the candidate's.
 */
const CANDIDATES: Record<string, { start(config: never): Promise<string> }> = {
  ...PROXY_CANDIDATES,
  ...ROUTE_CANDIDATES,
};

const [name, config] = process.argv.slice(2);
const candidate = CANDIDATES[name ?? ''];
if (candidate === undefined) {
  console.error(`no bench candidate named ${name}`);
  process.exit(1);
}
candidate.start(JSON.parse(config ?? '{}') as never).then(
  (url) => serveParent({ url }, async () => undefined),
  (error: unknown) => {
    console.error(`bench candidate ${name} did not start:`, error);
    process.exit(1);
  },
);
