/**
 * Where a cloud hands out tokens and where its API lives. The two are
 * separate on purpose: newer SDKs get tokens from an identity host
 * (`id.aspose.cloud`, `id.groupdocs.cloud`) while the API stays on
 * `api.*`, so either can be overridden alone.
 *
 * @example
 * ```ts
 * const preset: CloudPreset = { ...asposeCloud, tokenUrl: 'https://id.aspose.cloud/connect/token' };
 * ```
 */
export interface CloudPreset {
  /** The OAuth 2.0 token endpoint (`POST /connect/token`). */
  readonly tokenUrl: string;
  /** The API base URL: the origin the token is sent to. */
  readonly baseUrl: string;
}

/**
 * Aspose Cloud's public endpoints. Spread it into the options and add the
 * credentials; to use the newer identity host, override `tokenUrl` only.
 *
 * @example
 * ```ts
 * import { asposeCloud, clientCredentials } from '@cloud-token/core';
 *
 * const grant = clientCredentials({ ...asposeCloud, clientId, clientSecret });
 * // the newer token host, same API:
 * const viaId = clientCredentials({
 *   ...asposeCloud,
 *   tokenUrl: 'https://id.aspose.cloud/connect/token',
 *   clientId,
 *   clientSecret,
 * });
 * ```
 */
export const asposeCloud: CloudPreset = Object.freeze({
  tokenUrl: 'https://api.aspose.cloud/connect/token',
  baseUrl: 'https://api.aspose.cloud/',
});

/**
 * GroupDocs Cloud's public endpoints. Spread it into the options and add the
 * credentials; to use the newer identity host, override `tokenUrl` only.
 *
 * @example
 * ```ts
 * import { clientCredentials, groupDocsCloud } from '@cloud-token/core';
 *
 * const grant = clientCredentials({ ...groupDocsCloud, clientId, clientSecret });
 * // the newer token host, same API:
 * const viaId = clientCredentials({
 *   ...groupDocsCloud,
 *   tokenUrl: 'https://id.groupdocs.cloud/connect/token',
 *   clientId,
 *   clientSecret,
 * });
 * ```
 */
export const groupDocsCloud: CloudPreset = Object.freeze({
  tokenUrl: 'https://api.groupdocs.cloud/connect/token',
  baseUrl: 'https://api.groupdocs.cloud/',
});
