import type { Clock, FetchLike, Logger } from '@cloud-token/core';

/**
 * What the documents service reads from its configuration (`ConfigModule`,
 * under the `cloud` key): where it gets its token and which cloud API it calls.
 */
export interface DocumentsSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * The cloud API base URL, product version included (Aspose.Words:
   * `https://api.aspose.cloud/v4.0`); the service calls relative paths below it.
   */
  apiUrl: string;
  logger?: Logger;
  /** The `fetch` token and API requests go through; default: the global one. */
  fetch?: FetchLike;
  /** The token source's clock; default: the system clock. */
  clock?: Clock;
}

/** The cloud storage folder the documents live in. */
export const documentsFolder = 'documents';
