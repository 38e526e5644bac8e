import { clientCredentials, createAuthorizedFetch, createTokenSource } from '@cloud-token/core';
import { createCountingFetch, type RealCloudTarget, type TourOutput } from '@cloud-token/demo-kit';

/**
 * A short, safe tour against the real cloud: one token for a herd of 20, and
 * (with a probe path) one GET through the authorized fetch.
 */
export async function runRealCloudTour(target: RealCloudTarget, output: TourOutput): Promise<void> {
  const tokenRequests = createCountingFetch(target.tokenUrl);
  const { tokenUrl, clientId, clientSecret } = target;
  const source = createTokenSource(clientCredentials({ tokenUrl, clientId, clientSecret }), {
    fetch: tokenRequests.fetch,
    logger: output.logger,
  });
  try {
    output.step(`${target.cloud}: 20 callers ask ${target.tokenUrl} for a token at once`);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => source.getToken()));
    const lifetime = Math.round(((tokens[0]?.expiresAt ?? 0) - Date.now()) / 1000);
    output.say(
      `${tokens.length} callers served by ${tokenRequests.count} token request; it expires in ${lifetime} s`,
    );
    if (target.probePath) {
      const cloudFetch = createAuthorizedFetch(source, {
        baseUrl: target.baseUrl,
        fetch: tokenRequests.fetch,
      });
      const answer = await cloudFetch(target.probePath);
      output.say(`GET ${target.probePath} → ${answer.status}`);
    }
  } finally {
    source.close();
  }
}
