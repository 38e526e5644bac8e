import { Readable } from 'node:stream';
import { clientCredentials, createTokenSource } from '@cloud-token/core';
import { createFakeClock } from '@cloud-token/core/testing';
import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import latestAxios from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachCloudToken } from '../src/index.js';
import { axiosVersions } from './support/axios-versions.js';
import { createRecordingClock } from './support/recording-clock.js';

describe.each(axiosVersions)('call policy with $name', ({ axios }) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });

  function newApi() {
    return axios.create({ baseURL: emulator.apiUrl });
  }

  it('serves a cold herd of 500 requests with one token request, and the herd after expiry with one more', async () => {
    const clock = createFakeClock();
    const api = newApi();
    const detach = attachCloudToken(api, { ...emulatorCredentials(emulator), clock });
    try {
      const herd = () =>
        Promise.all(Array.from({ length: 500 }, (_, index) => api.get(`/words/doc-${index}.docx`)));

      const cold = await herd();
      expect(cold.map((response) => response.status)).toEqual(Array(500).fill(200));
      expect(emulator.stats.tokenRequests.total).toBe(1);

      // The emulator's default lifetime is a day: a day later the token is past its unusable point.
      await clock.advance(86_400_000);
      const afterExpiry = await herd();
      expect(afterExpiry.map((response) => response.status)).toEqual(Array(500).fill(200));
      expect(emulator.stats.tokenRequests.total).toBe(2);
    } finally {
      detach();
    }
  });

  it('inside the renewal window sends the current token at once and renews once in the background', async () => {
    const clock = createFakeClock();
    const api = newApi();
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)), {
      clock,
      random: () => 0,
    });
    const detach = attachCloudToken(api, source);
    try {
      await api.get('/warm-up');
      const current = source.peek();
      emulator.control.setLatency({ tokenMs: 200 });
      // A day's token is renewed from 5 minutes before its end (no jitter with random 0).
      await clock.advance(86_400_000 - 300_000);

      const during = await Promise.all(
        Array.from({ length: 20 }, (_, index) => api.get(`/words/${index}`)),
      );
      expect(during.map((response) => response.status)).toEqual(Array(20).fill(200));
      // Every call was answered while the renewal was still on the wire: all carried the current token.
      expect(source.peek()).toBe(current);
      await vi.waitFor(() => expect(source.peek()).not.toBe(current));
      expect(emulator.stats.tokenRequests.total).toBe(2);
    } finally {
      detach();
      source.close();
    }
  });

  it('renews once for 200 requests in flight during a key rotation, and every one succeeds', async () => {
    const api = newApi();
    const detach = attachCloudToken(api, emulatorCredentials(emulator));
    try {
      await api.get('/warm-up');
      const inFlight = Array.from({ length: 200 }, (_, index) => api.get(`/words/${index}`));
      emulator.control.revokeAllTokens();

      const responses = await Promise.all(inFlight);
      expect(responses.map((response) => response.status)).toEqual(Array(200).fill(200));
      expect(emulator.stats.tokenRequests.total).toBe(2);
      expect(emulator.stats.apiRequests.byStatus[401]).toBe(200);
    } finally {
      detach();
    }
  });

  it.each([
    [
      'a JSON object',
      { name: 'doc.docx', pages: [1, 2, 3] },
      '{"name":"doc.docx","pages":[1,2,3]}',
    ],
    ['a string', 'plain words, sent twice', 'plain words, sent twice'],
    ['a Buffer', Buffer.from([0, 1, 2, 253, 254, 255]), Buffer.from([0, 1, 2, 253, 254, 255])],
    [
      'URLSearchParams',
      new URLSearchParams({ folder: 'a b', storage: 's1' }),
      'folder=a+b&storage=s1',
    ],
  ])('replays a 401 with the new token and the identical body (%s)', async (_kind, body, bytes) => {
    const api = newApi();
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    const detach = attachCloudToken(api, source);
    try {
      await api.get('/warm-up');
      const oldJti = emulator.stats.apiRequestLog.at(-1)?.jti;
      emulator.control.revokeAllTokens();

      const response = await api.post('/echo', body, { responseType: 'arraybuffer' });

      expect(response.status).toBe(200);
      expect(Buffer.from(response.data)).toEqual(Buffer.from(bytes));
      const [rejected, replayed] = emulator.stats.apiRequestLog.slice(-2);
      expect(rejected).toMatchObject({ method: 'POST', status: 401, hadAuthorization: true });
      expect(replayed).toMatchObject({ method: 'POST', status: 200, hadAuthorization: true });
      expect(replayed?.jti).toBeDefined();
      expect(replayed?.jti).not.toBe(oldJti);
      expect(emulator.stats.tokenRequests.total).toBe(2);
    } finally {
      detach();
      source.close();
    }
  });

  it('gives a 401 back without a replay when the body was a stream', async () => {
    const api = newApi();
    const detach = attachCloudToken(api, emulatorCredentials(emulator));
    try {
      await api.get('/warm-up');
      emulator.control.revokeAllTokens();

      const error = await api
        .post('/upload', Readable.from([Buffer.from('streamed once')]), {
          headers: { 'content-type': 'application/octet-stream' },
        })
        .catch((caught: unknown) => caught);

      expect(axios.isAxiosError(error) && error.response?.status).toBe(401);
      expect(emulator.stats.apiRequests.total).toBe(2);
      expect(emulator.stats.tokenRequests.total).toBe(1);
    } finally {
      detach();
    }
  });

  it('waits out a 429 with Retry-After: 1 on the injected clock, then succeeds', async () => {
    const clock = createRecordingClock();
    const api = newApi();
    const detach = attachCloudToken(api, emulatorCredentials(emulator), { clock });
    try {
      emulator.control.failApiRequests(1, { status: 429, retryAfter: '1' });

      const response = await api.get('/words/doc.docx');

      expect(response.status).toBe(200);
      expect(clock.delays).toEqual([1_000]);
      expect(emulator.stats.apiRequests.byStatus[429]).toBe(1);
      expect(emulator.stats.apiRequests.total).toBe(2);
    } finally {
      detach();
    }
  });

  it('applies the policy to answers validateStatus accepted as well', async () => {
    const clock = createRecordingClock();
    const api = newApi();
    const detach = attachCloudToken(api, emulatorCredentials(emulator), { clock });
    try {
      emulator.control.failApiRequests(1, { status: 503, retryAfter: '2' });
      await api.get('/warm-up', { validateStatus: () => true });
      emulator.control.revokeAllTokens();

      const response = await api.get('/words/doc.docx', { validateStatus: () => true });

      expect(response.status).toBe(200);
      expect(clock.delays).toEqual([2_000]);
      expect(emulator.stats.tokenRequests.total).toBe(2);
    } finally {
      detach();
    }
  });

  it('gives a 429 back at once when its Retry-After is longer than maxRetryAfterMs', async () => {
    const clock = createRecordingClock();
    const api = newApi();
    const detach = attachCloudToken(api, emulatorCredentials(emulator), {
      clock,
      maxRetryAfterMs: 5_000,
    });
    try {
      emulator.control.failApiRequests(1, { status: 429, retryAfter: '600' });

      const error = await api.get('/words/doc.docx').catch((caught: unknown) => caught);

      expect(axios.isAxiosError(error) && error.response?.status).toBe(429);
      expect(axios.isAxiosError(error) && error.response?.headers['retry-after']).toBe('600');
      expect(clock.delays).toEqual([]);
      expect(emulator.stats.apiRequests.total).toBe(1);
    } finally {
      detach();
    }
  });

  it('stops retrying after rateLimitRetries and gives the last 429 back', async () => {
    const clock = createRecordingClock();
    const api = newApi();
    const detach = attachCloudToken(api, emulatorCredentials(emulator), {
      clock,
      rateLimitRetries: 2,
    });
    try {
      emulator.control.failApiRequests(5, { status: 429, retryAfter: '1' });

      const error = await api.get('/words/doc.docx').catch((caught: unknown) => caught);

      expect(axios.isAxiosError(error) && error.response?.status).toBe(429);
      expect(clock.delays).toEqual([1_000, 1_000]);
      expect(emulator.stats.apiRequests.total).toBe(3);
    } finally {
      detach();
    }
  });

  it('rejects with axios CanceledError, sending nothing more, when the caller aborts the wait', async () => {
    const clock = createFakeClock();
    const api = newApi();
    const detach = attachCloudToken(api, emulatorCredentials(emulator), { clock });
    try {
      emulator.control.failApiRequests(1, { status: 429, retryAfter: '5' });
      const controller = new AbortController();

      const call = api.get('/words/doc.docx', { signal: controller.signal });
      await vi.waitFor(() => expect(clock.pending()).toBe(1));
      controller.abort();
      const error = await call.catch((caught: unknown) => caught);

      expect(axios.isCancel(error)).toBe(true);
      expect(clock.pending()).toBe(0);
      expect(emulator.stats.apiRequests.total).toBe(1);
    } finally {
      detach();
    }
  });
});

describe('axios fetch adapter (axios ≥ 1.7)', () => {
  it('replays a 401 and waits out a 429 when axios sends through fetch', async () => {
    const emulator = await startEmulator();
    const clock = createRecordingClock();
    const api = latestAxios.create({ baseURL: emulator.apiUrl, adapter: 'fetch' });
    const detach = attachCloudToken(api, emulatorCredentials(emulator), { clock });
    try {
      await api.get('/warm-up');
      emulator.control.revokeAllTokens();
      emulator.control.failApiRequests(1, { status: 429, retryAfter: '1' });

      const response = await api.post('/echo', { name: 'doc.docx' });

      expect(response.data).toEqual({ name: 'doc.docx' });
      expect(clock.delays).toEqual([1_000]);
      expect(emulator.stats.tokenRequests.total).toBe(2);
    } finally {
      detach();
      await emulator.close();
    }
  });
});
