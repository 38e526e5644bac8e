import { serveParent } from '../child-process.js';
import { type CandidateName, PROXY_CANDIDATES } from '../proxies/proxy-candidates.js';

/**
 * One proxy of the peers suite in its own process: `argv` names the
 * candidate and carries its configuration as JSON; reports its URL when
 * listening. Nothing else runs here, so this process's CPU time is the proxy's.
 */
const [name, config] = process.argv.slice(2);
const candidate = PROXY_CANDIDATES[name as CandidateName];
candidate.start(JSON.parse(config ?? '{}')).then(
  (url) => serveParent({ url }, async () => undefined),
  (error: unknown) => {
    console.error(`proxy candidate ${name} did not start:`, error);
    process.exit(1);
  },
);
