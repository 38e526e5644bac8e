import { attachCloudToken } from '@cloud-token/axios';
import { clientCredentials, createTokenSource } from '@cloud-token/core';
import axios from 'axios';
import { describeAdapterInterop } from './support/describe-adapter-interop.js';

describeAdapterInterop('@cloud-token/axios', async ({ credentials, apiUrl }) => {
  const source = createTokenSource(clientCredentials(credentials));
  const api = axios.create({ baseURL: apiUrl });
  const detach = attachCloudToken(api, source);
  return {
    async call(path, { method = 'GET', body } = {}) {
      try {
        const response = await api.request({
          url: path,
          method,
          data: body,
          headers: { 'content-type': 'text/plain' },
        });
        return { status: response.status, answer: response.data };
      } catch (error) {
        return { error };
      }
    },
    close() {
      detach();
      source.close();
    },
  };
});
