export { instrumentCloudToken } from './instrument-cloud-token.js';
export type { CloudTokenInstrumentation, CloudTokenMetricsOptions } from './types.js';
