import { attachCloudToken, clientCredentials, createTokenSource } from '@cloud-token/axios';
import { createCountingFetch, type RealCloudTarget, type TourOutput } from '@cloud-token/demo-kit';
import axios from 'axios';

/**
 * A short, safe tour against the real cloud: one axios instance and the token
 * source it shares with the application; a herd of 20 asks for the token,
 * then (with a probe path) 5 concurrent GETs go through the instance.
 */
export async function runRealCloudTour(target: RealCloudTarget, output: TourOutput): Promise<void> {
  const { step, say, logger } = output;
  const tokenRequests = createCountingFetch(target.tokenUrl);
  const { tokenUrl, clientId, clientSecret } = target;
  const source = createTokenSource(clientCredentials({ tokenUrl, clientId, clientSecret }), {
    fetch: tokenRequests.fetch,
    logger,
  });
  const api = axios.create({ baseURL: target.baseUrl });
  const detach = attachCloudToken(api, source);
  try {
    step(`${target.cloud}: 20 callers ask ${target.tokenUrl} for a token at once`);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => source.getToken()));
    const lifetime = Math.round(((tokens[0]?.expiresAt ?? 0) - Date.now()) / 1000);
    say(
      `${tokens.length} callers served by ${tokenRequests.count} token request; it expires in ${lifetime} s`,
    );
    if (target.probePath) {
      const probePath = target.probePath;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => api.get(probePath, { validateStatus: () => true })),
      );
      say(
        `5 × GET ${probePath} → ${answers.map((answer) => answer.status).join(', ')}; token requests: ${tokenRequests.count}`,
      );
    }
  } finally {
    detach();
    source.close();
  }
}
