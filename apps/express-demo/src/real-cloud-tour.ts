import { asposeCloud, type FetchLike } from '@cloud-token/express';
import type { TourOutput } from './emulator-tour.js';
import { startBackend } from './start-backend.js';

/** Credentials for the real cloud, read from the environment; none → the tour is skipped. */
export interface RealCloudTarget {
  tokenUrl: string;
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** An API path the browser GETs through the proxy (optional). */
  probePath: string | undefined;
}

export function realCloudTargetFromEnv(env: NodeJS.ProcessEnv): RealCloudTarget | undefined {
  const clientId = env.ASPOSE_CLIENT_ID;
  const clientSecret = env.ASPOSE_CLIENT_SECRET;
  if (!clientId || !clientSecret) return undefined;
  return {
    tokenUrl: env.CLOUD_TOKEN_TOKEN_URL ?? asposeCloud.tokenUrl,
    apiBaseUrl: env.CLOUD_TOKEN_API_BASE_URL ?? asposeCloud.apiBaseUrl,
    clientId,
    clientSecret,
    probePath: env.CLOUD_TOKEN_PROBE_PATH,
  };
}

/**
 * A short, safe tour against the real cloud: the documents backend with real
 * credentials; the browser asks it 20 times at once whether it can reach the
 * cloud, then (with a probe path) GETs that path through the proxy.
 */
export async function runRealCloudTour(target: RealCloudTarget, output: TourOutput): Promise<void> {
  const { print, logger } = output;
  let tokenRequests = 0;
  const countingFetch: FetchLike = (input, init) => {
    if (String(input instanceof Request ? input.url : input) === target.tokenUrl)
      tokenRequests += 1;
    return globalThis.fetch(input, init);
  };
  const backend = await startBackend({
    tokenUrl: target.tokenUrl,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    apiUrl: target.apiBaseUrl,
    logger,
    fetch: countingFetch,
  });
  try {
    print('');
    print(`The real cloud: the browser calls GET /api/cloud-status 20 times at once`);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${backend.url}/api/cloud-status`)),
    );
    const statuses = new Set(answers.map((answer) => answer.status));
    print(
      `   statuses: ${[...statuses].join(', ')}; token requests to ${target.tokenUrl}: ${tokenRequests}`,
    );
    print(`   ${await answers[0]?.text()}`);
    if (target.probePath) {
      const probe = await fetch(`${backend.url}/cloud/${target.probePath.replace(/^\/+/, '')}`);
      print(`   GET /cloud/${target.probePath.replace(/^\/+/, '')} → ${probe.status}`);
    }
  } finally {
    await backend.close();
  }
}
