import { createCountingFetch } from './counting-fetch.js';
import type { RealCloudTarget } from './real-cloud-target.js';
import type { TourBackend, TourBackendSettings } from './tour-backend.js';
import type { TourOutput } from './tour-output.js';

/**
 * What differs between the server demos' real-cloud tours: how a backend
 * starts, and whether it forwards `/cloud/*` to the cloud API.
 *
 * @example
 * ```ts
 * const options: ServerRealCloudTourOptions = { startBackend, proxy: true };
 * ```
 */
export interface ServerRealCloudTourOptions {
  /** Starts a documents backend with these settings. */
  startBackend(settings: TourBackendSettings): Promise<TourBackend>;
  /** The backend forwards `/cloud/*`: the tour GETs the target's probe path through it. */
  proxy: boolean;
}

/**
 * A short, safe tour against the real cloud: a demo's documents backend with
 * real credentials; the browser asks it 20 times at once whether it can reach
 * the cloud, then (with a probe path, where the backend has a proxy) GETs that
 * path through the proxy.
 *
 * @example
 * ```ts
 * await runServerRealCloudTour(target, output, { startBackend, proxy: true });
 * ```
 */
export async function runServerRealCloudTour(
  target: RealCloudTarget,
  output: TourOutput,
  options: ServerRealCloudTourOptions,
): Promise<void> {
  const { step, say, logger } = output;
  const tokenRequests = createCountingFetch(target.tokenUrl);
  const backend = await options.startBackend({
    tokenUrl: target.tokenUrl,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    apiUrl: target.baseUrl,
    logger,
    fetch: tokenRequests.fetch,
  });
  try {
    step(`${target.cloud}: the browser calls GET /api/cloud-status 20 times at once`);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${backend.url}/api/cloud-status`)),
    );
    const statuses = new Set(answers.map((answer) => answer.status));
    say(
      `statuses: ${[...statuses].join(', ')}; token requests to ${target.tokenUrl}: ${tokenRequests.count}`,
    );
    say(`${await answers[0]?.text()}`);
    await Promise.all(answers.slice(1).map((answer) => answer.arrayBuffer()));
    if (options.proxy && target.probePath) {
      const probePath = `/cloud/${target.probePath}`;
      const probe = await fetch(`${backend.url}${probePath}`);
      say(`GET ${probePath} → ${probe.status}`);
    }
  } finally {
    await backend.close();
  }
}
