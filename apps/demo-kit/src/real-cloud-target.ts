import { asposeCloud } from '@cloud-token/core';

/**
 * Credentials for the real cloud, read from the environment; none → the
 * real-cloud tour is skipped.
 *
 * @example
 * ```ts
 * const target: RealCloudTarget = { ...asposeCloud, clientId, clientSecret, probePath: undefined };
 * ```
 */
export interface RealCloudTarget {
  tokenUrl: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** An API path the demo GETs once it holds a token (optional). */
  probePath: string | undefined;
}

/**
 * Reads the real-cloud target from the environment: `ASPOSE_CLIENT_ID` and
 * `ASPOSE_CLIENT_SECRET` (both required), `CLOUD_TOKEN_TOKEN_URL` and
 * `CLOUD_TOKEN_API_BASE_URL` (default: Aspose Cloud), `CLOUD_TOKEN_PROBE_PATH`.
 *
 * @returns the target, or `undefined` when the credentials are missing
 * @example
 * ```ts
 * const target = realCloudTargetFromEnv(process.env);
 * if (target) await runRealCloudTour(target, output);
 * ```
 */
export function realCloudTargetFromEnv(env: NodeJS.ProcessEnv): RealCloudTarget | undefined {
  const clientId = env.ASPOSE_CLIENT_ID;
  const clientSecret = env.ASPOSE_CLIENT_SECRET;
  if (!clientId || !clientSecret) return undefined;
  return {
    tokenUrl: env.CLOUD_TOKEN_TOKEN_URL ?? asposeCloud.tokenUrl,
    baseUrl: env.CLOUD_TOKEN_API_BASE_URL ?? asposeCloud.baseUrl,
    clientId,
    clientSecret,
    probePath: env.CLOUD_TOKEN_PROBE_PATH,
  };
}
