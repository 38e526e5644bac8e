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
  /**
   * The cloud's API host: the origin the token is sent to. Each product's
   * API is below it under a version (`v4.0/words/…`); a relative call that
   * lands outside every version is refused (`ERR_USAGE`), so give the
   * product's own `baseUrl` (`https://api.aspose.cloud/v4.0/`) next to the
   * preset for relative paths.
   */
  readonly baseUrl: string;
}

/**
 * Aspose Cloud's public endpoints. Spread it into the options and add the
 * credentials, and the product's versioned API as `baseUrl` for relative
 * calls; to use the newer identity host, override `tokenUrl` only.
 *
 * @example
 * ```ts
 * import { asposeCloud, clientCredentials } from '@cloud-token/core';
 *
 * const grant = clientCredentials({
 *   ...asposeCloud,
 *   baseUrl: 'https://api.aspose.cloud/v4.0/', // Aspose.Words and Aspose.HTML
 *   clientId,
 *   clientSecret,
 * });
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
 * credentials, and the product's versioned API as `baseUrl` for relative
 * calls; to use the newer identity host, override `tokenUrl` only.
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

/** What a misrouted call's error says about a cloud whose APIs live under a version. */
export interface VersionedApi {
  /** The cloud, as the error names it. */
  readonly cloud: string;
  /** A product's versioned API on it, as an example `baseUrl`. */
  readonly example: string;
}

// The presets' API hosts: each product's API is under its own version (`/v4.0/`, `/v3.0/`, `/v1/`).
const versionedApis: ReadonlyMap<string, VersionedApi> = new Map([
  [
    new URL(asposeCloud.baseUrl).origin,
    { cloud: 'Aspose Cloud', example: `${asposeCloud.baseUrl}v4.0/` },
  ],
  [
    new URL(groupDocsCloud.baseUrl).origin,
    { cloud: 'GroupDocs Cloud', example: `${groupDocsCloud.baseUrl}v1/` },
  ],
]);

/**
 * The cloud of `url` when its APIs live under a version segment (the
 * presets' API hosts), so that a call outside every version can be refused
 * rather than answered 404; `undefined` for any other host.
 *
 * @example
 * ```ts
 * versionedApiOf(new URL('https://api.aspose.cloud/words/a.docx'))?.example; // 'https://api.aspose.cloud/v4.0/'
 * versionedApiOf(new URL('https://gateway.example/words/a.docx')); // undefined
 * ```
 */
export function versionedApiOf(url: URL): VersionedApi | undefined {
  return versionedApis.get(url.origin);
}
