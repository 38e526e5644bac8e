import {
  asposeCloud,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  type FetchLike,
} from '@cloud-token/core';
import type { Narrator } from './narrator.js';

/** Credentials for the real cloud, read from the environment; none → the tour is skipped. */
export interface RealCloudTarget {
  tokenUrl: string;
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** An API path to GET once through the authorized fetch (optional). */
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

/** A short, safe tour against the real cloud: one token for a herd, and one optional API call. */
export async function runRealCloudTour(target: RealCloudTarget, narrator: Narrator): Promise<void> {
  let tokenRequests = 0;
  const countingFetch: FetchLike = (input, init) => {
    if (String(input instanceof Request ? input.url : input) === target.tokenUrl)
      tokenRequests += 1;
    return globalThis.fetch(input, init);
  };
  const source = createTokenSource(clientCredentials(target), {
    fetch: countingFetch,
    logger: narrator.logger,
  });
  try {
    narrator.step(`The real cloud: 20 callers ask ${target.tokenUrl} for a token at once`);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => source.getToken()));
    const lifetime = Math.round(((tokens[0]?.expiresAt ?? 0) - Date.now()) / 1000);
    narrator.say(
      `${tokens.length} callers served by ${tokenRequests} token request; it expires in ${lifetime} s`,
    );
    if (target.probePath) {
      const cloudFetch = createAuthorizedFetch(source, {
        baseUrl: target.apiBaseUrl,
        fetch: countingFetch,
      });
      const answer = await cloudFetch(target.probePath);
      narrator.say(`GET ${target.probePath} → ${answer.status}`);
    }
  } finally {
    source.close();
  }
}
