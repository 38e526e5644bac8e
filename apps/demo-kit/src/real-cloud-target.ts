import { asposeCloud, type CloudPreset, groupDocsCloud } from '@cloud-token/core';

/**
 * A real cloud to run a tour's safe steps against, with credentials read from
 * the environment.
 *
 * @example
 * ```ts
 * const target: RealCloudTarget = { cloud: 'Aspose Cloud', ...asposeCloud, clientId, clientSecret, probePath: undefined };
 * ```
 */
export interface RealCloudTarget {
  /** Which cloud, for the tour's headings: `Aspose Cloud` or `GroupDocs Cloud`. */
  cloud: string;
  tokenUrl: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * An API path, relative to `baseUrl` (no leading slash), that the tour
   * GETs once it holds a token: read-only, e.g. `v4.0/words/storage/exist/hello.docx`.
   */
  probePath: string | undefined;
}

/** The environment variables of one cloud: `<PREFIX>_CLIENT_ID` and friends. */
const clouds: readonly { cloud: string; prefix: string; preset: CloudPreset }[] = [
  { cloud: 'Aspose Cloud', prefix: 'ASPOSE', preset: asposeCloud },
  { cloud: 'GroupDocs Cloud', prefix: 'GROUPDOCS', preset: groupDocsCloud },
];

/**
 * Whether real-cloud tours are off: in CI (`CI` set to anything but `false`
 * or `0`), a demo never calls a real cloud, whatever credentials it finds.
 */
function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Reads the real clouds to tour from the environment. For Aspose Cloud:
 * `ASPOSE_CLIENT_ID` and `ASPOSE_CLIENT_SECRET` (both required),
 * `ASPOSE_TOKEN_URL` (default `https://api.aspose.cloud/connect/token`; the
 * newer host is `https://id.aspose.cloud/connect/token`),
 * `ASPOSE_BASE_URL` (default `https://api.aspose.cloud/`) and
 * `ASPOSE_PROBE_PATH`. For GroupDocs Cloud the same names with `GROUPDOCS_`.
 * In CI (`CI=true`) there is never a target.
 *
 * @returns one target per cloud whose credentials are set; none → the real-cloud tour is skipped
 * @example
 * ```ts
 * for (const target of realCloudTargetsFromEnv(process.env)) {
 *   await runRealCloudTour(target, output);
 * }
 * ```
 */
export function realCloudTargetsFromEnv(env: NodeJS.ProcessEnv): RealCloudTarget[] {
  if (isCi(env)) return [];
  return clouds.flatMap(({ cloud, prefix, preset }) => {
    const clientId = env[`${prefix}_CLIENT_ID`];
    const clientSecret = env[`${prefix}_CLIENT_SECRET`];
    if (!clientId || !clientSecret) return [];
    const probePath = env[`${prefix}_PROBE_PATH`];
    return [
      {
        cloud,
        tokenUrl: env[`${prefix}_TOKEN_URL`] || preset.tokenUrl,
        baseUrl: env[`${prefix}_BASE_URL`] || preset.baseUrl,
        clientId,
        clientSecret,
        probePath: probePath ? probePath.replace(/^\/+/, '') : undefined,
      },
    ];
  });
}

/**
 * The line a demo prints when no real cloud is configured: which variables
 * turn the real-cloud tour on.
 *
 * @example
 * ```ts
 * if (realCloudTargetsFromEnv(process.env).length === 0) console.log(realCloudHint);
 * ```
 */
export const realCloudHint =
  'Set ASPOSE_CLIENT_ID and ASPOSE_CLIENT_SECRET (or GROUPDOCS_CLIENT_ID and GROUPDOCS_CLIENT_SECRET) to run the safe steps against the real cloud too; see docs/credentials.md.';
