import { clientCredentials, createAuthorizedFetch, createTokenSource } from '@cloud-token/core';
import { describeAdapterInterop } from './support/describe-adapter-interop.js';

describeAdapterInterop(
  '@cloud-token/core createAuthorizedFetch',
  async ({ credentials, apiUrl }) => {
    const source = createTokenSource(clientCredentials(credentials));
    const authorizedFetch = createAuthorizedFetch(source, { baseUrl: apiUrl });
    return {
      async call(path, init = {}) {
        try {
          const response = await authorizedFetch(new URL(path, apiUrl), init);
          return {
            status: response.status,
            answer: response.ok ? await response.json() : undefined,
          };
        } catch (error) {
          return { error };
        }
      },
      close() {
        source.close();
      },
    };
  },
);
