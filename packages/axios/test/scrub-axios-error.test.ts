import { inspect } from 'node:util';
import {
  type AccessToken,
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  type TokenSource,
} from '@cloud-token/core';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { attachCloudToken } from '../src/index.js';
import { axiosVersions } from './support/axios-versions.js';
import { startForeignServer } from './support/foreign-server.js';

/** Every way an error is commonly looked at or logged. */
function renderings(error: unknown): string[] {
  const json = (error as { toJSON?: () => unknown }).toJSON?.();
  return [
    String((error as Error).message),
    String((error as Error).stack),
    inspect(error, { depth: 10 }),
    inspect(error, { depth: 10, showHidden: false, getters: true }),
    JSON.stringify(error),
    JSON.stringify(json),
  ];
}

/** A source stuck on one token: every renewal hands the same (revoked) token back. */
function stuckSource(token: AccessToken): TokenSource {
  return {
    identity: 'stuck',
    getToken: async () => token,
    invalidate: () => true,
    peek: () => token,
    close: () => undefined,
  };
}

describe.each(axiosVersions)('errors of $name', ({ axios }) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });

  it('fails 50 calls with a wrong secret on at most one token request, never showing the secret', async () => {
    const secret = 'wrong-secret-7f3a9c';
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, {
      ...emulatorCredentials(emulator),
      clientSecret: secret,
    });
    try {
      for (let call = 0; call < 50; call += 1) {
        const error = await api.get(`/words/${call}`).catch((caught: unknown) => caught);
        expect(isCloudTokenError(error, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
        for (const text of renderings(error)) expect(text).not.toContain(secret);
      }
      expect(emulator.stats.tokenRequests.total).toBeLessThanOrEqual(1);
      expect(emulator.stats.apiRequests.total).toBe(0);
    } finally {
      detach();
    }
  });

  it('gives back a 401 whose replay also got 401 without showing the token anywhere', async () => {
    const fresh = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    const revoked = await fresh.getToken();
    fresh.close();
    emulator.control.revokeAllTokens();
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, stuckSource(revoked));
    try {
      const error = await api
        .post('/words/doc.docx', { title: 'report' })
        .catch((caught: unknown) => caught);

      expect(axios.isAxiosError(error)).toBe(true);
      if (!axios.isAxiosError(error)) return;
      expect(error.response?.status).toBe(401);
      expect(emulator.stats.apiRequests.total).toBe(2);
      for (const text of renderings(error)) expect(text).not.toContain(revoked.value);
      expect(error.config?.headers.Authorization).toBe('Bearer [redacted]');
      const sentHeaderBlock = (error.request as { _header?: string })._header;
      expect(sentHeaderBlock).toContain('Bearer [redacted]');
      expect(sentHeaderBlock).not.toContain(revoked.value);
      expect(error.response?.request).toBe(error.request);
    } finally {
      detach();
    }
  });

  it.each([
    { caller: 'no header of its own', headers: undefined },
    {
      caller: 'a header spelled in lower case, which the token replaced',
      headers: { authorization: 'Bearer callers-own' },
    },
  ])(
    'scrubs the token from a network error on an allowed origin ($caller)',
    async ({ headers }) => {
      const gone = await startForeignServer();
      await gone.close();
      const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
      const token = await source.getToken();
      const api = axios.create({ baseURL: gone.url });
      const detach = attachCloudToken(api, source);
      try {
        const error = await api.get('/unreachable', { headers }).catch((caught: unknown) => caught);

        expect(axios.isAxiosError(error) && error.code).toBe('ECONNREFUSED');
        if (!axios.isAxiosError(error)) return;
        expect(error.config?.headers.get('Authorization')).toBe('Bearer [redacted]');
        for (const text of renderings(error)) expect(text).not.toContain(token.value);
      } finally {
        detach();
        source.close();
      }
    },
  );

  it('rejects a call aborted before it starts with CanceledError, sending nothing, the cached token hidden', async () => {
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    const token = await source.getToken();
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, source);
    try {
      const error = await api
        .get('/words/doc.docx', { signal: AbortSignal.abort() })
        .catch((caught: unknown) => caught);

      expect(axios.isCancel(error)).toBe(true);
      expect(emulator.stats.apiRequests.total).toBe(0);
      expect(emulator.stats.tokenRequests.total).toBe(1);
      for (const text of renderings(error)) expect(text).not.toContain(token.value);
    } finally {
      detach();
      source.close();
    }
  });

  it('redacts a client secret sent in a form body through the instance', async () => {
    const secret = 'form-secret-4b1d';
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, emulatorCredentials(emulator));
    try {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'emulator-client',
        client_secret: secret,
      });

      const error = await api.post(emulator.tokenUrl, form).catch((caught: unknown) => caught);

      expect(axios.isAxiosError(error) && error.response?.status).toBeGreaterThanOrEqual(400);
      for (const text of renderings(error)) expect(text).not.toContain(secret);
      expect(axios.isAxiosError(error) && error.config?.data).toBe(
        'grant_type=client_credentials&client_id=emulator-client&client_secret=[redacted]',
      );
    } finally {
      detach();
    }
  });
});
