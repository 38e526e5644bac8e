import { clientCredentials, createTokenSource, isCloudTokenError } from '@cloud-token/core';
import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { emulatorCredentials } from '@cloud-token/emulator/testing';
import type { AxiosInstance } from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { attachCloudToken } from '../src/index.js';
import { axiosVersions } from './support/axios-versions.js';
import { type ForeignServer, startForeignServer } from './support/foreign-server.js';

function optionNameOf(attach: () => unknown): string | undefined {
  try {
    attach();
  } catch (error) {
    if (isCloudTokenError(error, 'ERR_INVALID_OPTIONS'))
      return (error as { option?: string }).option;
    throw error;
  }
  return undefined;
}

describe.each(axiosVersions)('attachCloudToken with $name', ({ axios }) => {
  let emulator: Emulator;
  let foreign: ForeignServer;

  beforeAll(async () => {
    [emulator, foreign] = await Promise.all([startEmulator(), startForeignServer()]);
  });
  afterAll(async () => {
    await Promise.all([emulator.close(), foreign.close()]);
  });
  beforeEach(() => {
    emulator.control.reset();
    foreign.received.length = 0;
  });

  function lastApiRequest() {
    return emulator.stats.apiRequestLog.at(-1);
  }

  describe('options', () => {
    it.each([
      ['instance', () => attachCloudToken({} as AxiosInstance, emulatorCredentials(emulator))],
      ['baseUrl', () => attachCloudToken(axios.create(), emulatorCredentials(emulator))],
      [
        'baseUrl',
        () =>
          attachCloudToken(axios.create(), emulatorCredentials(emulator), { baseUrl: 'not a url' }),
      ],
      [
        'baseUrl',
        () =>
          attachCloudToken(
            axios.create({ baseURL: 'http://api.example.com/' }),
            emulatorCredentials(emulator),
          ),
      ],
      [
        'maxRetryAfterMs',
        () =>
          attachCloudToken(
            axios.create({ baseURL: emulator.apiUrl }),
            emulatorCredentials(emulator),
            {
              maxRetryAfterMs: -1,
            },
          ),
      ],
      [
        'allowedOrigins',
        () =>
          attachCloudToken(axios.create(), emulatorCredentials(emulator), { allowedOrigins: [] }),
      ],
      [
        'clock.now',
        () =>
          attachCloudToken(
            axios.create({ baseURL: emulator.apiUrl }),
            emulatorCredentials(emulator),
            {
              clock: {} as never,
            },
          ),
      ],
      [
        'clientSecret',
        () =>
          attachCloudToken(axios.create({ baseURL: emulator.apiUrl }), {
            ...emulatorCredentials(emulator),
            clientSecret: '',
          }),
      ],
    ])('refuses a bad %s synchronously with InvalidOptionsError', (option, attach) => {
      expect(optionNameOf(attach)).toBe(option);
    });

    it('rejects unknown option keys at attach time, suggesting the closest known key', () => {
      const api = axios.create({ baseURL: emulator.apiUrl });
      const credentials = emulatorCredentials(emulator);
      const typo = () => attachCloudToken(api, credentials, { baseURL: emulator.apiUrl } as never);
      expect(optionNameOf(typo)).toBe('baseURL');
      expect(typo).toThrow(/did you mean "baseUrl"/);
      expect(
        optionNameOf(() => attachCloudToken(api, credentials, { rateLimitRetry: 1 } as never)),
      ).toBe('rateLimitRetry');
      const misplaced = () =>
        attachCloudToken(api, credentials, { clientSecret: 'top-secret-value' } as never);
      expect(optionNameOf(misplaced)).toBe('clientSecret');
      expect(misplaced).toThrow(/second argument/);
      expect(misplaced).not.toThrow(/top-secret-value/);
      // Nothing was attached: the instance can still be attached once.
      attachCloudToken(api, credentials)();
    });

    it('leaves the instance untouched when the options are refused', async () => {
      const api = axios.create({ baseURL: emulator.apiUrl });
      expect(() =>
        attachCloudToken(api, { ...emulatorCredentials(emulator), tokenUrl: 'nope' }),
      ).toThrow(/tokenUrl/);

      const detach = attachCloudToken(api, emulatorCredentials(emulator));
      detach();
      await api.get('/words').catch(() => undefined);
      expect(lastApiRequest()?.hadAuthorization).toBe(false);
    });
  });

  it('uses the instance defaults.baseURL as the token origin when no option names one', async () => {
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, emulatorCredentials(emulator));
    try {
      const response = await api.get('/words/doc.docx');
      expect(response.status).toBe(200);
      expect(response.data).toMatchObject({ method: 'GET', clientId: 'emulator-client' });
    } finally {
      detach();
    }
  });

  it('works on the default axios instance', async () => {
    const detach = attachCloudToken(axios, emulatorCredentials(emulator), {
      baseUrl: emulator.apiUrl,
    });
    try {
      const response = await axios.get(`${emulator.apiUrl}/words/doc.docx`);
      expect(response.status).toBe(200);
      expect(lastApiRequest()?.jti).toBeDefined();
    } finally {
      detach();
    }
  });

  it('sends no token to an absolute URL on another origin, keeping a caller header as set', async () => {
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, emulatorCredentials(emulator));
    try {
      await api.get('/warm-up');
      await api.get(`${foreign.url}/collect`);
      await api.get(`${foreign.url}/collect`, {
        headers: { Authorization: 'Basic b3duOmhlYWRlcg==' },
      });

      expect(foreign.received.map((headers) => headers.authorization)).toEqual([
        undefined,
        'Basic b3duOmhlYWRlcg==',
      ]);
      expect(emulator.stats.tokenRequests.total).toBe(1);
    } finally {
      detach();
    }
  });

  it('sends no token to a foreign absolute URL under allowAbsoluteUrls: false either', async () => {
    const api = axios.create({ baseURL: emulator.apiUrl, allowAbsoluteUrls: false });
    const detach = attachCloudToken(api, emulatorCredentials(emulator));
    try {
      await api.get(`${foreign.url}/collect`).catch(() => undefined);

      // axios ≥ 1.8 sends it to the base URL's host, older axios to the absolute URL's host.
      expect(foreign.received.length + emulator.stats.apiRequests.total).toBe(1);
      expect(foreign.received.every((headers) => headers.authorization === undefined)).toBe(true);
      expect(emulator.stats.apiRequestLog.every((record) => !record.hadAuthorization)).toBe(true);
    } finally {
      detach();
    }
  });

  it('drops the token when an allowed origin redirects to another origin', async () => {
    const redirector = await startForeignServer(`${foreign.url}/landing`);
    const api = axios.create({ baseURL: redirector.url });
    const detach = attachCloudToken(api, emulatorCredentials(emulator));
    try {
      const response = await api.get('/moved');

      expect(response.status).toBe(200);
      expect(redirector.received[0]?.authorization).toMatch(/^Bearer /);
      expect(foreign.received.map((headers) => headers.authorization)).toEqual([undefined]);
    } finally {
      detach();
      await redirector.close();
    }
  });

  it('sends no token, and applies no policy, to a request marked cloudToken.skip', async () => {
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, emulatorCredentials(emulator));
    try {
      const error = await api
        .get('/words/doc.docx', { cloudToken: { skip: true } })
        .catch((caught: unknown) => caught);

      expect(axios.isAxiosError(error) && error.response?.status).toBe(401);
      expect(lastApiRequest()?.hadAuthorization).toBe(false);
      expect(emulator.stats.apiRequests.total).toBe(1);
      expect(emulator.stats.tokenRequests.total).toBe(0);
    } finally {
      detach();
    }
  });

  it('refuses a second attachment to one instance with UsageError, the first one still working', async () => {
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, emulatorCredentials(emulator));
    try {
      let refusal: unknown;
      try {
        attachCloudToken(api, emulatorCredentials(emulator));
      } catch (error) {
        refusal = error;
      }
      expect(isCloudTokenError(refusal, 'ERR_USAGE')).toBe(true);

      expect((await api.get('/words')).status).toBe(200);
      expect(emulator.stats.tokenRequests.total).toBe(1);
    } finally {
      detach();
    }
  });

  it('detaches: no token afterwards, harmless twice, and the instance can be attached again', async () => {
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, emulatorCredentials(emulator));
    await api.get('/words');
    detach();
    detach();

    await api.get('/words').catch(() => undefined);
    expect(lastApiRequest()?.hadAuthorization).toBe(false);

    const again = attachCloudToken(api, emulatorCredentials(emulator));
    try {
      expect((await api.get('/words')).status).toBe(200);
    } finally {
      again();
    }
  });

  it('closes a source it created: a call waiting for a token fails with ERR_USAGE', async () => {
    emulator.control.setLatency({ tokenMs: 200 });
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, emulatorCredentials(emulator));

    const call = api.get('/words').catch((caught: unknown) => caught);
    detach();

    expect(isCloudTokenError(await call, 'ERR_USAGE')).toBe(true);
    expect(emulator.stats.apiRequests.total).toBe(0);
  });

  it('gives the answers of calls still in flight at detach back without replaying them', async () => {
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, source);
    await api.get('/warm-up');
    emulator.control.revokeAllTokens();

    const call = api.get('/words').catch((caught: unknown) => caught);
    detach();
    const error = await call;

    expect(axios.isAxiosError(error) && error.response?.status).toBe(401);
    expect(emulator.stats.apiRequests.total).toBe(2);
    expect(emulator.stats.tokenRequests.total).toBe(1);
    source.close();
  });

  it('leaves a source it was given open after detach', async () => {
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, source);
    detach();

    await expect(source.getToken()).resolves.toBeDefined();
    source.close();
  });
});
