import {
  asposeCloud,
  attachCloudToken,
  clientCredentials,
  createTokenSource,
  type FetchLike,
} from '@cloud-token/axios';
import axios from 'axios';
import type { TourOutput } from './emulator-tour.js';

/** Credentials for the real cloud, read from the environment; none → the tour is skipped. */
export interface RealCloudTarget {
  tokenUrl: string;
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** An API path to GET through the axios instance (optional). */
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
 * A short, safe tour against the real cloud: one axios instance and the token
 * source it shares with the application; a herd of 20 asks for the token,
 * then (with a probe path) 5 concurrent GETs go through the instance.
 */
export async function runRealCloudTour(target: RealCloudTarget, output: TourOutput): Promise<void> {
  const { print, logger } = output;
  let tokenRequests = 0;
  const countingFetch: FetchLike = (input, init) => {
    if (String(input instanceof Request ? input.url : input) === target.tokenUrl)
      tokenRequests += 1;
    return globalThis.fetch(input, init);
  };
  const source = createTokenSource(clientCredentials(target), { fetch: countingFetch, logger });
  const api = axios.create({ baseURL: target.apiBaseUrl });
  const detach = attachCloudToken(api, source);
  try {
    print('');
    print(`The real cloud: 20 callers ask ${target.tokenUrl} for a token at once`);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => source.getToken()));
    const lifetime = Math.round(((tokens[0]?.expiresAt ?? 0) - Date.now()) / 1000);
    print(
      `   ${tokens.length} callers served by ${tokenRequests} token request; it expires in ${lifetime} s`,
    );
    if (target.probePath) {
      const probePath = target.probePath;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => api.get(probePath, { validateStatus: () => true })),
      );
      print(
        `   5 × GET ${probePath} → ${answers.map((answer) => answer.status).join(', ')}; token requests: ${tokenRequests}`,
      );
    }
  } finally {
    detach();
    source.close();
  }
}
