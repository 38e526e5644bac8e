import type { VersionRange } from './version-range.js';

/** An official SDK the bridge runs on a token source, and the versions it was tested with. */
export interface SupportedSdk {
  /** The npm package. */
  readonly packageName: string;
  /** The product, for messages: `Aspose.Words`. */
  readonly product: string;
  /** The versions whose auth code the bridge knows: the peer dependency range. */
  readonly versions: VersionRange;
  /** The versions the package's tests install and run against the emulator. */
  readonly tested: readonly string[];
  /** The configuration field that holds the API base URL (the origin the token may go to). */
  readonly baseUrlField: 'baseUrl' | 'apiBaseUrl';
  /** Why this client, though of a supported version, cannot carry a token; `undefined` when it can. */
  refusal?(configuration: Readonly<Record<string, unknown>>): string | undefined;
}

/**
 * Every SDK the bridge supports. Each keeps an authentication object on its
 * configuration (`configuration.authentication`) that its one request
 * function asks before every call; the bridge replaces it. The peer
 * dependency ranges in `package.json` are these `versions` (a test keeps
 * them equal).
 */
export const supportedSdks: readonly SupportedSdk[] = [
  {
    packageName: 'asposewordscloud',
    product: 'Aspose.Words',
    versions: { from: '20.10.0', below: '25.0.0' },
    tested: ['20.10.0', '22.9.0', '24.12.0'],
    baseUrlField: 'baseUrl',
  },
  {
    packageName: 'asposepdfcloud',
    product: 'Aspose.PDF',
    versions: { from: '24.3.0', below: '25.0.0' },
    tested: ['24.3.0', '24.4.0'],
    baseUrlField: 'baseUrl',
    refusal: (configuration) =>
      configuration.selfHost === true
        ? 'this PdfApi was made for a self-hosted server (new PdfApi(baseUrl)) and sends no token'
        : undefined,
  },
  {
    packageName: 'asposecellscloud',
    product: 'Aspose.Cells',
    versions: { from: '23.4.0', below: '26.0.0' },
    tested: ['23.4.0', '25.12.0'],
    baseUrlField: 'baseUrl',
  },
  {
    packageName: 'groupdocs-conversion-cloud',
    product: 'GroupDocs.Conversion',
    versions: { from: '21.10.0', below: '25.0.0' },
    tested: ['21.10.0', '24.4.0'],
    baseUrlField: 'apiBaseUrl',
  },
  {
    packageName: 'groupdocs-viewer-cloud',
    product: 'GroupDocs.Viewer',
    versions: { from: '20.5.0', below: '21.0.0' },
    tested: ['20.5.0'],
    baseUrlField: 'apiBaseUrl',
  },
];

/**
 * Official SDKs the bridge cannot cover, and why: they offer no seam through
 * which a token could come from elsewhere.
 */
export const sdksWithoutSeam: Readonly<Record<string, string>> = {
  asposeslidescloud:
    'it keeps its token in module state and configuration.accessToken, and posts its own client secret whenever that is empty and after every 401; there is no seam for a token source. Point its authBaseUrl at the cloud-token sidecar (cloud-token serve) instead',
};
