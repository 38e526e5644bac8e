// Type test of the built CommonJS declarations (dist/index.d.cts), checked by `tsc -p test/types`.
import cloudToken = require('@cloud-token/axios');
import axios = require('axios');

const api = axios.create({ baseURL: 'https://api.aspose.cloud/v4.0' });
const options: cloudToken.AttachCloudTokenOptions = { maxRetryAfterMs: 5_000 };
const detach: cloudToken.DetachCloudToken = cloudToken.attachCloudToken(
  api,
  cloudToken.createTokenSource(cloudToken.externalToken('token')),
  options,
);
detach();

// The module augmentation reaches axios's CommonJS declarations too.
const skip: cloudToken.CloudTokenRequestConfig = { skip: true };
const config: axios.AxiosRequestConfig = { cloudToken: skip };
void api.get('/words', { cloudToken: { skip: true } });
void api.request({ url: '/words', ...config });

// @ts-expect-error: skip is a boolean
const wrongSkip: axios.AxiosRequestConfig = { cloudToken: { skip: 1 } };

export = { wrongSkip, isError: cloudToken.isCloudTokenError(new Error('x')) };
