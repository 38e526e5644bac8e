import { attachCloudToken } from '@cloud-token/axios';
import axios, { type AxiosInstance } from 'axios';
import { compareLoad, STANDARD_CONCURRENCY, STANDARD_LOAD } from '../compare-load.js';
import { API_PATH, emulatorSource, withEmulator } from '../emulator.js';
import type { Suite } from '../suite.js';

/**
 * The same load as the authorized-fetch suite through an axios instance with
 * `attachCloudToken`, against plain axios with the header set by hand.
 */
export const axiosOverhead: Suite = {
  title: '4 axios',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const source = emulatorSource(emulator);
      const attached = axios.create({ baseURL: `${emulator.apiUrl}/` });
      const detach = attachCloudToken(attached, source);
      try {
        const { authorization } = await source.getToken();
        const plain = axios.create({ baseURL: `${emulator.apiUrl}/`, headers: { authorization } });
        const load = {
          ...STANDARD_LOAD,
          candidate: () => getOk(attached),
          baseline: () => getOk(plain),
        };
        const figures = [
          ...(await compareLoad({ ...load, label: 'sequential', concurrency: 1 })),
          ...(await compareLoad({
            ...load,
            label: `concurrency ${STANDARD_CONCURRENCY}`,
            concurrency: STANDARD_CONCURRENCY,
          })),
        ];
        checks.expect(
          emulator.stats.tokenRequests.total === 1,
          `axios: ${emulator.stats.tokenRequests.total} token requests for one token's lifetime, expected 1`,
        );
        return figures.map((figure) => ({ ...figure, baselineLabel: 'axios + header' }));
      } finally {
        detach();
        source.close();
      }
    }),
};

/** axios rejects any status but 2xx by itself; only 200 is expected here. */
async function getOk(instance: AxiosInstance): Promise<void> {
  const response = await instance.get(API_PATH);
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}`);
}
