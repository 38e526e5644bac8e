import { getEventListeners } from 'node:events';
import { createAuthorizedFetch, RateLimitedError } from '@cloud-token/core';
import { createFakeClock, invalidOptionOf } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { createCountingTokenSource } from '../support/counting-token-source.js';
import { createScriptedFetch, respond } from '../support/scripted-fetch.js';

const baseUrl = 'https://api.aspose.cloud/v4.0';

describe('createAuthorizedFetch options', () => {
  const source = createCountingTokenSource();

  it('validates the source, the capabilities and the policy options at creation', () => {
    expect(invalidOptionOf(() => createAuthorizedFetch({} as never, { baseUrl }))).toBe('source');
    expect(invalidOptionOf(() => createAuthorizedFetch(source, {}))).toBe('baseUrl');
    expect(invalidOptionOf(() => createAuthorizedFetch(source, undefined as never))).toBe(
      'options',
    );
    expect(
      invalidOptionOf(() => createAuthorizedFetch(source, { baseUrl: 'http://api.aspose.cloud' })),
    ).toBe('baseUrl');
    expect(
      invalidOptionOf(() => createAuthorizedFetch(source, { baseUrl, fetch: 'fetch' as never })),
    ).toBe('fetch');
    expect(
      invalidOptionOf(() =>
        createAuthorizedFetch(source, { baseUrl, clock: { now: () => 0 } as never }),
      ),
    ).toMatch(/^clock/);
    expect(
      invalidOptionOf(() => createAuthorizedFetch(source, { baseUrl, rateLimitRetries: -1 })),
    ).toBe('rateLimitRetries');
    expect(source.calls.getToken).toBe(0);
  });
});

describe('the token on the wire', () => {
  it('sends our token to the allowed origin, replacing an Authorization the caller set', async () => {
    const source = createCountingTokenSource();
    const fetch = createScriptedFetch(() => respond(200));
    const api = createAuthorizedFetch(source, { baseUrl, fetch });

    const response = await api('words/doc.docx?storage=s1', {
      headers: { authorization: 'Bearer stale', 'x-trace': '1' },
    });

    expect(response.status).toBe(200);
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.requests[0]?.url).toBe('https://api.aspose.cloud/v4.0/words/doc.docx?storage=s1');
    expect(fetch.requests[0]?.authorization).toBe('Bearer token-1');
    expect(fetch.requests[0]?.headers.get('x-trace')).toBe('1');
    expect(fetch.requests[0]?.redirect).toBe('manual');
  });

  it('resolves an absolute path against the origin and leaves absolute URLs alone', async () => {
    const fetch = createScriptedFetch(() => respond(200));
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch });
    await api('/v1/viewer/info');
    await api(new URL('https://api.aspose.cloud/v4.0/html/x'));
    expect(fetch.requests.map((request) => request.url)).toEqual([
      'https://api.aspose.cloud/v1/viewer/info',
      'https://api.aspose.cloud/v4.0/html/x',
    ]);
  });

  it('rejects a relative URL with ERR_USAGE when there is no baseUrl, sending nothing', async () => {
    const fetch = createScriptedFetch(() => respond(200));
    const api = createAuthorizedFetch(createCountingTokenSource(), {
      allowedOrigins: ['https://api.aspose.cloud'],
      fetch,
    });
    await expect(api('words/doc.docx')).rejects.toMatchObject({ code: 'ERR_USAGE' });
    expect(fetch.requests).toHaveLength(0);
  });

  it('sends a request to another origin as the caller made it, without asking for a token', async () => {
    const source = createCountingTokenSource();
    const fetch = createScriptedFetch(() => respond(200));
    const api = createAuthorizedFetch(source, { baseUrl, fetch });

    await api('https://storage.example/blob');
    await api('http://api.aspose.cloud/v4.0/words', { headers: { authorization: 'Basic theirs' } });

    expect(fetch.requests.map((request) => request.authorization)).toEqual([null, 'Basic theirs']);
    expect(source.calls.getToken).toBe(0);
  });

  it('reads method, headers, body and signal of a Request, letting init override them', async () => {
    const fetch = createScriptedFetch(() => respond(200));
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch });
    const controller = new AbortController();

    await api(
      new Request('https://api.aspose.cloud/v4.0/words', {
        method: 'PUT',
        headers: { 'content-type': 'text/plain' },
        body: 'from the request',
        signal: controller.signal,
      }),
    );
    await api(new Request('https://api.aspose.cloud/v4.0/words', { method: 'DELETE' }), {
      method: 'POST',
      headers: { 'x-from': 'init' },
      body: 'from init',
    });

    const [fromRequest, fromInit] = fetch.requests;
    expect(fromRequest?.method).toBe('PUT');
    expect(fromRequest?.headers.get('content-type')).toBe('text/plain');
    expect(await new Response(fromRequest?.body).text()).toBe('from the request');
    expect(fromRequest?.duplex).toBe('half');
    expect(fromInit?.method).toBe('POST');
    expect(fromInit?.headers.get('x-from')).toBe('init');
    expect(fromInit?.body).toBe('from init');
    expect(fromInit?.authorization).toBe('Bearer token-1');
  });

  it('never sends a request that needs the token when no token can be had', async () => {
    const refusal = new RateLimitedError(600_000, Date.UTC(2030, 0, 1, 0, 10));
    const fetch = createScriptedFetch(() => respond(200));
    const api = createAuthorizedFetch(createCountingTokenSource({ fail: refusal }), {
      baseUrl,
      fetch,
    });
    await expect(api('words/doc.docx')).rejects.toBe(refusal);
    expect(fetch.requests).toHaveLength(0);
  });
});

describe('401 and 403', () => {
  it('invalidates the token that got a 401 and replays once with the next one', async () => {
    const source = createCountingTokenSource();
    const fetch = createScriptedFetch((_request, index) => respond(index === 0 ? 401 : 200));
    const api = createAuthorizedFetch(source, { baseUrl, fetch });

    const response = await api('words', { method: 'POST', body: '{"a":1}' });

    expect(response.status).toBe(200);
    expect(fetch.requests.map((request) => request.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(fetch.requests[1]?.body).toBe('{"a":1}');
    expect(source.calls.renewals).toBe(1);
    expect(fetch.responses[0]?.bodyUsed).toBe(true);
  });

  it('replays a body given in init with a Request, but not the stream inside a Request', async () => {
    const fetch = createScriptedFetch(() => respond(401));
    // One source per call: two refusals in a row on one source pause 401 renewals (issue 9 item 5).
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch });
    const fresh = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch });
    const request = () =>
      new Request('https://api.aspose.cloud/v4.0/words', { method: 'POST', body: 'inside' });

    expect((await api(request())).status).toBe(401);
    expect(fetch.requests).toHaveLength(1);
    expect((await fresh(request(), { body: 'in init' })).status).toBe(401);
    expect(fetch.requests.slice(1).map((sent) => sent.body)).toEqual(['in init', 'in init']);
  });

  it('never retries a 403', async () => {
    const fetch = createScriptedFetch(() => respond(403));
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch });
    expect((await api('words')).status).toBe(403);
    expect(fetch.requests).toHaveLength(1);
  });

  it('does not retry a 401 to a request that did not carry our token', async () => {
    const source = createCountingTokenSource();
    const fetch = createScriptedFetch(() => respond(401));
    const api = createAuthorizedFetch(source, { baseUrl, fetch });
    expect((await api('https://storage.example/blob')).status).toBe(401);
    expect(fetch.requests).toHaveLength(1);
    expect(source.calls.invalidate).toBe(0);
  });
});

describe('429 and 503', () => {
  it('waits on the injected clock for a short Retry-After, then retries', async () => {
    const clock = createFakeClock();
    const fetch = createScriptedFetch((_request, index) =>
      index === 0 ? respond(503, { 'retry-after': '2' }) : respond(200),
    );
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch, clock });

    const controller = new AbortController();

    const call = api('words', { signal: controller.signal });
    await clock.advance(1_999);
    expect(fetch.requests).toHaveLength(1);
    await clock.advance(1);
    expect((await call).status).toBe(200);
    expect(fetch.requests).toHaveLength(2);
    expect(fetch.responses[0]?.bodyUsed).toBe(true);
    expect(clock.pending()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('gives back a long Retry-After at once, with its header', async () => {
    const clock = createFakeClock();
    const fetch = createScriptedFetch(() => respond(429, { 'retry-after': '120' }));
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch, clock });
    const response = await api('words');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(fetch.requests).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });

  it('rejects with the signal reason when aborted during the wait, leaving no timer', async () => {
    const clock = createFakeClock();
    const fetch = createScriptedFetch(() => respond(429, { 'retry-after': '5' }));
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch, clock });
    const controller = new AbortController();
    const reason = new Error('the user went away');

    const call = api('words', { signal: controller.signal });
    await clock.advance(0);
    expect(clock.pending()).toBe(1);
    controller.abort(reason);

    await expect(call).rejects.toBe(reason);
    expect(clock.pending()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(fetch.requests).toHaveLength(1);
  });
});

describe('redirects', () => {
  it('follows a redirect itself, re-deciding the token for every hop', async () => {
    const fetch = createScriptedFetch((request) =>
      request.url.endsWith('/old')
        ? respond(301, { location: 'https://storage.example/new' })
        : respond(200),
    );
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch });

    const response = await api('old', { headers: { 'x-keep': '1' } });

    expect(response.status).toBe(200);
    expect(fetch.requests.map((request) => [request.url, request.authorization])).toEqual([
      ['https://api.aspose.cloud/v4.0/old', 'Bearer token-1'],
      ['https://storage.example/new', null],
    ]);
    expect(fetch.requests[1]?.headers.get('x-keep')).toBe('1');
  });

  it('turns a POST into a GET on 303 and keeps method and body on 307', async () => {
    const fetch = createScriptedFetch((request) => {
      if (request.url.endsWith('/see-other')) return respond(303, { location: '/v4.0/result' });
      if (request.url.endsWith('/temporary')) return respond(307, { location: '/v4.0/upload' });
      return respond(200);
    });
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch });

    await api('see-other', {
      method: 'POST',
      body: 'payload',
      headers: { 'content-type': 'text/plain' },
    });
    await api('temporary', { method: 'POST', body: 'payload' });

    const [, afterSeeOther, , afterTemporary] = fetch.requests;
    expect(afterSeeOther?.method).toBe('GET');
    expect(afterSeeOther?.body).toBeNull();
    expect(afterSeeOther?.headers.has('content-type')).toBe(false);
    expect(afterSeeOther?.authorization).toBe('Bearer token-1');
    expect(afterTemporary?.method).toBe('POST');
    expect(afterTemporary?.body).toBe('payload');
  });

  it("honours the caller's redirect: 'manual' and 'error'", async () => {
    const fetch = createScriptedFetch(() => respond(302, { location: '/elsewhere' }));
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch });

    expect((await api('words', { redirect: 'manual' })).status).toBe(302);
    await expect(api('words', { redirect: 'error' })).rejects.toBeInstanceOf(TypeError);
    expect(fetch.requests).toHaveLength(2);
  });

  it('stops after 20 redirects', async () => {
    const fetch = createScriptedFetch((_request, index) =>
      respond(302, { location: `/loop/${index}` }),
    );
    const api = createAuthorizedFetch(createCountingTokenSource(), { baseUrl, fetch });
    await expect(api('words')).rejects.toThrow(/redirect count exceeded/);
    expect(fetch.requests).toHaveLength(21);
  });
});
