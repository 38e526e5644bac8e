import { createCountingFetch, type RealCloudTarget, type TourOutput } from '@cloud-token/demo-kit';
import { startBackend } from './start-backend.js';

/**
 * A short, safe tour against the real cloud: the documents backend with real
 * credentials; the browser asks it 20 times at once whether it can reach the
 * cloud, then (with a probe path) GETs that path through the proxy.
 */
export async function runRealCloudTour(target: RealCloudTarget, output: TourOutput): Promise<void> {
  const { step, say, logger } = output;
  const tokenRequests = createCountingFetch(target.tokenUrl);
  const backend = await startBackend({
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
    if (target.probePath) {
      const probePath = `/cloud/${target.probePath}`;
      const probe = await fetch(`${backend.url}${probePath}`);
      say(`GET ${probePath} → ${probe.status}`);
    }
  } finally {
    await backend.close();
  }
}
