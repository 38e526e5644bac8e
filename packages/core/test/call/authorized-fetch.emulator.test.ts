import {
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  type FetchLike,
  parseRetryAfter,
  type TokenSource,
} from '@cloud-token/core';
import { createFakeClock } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCountingTokenSource } from '../support/counting-token-source.js';

describe('the authorized fetch against the emulator', () => {
  let emulator: Emulator;
  const sources: TokenSource[] = [];

  function emulatorSource(): TokenSource {
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    sources.push(source);
    return source;
  }

  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  afterEach(() => {
    for (const source of sources.splice(0)) source.close();
  });

  it('answers an API that always says 401 with 2 requests per call, never looping', async () => {
    const source = createCountingTokenSource({ rotate: false, prefix: 'foreign-signed' });
    const api = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl });

    const responses = await Promise.all([api('words/a'), api('words/b'), api('words/c')]);

    expect(responses.map((response) => response.status)).toEqual([401, 401, 401]);
    expect(responses[0]?.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(emulator.stats.apiRequests.total).toBe(6);
    expect(source.calls.invalidate).toBe(3);
  });

  it('renews once for 500 calls in flight across a key rotation, and every call succeeds', async () => {
    const source = emulatorSource();
    await source.getToken();
    emulator.control.revokeAllTokens();
    emulator.control.setLatency({ apiMs: 20 });
    const api = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl });

    const responses = await Promise.all(
      Array.from({ length: 500 }, async (_, index) => {
        const response = await api(`words/doc-${index}.docx`);
        await response.arrayBuffer();
        return response.status;
      }),
    );

    expect(responses.filter((status) => status === 200)).toHaveLength(500);
    expect(emulator.stats.tokenRequests.total).toBe(2);
    expect(emulator.stats.apiRequests.total).toBeLessThanOrEqual(1_000);
    expect(emulator.stats.apiRequests.byStatus[200]).toBe(500);
  });

  it('waits out Retry-After: 1 on the injected clock before retrying a 429', async () => {
    const source = emulatorSource();
    const clock = createFakeClock();
    const sentAt = new Map<string, number[]>();
    const fetch: FetchLike = (input, init) => {
      const url = String(input);
      sentAt.set(url, [...(sentAt.get(url) ?? []), clock.now()]);
      return globalThis.fetch(input, init);
    };
    const api = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl, clock, fetch });
    emulator.control.failApiRequests(5, { status: 429, retryAfter: '1' });

    const calls = Promise.all(Array.from({ length: 5 }, (_, index) => api(`words/call-${index}`)));
    await vi.waitFor(() => expect(clock.pending()).toBe(5), { timeout: 10_000 });
    await clock.advance(999);
    expect(emulator.stats.apiRequests.total).toBe(5);
    await clock.advance(1);
    const responses = await calls;

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(emulator.stats.apiRequests.total).toBe(10);
    for (const times of sentAt.values()) {
      expect(times).toHaveLength(2);
      expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1_000);
    }
    expect(clock.pending()).toBe(0);
  });

  it('gives a 429 with Retry-After: 120 back at once, with the delay in its header', async () => {
    const clock = createFakeClock();
    const api = createAuthorizedFetch(emulatorSource(), { baseUrl: emulator.apiUrl, clock });
    emulator.control.failApiRequests(1, { status: 429, retryAfter: '120' });

    const response = await api('words/doc.docx');

    expect(response.status).toBe(429);
    expect(parseRetryAfter(response.headers.get('retry-after'), clock.now())).toBe(120_000);
    expect(emulator.stats.apiRequests.total).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('replays a JSON POST after a 401 with the identical body', async () => {
    const source = emulatorSource();
    await source.getToken();
    emulator.control.revokeAllTokens();
    const api = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl });
    const payload = JSON.stringify({ format: 'pdf', pages: [1, 2, 3], title: 'Äpfel & 🍐' });

    const response = await api('words/convert', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(payload);
    expect(emulator.stats.apiRequestLog.map((record) => record.status)).toEqual([401, 200]);
    expect(emulator.stats.apiRequestLog[1]?.jti).toBeDefined();
    expect(emulator.stats.tokenRequests.total).toBe(2);
  });

  it('does not replay a streamed body: the 401 comes back', async () => {
    const source = emulatorSource();
    await source.getToken();
    emulator.control.revokeAllTokens();
    const api = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('chunk one,'));
        controller.enqueue(encoder.encode('chunk two'));
        controller.close();
      },
    });

    const response = await api('words/upload', {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);

    expect(response.status).toBe(401);
    expect(emulator.stats.apiRequests.total).toBe(1);
    expect(emulator.stats.tokenRequests.total).toBe(1);
  });
});
