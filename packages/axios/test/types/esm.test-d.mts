// Type test of the built ESM declarations (dist/index.d.ts), checked by `tsc -p test/types`.
import {
  type AttachCloudTokenOptions,
  attachCloudToken,
  type CloudTokenRequestConfig,
  createTokenSource,
  type DetachCloudToken,
  externalToken,
  isCloudTokenError,
} from '@cloud-token/axios';
import axios, { type AxiosRequestConfig } from 'axios';

const api = axios.create({ baseURL: 'https://api.aspose.cloud/v4.0' });
const options: AttachCloudTokenOptions = { maxRetryAfterMs: 5_000, rateLimitRetries: 1 };
const detach: DetachCloudToken = attachCloudToken(
  api,
  { tokenUrl: 'https://api.aspose.cloud/connect/token', clientId: 'id', clientSecret: 'secret' },
  options,
);
attachCloudToken(axios, createTokenSource(externalToken('token')), {
  baseUrl: 'https://api.aspose.cloud/',
});
detach();

// The module augmentation reaches every way a request config is typed.
const skip: CloudTokenRequestConfig = { skip: true };
const config: AxiosRequestConfig = { cloudToken: skip };
void api.get('/words', { cloudToken: { skip: true } });
void api.request({ url: '/words', ...config });
api.interceptors.request.use((internal) => {
  const skipped: boolean | undefined = internal.cloudToken?.skip;
  return skipped ? internal : internal;
});

// @ts-expect-error: skip is a boolean
const wrongSkip: AxiosRequestConfig = { cloudToken: { skip: 'yes' } };
// @ts-expect-error: internal bookkeeping is not part of the public type
const internalRecord: CloudTokenRequestConfig = { record: {} };
// @ts-expect-error: the instance comes first
attachCloudToken({ tokenUrl: 'https://x.example/', clientId: 'id', clientSecret: 's' });

export const checks = [wrongSkip, internalRecord, isCloudTokenError(new Error('x'), 'ERR_USAGE')];
