// The core's application entry, whole: an axios application installs this one package.
export * from '@cloud-token/core';
export { attachCloudToken } from './attach-cloud-token.js';
export type {
  AttachCloudTokenOptions,
  CloudTokenRequestConfig,
  DetachCloudToken,
} from './types.js';
