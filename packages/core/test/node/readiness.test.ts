import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  type TokenSource,
} from '@cloud-token/core';
import {
  checkReadiness,
  createReadinessCheck,
  createReadinessHandler,
} from '@cloud-token/core/node';
import { createFakeClock } from '@cloud-token/core/testing';
import { useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runUntilSettled } from '../support/run-until-settled.js';

const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
const sources: TokenSource[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const source of sources.splice(0)) source.close();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

function source(clientSecret = cloud.credentials.clientSecret): TokenSource {
  const made = createTokenSource(clientCredentials({ ...cloud.credentials, clientSecret }), {
    retry: { attempts: 1 },
  });
  sources.push(made);
  return made;
}

async function probe(target: TokenSource): Promise<Response> {
  const server = createServer(createReadinessHandler(target));
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return fetch(`http://127.0.0.1:${port}/readyz`);
}

describe('readiness (issue 15)', () => {
  it('issue 22: answers 503 "unauthorized" while the API refuses even a renewed token, with a usable token in hand', async () => {
    const clock = createFakeClock();
    const paused = createTokenSource(clientCredentials(cloud.credentials), { clock });
    sources.push(paused);
    const api = createAuthorizedFetch(paused, { baseUrl: cloud.emulator.apiUrl, clock });
    cloud.emulator.control.failApiRequests(2, { status: 401 });
    expect((await api('words/a')).status).toBe(401);
    expect(paused.status?.()).toMatchObject({ hasUsableToken: true });
    const answer = await checkReadiness(paused);
    expect(answer).toMatchObject({
      status: 503,
      headers: { 'retry-after': '60' },
      body: { ready: false, reason: 'unauthorized' },
    });
    await clock.advance(60_000);
    expect((await checkReadiness(paused)).status).toBe(200);
  });

  it('is ready on a cold start once a token is had: one token request, no token in the body', async () => {
    const cold = source();
    const answer = await probe(cold);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ready: true, store: 'local' });
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    const token = await cold.getToken();
    expect(JSON.stringify(body)).not.toContain(token.value);
    // A second probe answers from the cached token, without a request.
    expect((await probe(cold)).status).toBe(200);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });

  it('answers 503 with Retry-After while the token endpoint is rate limited, and sends no more requests', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const throttled = source();
    const first = await probe(throttled);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('600');
    expect(await first.json()).toMatchObject({ ready: false, reason: 'ERR_RATE_LIMITED' });
    const second = await probe(throttled);
    expect(second.status).toBe(503);
    expect(await second.json()).toMatchObject({ ready: false, reason: 'rate-limited' });
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });

  it('answers 503 for rejected credentials without echoing the secret', async () => {
    const answer = await checkReadiness(source('wr0ng-s3cret'));
    expect(answer).toMatchObject({
      status: 503,
      body: { ready: false, reason: 'ERR_CREDENTIALS_REJECTED' },
    });
    expect(JSON.stringify(answer)).not.toContain('wr0ng-s3cret');
  });

  it('checks its options at creation', () => {
    expect(() => createReadinessHandler(source(), { timeout: 1 } as never)).toThrow(
      /did you mean "timeoutMs"/,
    );
    expect(() => createReadinessHandler({} as never)).toThrow(/source/);
  });
});

describe('createReadinessCheck (issue 15)', () => {
  it('checks source and options when it is created, then answers each call', async () => {
    expect(() => createReadinessCheck(source(), { timeoutMS: 1 } as never)).toThrow(
      /did you mean "timeoutMs"/,
    );
    expect(() => createReadinessCheck(null as never)).toThrow(/source/);
    const probe = createReadinessCheck(source());
    expect(await probe()).toMatchObject({
      status: 200,
      headers: { 'cache-control': 'no-store' },
      body: { ready: true, store: 'local' },
    });
    expect(await probe()).toMatchObject({ status: 200 });
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });
});

describe("readiness on the source's clock (issue 21 item 3)", () => {
  it("gives up after timeoutMs of the source's clock, with reason timeout", async () => {
    const clock = createFakeClock();
    // A token endpoint that never answers (until the request is aborted).
    const hanging = createTokenSource(clientCredentials(cloud.credentials), {
      clock,
      fetch: (_input, init) =>
        new Promise<Response>((_, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    });
    sources.push(hanging);
    let answer: Awaited<ReturnType<typeof checkReadiness>> | undefined;
    void checkReadiness(hanging, { timeoutMs: 2_000 }).then((given) => {
      answer = given;
    });
    await clock.advance(1_999);
    expect(answer).toBeUndefined();
    await clock.advance(1);
    expect(answer).toMatchObject({ status: 503, body: { ready: false, reason: 'timeout' } });
    expect(answer?.headers['retry-after']).toBeUndefined();
  });

  it("reads a cooldown against the source's clock: Retry-After counts down on it", async () => {
    const clock = createFakeClock();
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const throttled = createTokenSource(clientCredentials(cloud.credentials), {
      clock,
      retry: { attempts: 1 },
    });
    sources.push(throttled);
    const first = await runUntilSettled(clock, checkReadiness(throttled));
    expect(first).toMatchObject({
      status: 'fulfilled',
      value: { headers: { 'retry-after': '120' } },
    });
    await clock.advance(30_000);
    const later = await checkReadiness(throttled);
    expect(later).toMatchObject({ status: 503, body: { reason: 'rate-limited' } });
    expect(later.headers['retry-after']).toBe('90');
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });
});
