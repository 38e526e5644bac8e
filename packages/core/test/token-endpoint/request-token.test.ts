import { inspect } from 'node:util';
import { createFakeClock } from '@cloud-token/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/clock.js';
import {
  type CloudTokenError,
  type CredentialsRejectedError,
  isCloudTokenError,
  type TokenRequestError,
} from '../../src/shared/errors.js';
import { basicAuthorization } from '../../src/token-endpoint/client-authentication.js';
import { clientCredentials } from '../../src/token-endpoint/client-credentials.js';
import type { ClientCredentialsOptions } from '../../src/token-endpoint/client-credentials-options.js';
import { requestToken } from '../../src/token-endpoint/request-token.js';
import { DEFAULT_MAX_TOKEN_RESPONSE_BYTES } from '../../src/token-endpoint/token-answer.js';
import type { FetchLike } from '../../src/types.js';
import { createScriptedFetch } from '../support/scripted-fetch.js';

const secret = 'pä$$+&=%:ß✓';
const options: ClientCredentialsOptions = {
  tokenUrl: 'http://127.0.0.1:9/connect/token',
  clientId: 'client-id',
  clientSecret: secret,
};
const grant = clientCredentials(options);
const secretShapes = [
  secret,
  encodeURIComponent(secret),
  basicAuthorization('client-id', secret).slice(6),
];

const tokenJson = {
  access_token: 'header.payload.signature',
  token_type: 'Bearer',
  expires_in: 3600,
};

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function html(status: number, headers: Record<string, string> = {}): Response {
  return new Response('<html><body>Bad Gateway</body></html>', {
    status,
    headers: { 'content-type': 'text/html', ...headers },
  });
}

/** Awaits a rejection that must be a cloud-token error free of any secret shape. */
async function failure<T extends CloudTokenError = CloudTokenError>(
  promise: Promise<unknown>,
): Promise<T> {
  const error = await promise.then(
    () => expect.unreachable('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isCloudTokenError(error), String(error)).toBe(true);
  expectNoSecret(error);
  return error as T;
}

function expectNoSecret(error: unknown): void {
  const views = [
    String((error as Error).message),
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ];
  for (const view of views) for (const shape of secretShapes) expect(view).not.toContain(shape);
}

describe('requestToken: the request', () => {
  it('POSTs a form with client_secret_post by default, no redirects, with a signal', async () => {
    const fetch = createScriptedFetch(() => json(tokenJson));
    const withScope = clientCredentials({
      ...options,
      scope: ['api.read', 'api.write'],
      resource: ['https://api.example/', 'urn:example:b'],
    });
    await requestToken(withScope, { fetch, clock: systemClock, timeoutMs: 5_000 });
    const [request] = fetch.requests;
    expect(request?.url).toBe('http://127.0.0.1:9/connect/token');
    expect(request?.method).toBe('POST');
    expect(request?.redirect).toBe('manual');
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.get('accept')).toBe('application/json');
    expect(request?.authorization).toBeNull();
    const form = new URLSearchParams(String(request?.body));
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe('client-id');
    expect(form.get('client_secret')).toBe(secret);
    expect(form.get('scope')).toBe('api.read api.write');
    expect(form.getAll('resource')).toEqual(['https://api.example/', 'urn:example:b']);
  });

  it('sends client_secret_basic as a Basic header and no secret in the body', async () => {
    const fetch = createScriptedFetch(() => json(tokenJson));
    const basic = clientCredentials({ ...options, authMethod: 'client_secret_basic' });
    await requestToken(basic, { fetch, clock: systemClock, timeoutMs: 5_000 });
    const [request] = fetch.requests;
    expect(request?.authorization).toBe(basicAuthorization('client-id', secret));
    const form = new URLSearchParams(String(request?.body));
    expect([...form.keys()]).toEqual(['grant_type']);
    expect(String(request?.body)).not.toContain(encodeURIComponent(secret));
  });

  it('resolves a token that expires expires_in after the clock says it arrived', async () => {
    const clock = createFakeClock();
    const token = await requestToken(grant, {
      fetch: createScriptedFetch(() => json(tokenJson)),
      clock,
      timeoutMs: 100,
    });
    expect(token.value).toBe('header.payload.signature');
    expect(token.obtainedAt).toBe(clock.now());
    expect(token.expiresAt).toBe(clock.now() + 3_600_000);
    expect(clock.pending()).toBe(0);
  });
});

describe('requestToken: classification', () => {
  const cases: [string, () => Response, Record<string, unknown>][] = [
    [
      '400 invalid_client',
      () => json({ error: 'invalid_client', error_description: 'Unknown client' }, 400),
      {
        code: 'ERR_CREDENTIALS_REJECTED',
        oauthError: 'invalid_client',
        oauthErrorDescription: 'Unknown client',
        upstreamStatus: 400,
      },
    ],
    [
      '401 invalid_client',
      () => json({ error: 'invalid_client' }, 401),
      {
        code: 'ERR_CREDENTIALS_REJECTED',
        oauthError: 'invalid_client',
        oauthErrorDescription: undefined,
        upstreamStatus: 401,
      },
    ],
    [
      '400 invalid_grant',
      () => json({ error: 'invalid_grant' }, 400),
      { code: 'ERR_CREDENTIALS_REJECTED', oauthError: 'invalid_grant' },
    ],
    [
      '400 unauthorized_client',
      () => json({ error: 'unauthorized_client' }, 400),
      { code: 'ERR_CREDENTIALS_REJECTED', oauthError: 'unauthorized_client' },
    ],
    [
      '400 unsupported_grant_type',
      () => json({ error: 'unsupported_grant_type' }, 400),
      { code: 'ERR_CREDENTIALS_REJECTED', oauthError: 'unsupported_grant_type' },
    ],
    [
      '400 invalid_scope',
      () => json({ error: 'invalid_scope' }, 400),
      { code: 'ERR_CREDENTIALS_REJECTED', oauthError: 'invalid_scope' },
    ],
    [
      '400 invalid_request',
      () => json({ error: 'invalid_request' }, 400),
      { code: 'ERR_CREDENTIALS_REJECTED', oauthError: 'invalid_request' },
    ],
    [
      '400 invalid_target',
      () => json({ error: 'invalid_target' }, 400),
      { code: 'ERR_CREDENTIALS_REJECTED', oauthError: 'invalid_target' },
    ],
    [
      '200 with invalid_client (the error field wins)',
      () => json({ error: 'invalid_client' }, 200),
      {
        code: 'ERR_CREDENTIALS_REJECTED',
        oauthError: 'invalid_client',
        upstreamStatus: 200,
      },
    ],
    [
      '500 with invalid_client',
      () => json({ error: 'invalid_client' }, 500),
      { code: 'ERR_CREDENTIALS_REJECTED', upstreamStatus: 500 },
    ],
    [
      '403 with an unknown error code',
      () => json({ error: 'access_denied' }, 403),
      {
        code: 'ERR_CREDENTIALS_REJECTED',
        oauthError: 'access_denied',
        upstreamStatus: 403,
      },
    ],
    [
      '429 with Retry-After seconds',
      () => json({ error: 'slow_down' }, 429, { 'retry-after': '600' }),
      {
        code: 'ERR_TOKEN_REQUEST',
        reason: 'http',
        upstreamStatus: 429,
        retryAfterMs: 600_000,
      },
    ],
    [
      '429 with invalid_client (429 wins)',
      () => json({ error: 'invalid_client' }, 429, { 'retry-after': '1' }),
      {
        code: 'ERR_TOKEN_REQUEST',
        reason: 'http',
        upstreamStatus: 429,
        retryAfterMs: 1000,
      },
    ],
    [
      '429 without Retry-After',
      () => new Response(null, { status: 429 }),
      {
        code: 'ERR_TOKEN_REQUEST',
        upstreamStatus: 429,
        retryAfterMs: undefined,
      },
    ],
    [
      '429 with an unparseable Retry-After',
      () => new Response(null, { status: 429, headers: { 'retry-after': 'later' } }),
      {
        code: 'ERR_TOKEN_REQUEST',
        upstreamStatus: 429,
        retryAfterMs: undefined,
      },
    ],
    [
      '400 server_error',
      () => json({ error: 'server_error' }, 400),
      { code: 'ERR_TOKEN_REQUEST', reason: 'oauth', upstreamStatus: 400 },
    ],
    [
      '503 temporarily_unavailable with Retry-After',
      () => json({ error: 'temporarily_unavailable' }, 503, { 'retry-after': '5' }),
      {
        code: 'ERR_TOKEN_REQUEST',
        reason: 'oauth',
        upstreamStatus: 503,
        retryAfterMs: 5000,
      },
    ],
    [
      '408 HTML',
      () => html(408),
      { code: 'ERR_TOKEN_REQUEST', reason: 'http', upstreamStatus: 408 },
    ],
    [
      '500 HTML',
      () => html(500),
      { code: 'ERR_TOKEN_REQUEST', reason: 'http', upstreamStatus: 500, retryAfterMs: undefined },
    ],
    [
      '502 HTML',
      () => html(502),
      { code: 'ERR_TOKEN_REQUEST', reason: 'http', upstreamStatus: 502 },
    ],
    [
      '503 HTML with Retry-After',
      () => html(503, { 'retry-after': '30' }),
      {
        code: 'ERR_TOKEN_REQUEST',
        reason: 'http',
        upstreamStatus: 503,
        retryAfterMs: 30_000,
      },
    ],
    [
      '504 empty',
      () => new Response(null, { status: 504 }),
      { code: 'ERR_TOKEN_REQUEST', reason: 'http', upstreamStatus: 504 },
    ],
    [
      '500 with an unknown error code',
      () => json({ error: 'boom' }, 500),
      { code: 'ERR_TOKEN_REQUEST', reason: 'http', upstreamStatus: 500 },
    ],
    [
      '302 redirect',
      () =>
        new Response(null, {
          status: 302,
          headers: { location: 'https://elsewhere.example/token' },
        }),
      {
        code: 'ERR_TOKEN_RESPONSE',
        upstreamStatus: 302,
      },
    ],
    [
      '307 redirect with a JSON error',
      () => json({ error: 'invalid_client' }, 307),
      { code: 'ERR_TOKEN_RESPONSE', upstreamStatus: 307 },
    ],
    [
      'an opaque redirect',
      () =>
        Object.defineProperties(new Response(null), {
          type: { value: 'opaqueredirect' },
          status: { value: 0 },
        }),
      {
        code: 'ERR_TOKEN_RESPONSE',
        upstreamStatus: 0,
      },
    ],
    ['401 HTML', () => html(401), { code: 'ERR_TOKEN_RESPONSE', upstreamStatus: 401 }],
    [
      '400 empty',
      () => new Response('', { status: 400 }),
      { code: 'ERR_TOKEN_RESPONSE', upstreamStatus: 400 },
    ],
    [
      '404 JSON without error',
      () => json({ message: 'not found' }, 404),
      { code: 'ERR_TOKEN_RESPONSE', upstreamStatus: 404 },
    ],
    [
      '400 with an error code RFC 6749 does not allow',
      () => json({ error: 'bad"code' }, 400),
      { code: 'ERR_TOKEN_RESPONSE' },
    ],
    ['400 with a numeric error', () => json({ error: 7 }, 400), { code: 'ERR_TOKEN_RESPONSE' }],
    ['501', () => json({}, 501), { code: 'ERR_TOKEN_RESPONSE', upstreamStatus: 501 }],
    ['200 HTML', () => html(200), { code: 'ERR_TOKEN_RESPONSE', upstreamStatus: 200 }],
    [
      '200 without access_token',
      () => json({ token_type: 'Bearer' }),
      { code: 'ERR_TOKEN_RESPONSE' },
    ],
    [
      '200 with a MAC token',
      () => json({ ...tokenJson, token_type: 'mac' }),
      { code: 'ERR_TOKEN_RESPONSE' },
    ],
    [
      '200 with expires_in 0',
      () => json({ ...tokenJson, expires_in: 0 }),
      { code: 'ERR_TOKEN_RESPONSE' },
    ],
  ];

  it.each(cases)('%s', async (_, answer, expected) => {
    const fetch = createScriptedFetch(answer);
    const error = await failure(
      requestToken(grant, { fetch, clock: systemClock, timeoutMs: 5_000 }),
    );
    expect(error).toMatchObject(expected);
    expect(fetch.requests).toHaveLength(1);
  });

  it('does not follow a redirect, and says so', async () => {
    const fetch = createScriptedFetch(
      () => new Response(null, { status: 301, headers: { location: '/v2/token' } }),
    );
    const error = await failure(
      requestToken(grant, { fetch, clock: systemClock, timeoutMs: 5_000 }),
    );
    expect(error.message).toMatch(/never follow redirects/);
    expect(fetch.requests).toHaveLength(1);
  });

  it('reads Retry-After HTTP-dates against the injected clock', async () => {
    const clock = createFakeClock();
    const inTwoMinutes = new Date(clock.now() + 120_000).toUTCString();
    const fetch = createScriptedFetch(
      () => new Response(null, { status: 429, headers: { 'retry-after': inTwoMinutes } }),
    );
    const error = await failure<TokenRequestError>(
      requestToken(grant, { fetch, clock, timeoutMs: 100 }),
    );
    expect(error.retryAfterMs).toBe(120_000);
  });

  it('shortens a description, strips control characters and redacts the secret', async () => {
    const description = `Client client-id:${secret} is unknown\r\n\u0007${'x'.repeat(400)}`;
    const fetch = createScriptedFetch(() =>
      json({ error: 'invalid_client', error_description: description }, 400),
    );
    const error = await failure<CredentialsRejectedError>(
      requestToken(grant, { fetch, clock: systemClock, timeoutMs: 5_000 }),
    );
    const shown = error.oauthErrorDescription ?? '';
    expect(shown.startsWith('Client client-id:[redacted] is unknown')).toBe(true);
    expect(Array.from(shown).length).toBeLessThanOrEqual(200);
    expect(shown).not.toMatch(/\p{Cc}/u);
  });

  it('refuses an answer over the size cap, by status', async () => {
    const big = (status: number) => () =>
      new Response(
        JSON.stringify({ ...tokenJson, padding: 'x'.repeat(DEFAULT_MAX_TOKEN_RESPONSE_BYTES) }),
        { status },
      );
    const ok = await failure(
      requestToken(grant, {
        fetch: createScriptedFetch(big(200)),
        clock: systemClock,
        timeoutMs: 5_000,
      }),
    );
    expect(ok).toMatchObject({ code: 'ERR_TOKEN_RESPONSE' });
    expect(ok.message).toMatch(/more than 65536 bytes/);
    const unavailable = await failure(
      requestToken(grant, {
        fetch: createScriptedFetch(big(503)),
        clock: systemClock,
        timeoutMs: 5_000,
      }),
    );
    expect(unavailable).toMatchObject({ code: 'ERR_TOKEN_REQUEST', upstreamStatus: 503 });
  });

  it('honours a smaller maxResponseBytes', async () => {
    const fetch = createScriptedFetch(() => json(tokenJson));
    const error = await failure(
      requestToken(grant, { fetch, clock: systemClock, timeoutMs: 5_000, maxResponseBytes: 10 }),
    );
    expect(error.message).toMatch(/more than 10 bytes/);
  });
});

describe('requestToken: failures on the way', () => {
  it('turns a fetch rejection into a network error with a secret-free cause', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    const fetch: FetchLike = async () => {
      throw new TypeError('fetch failed', { cause });
    };
    const error = await failure<TokenRequestError>(
      requestToken(grant, { fetch, clock: systemClock, timeoutMs: 5_000 }),
    );
    expect(error).toMatchObject({
      code: 'ERR_TOKEN_REQUEST',
      reason: 'network',
      upstreamStatus: undefined,
    });
    expect(error.message).toContain('http://127.0.0.1:9/connect/token');
    expect(error.message).toContain('(ECONNREFUSED)');
    expect((error.cause as Error).cause).toBe(cause);
  });

  it('withholds a cause that echoes the request', async () => {
    const fetch: FetchLike = async (_url, init) => {
      throw Object.assign(new Error('refused'), { init });
    };
    const error = await failure(
      requestToken(grant, { fetch, clock: systemClock, timeoutMs: 5_000 }),
    );
    expect(String((error.cause as Error).message)).toMatch(/details withheld/);
  });

  it('withholds a cause that echoes the Basic header', async () => {
    const basic = clientCredentials({ ...options, authMethod: 'client_secret_basic' });
    const fetch: FetchLike = async (_url, init) => {
      throw new Error(`refused ${JSON.stringify(init?.headers)}`);
    };
    const error = await failure(
      requestToken(basic, { fetch, clock: systemClock, timeoutMs: 5_000 }),
    );
    expect(String((error.cause as Error).message)).toMatch(/details withheld/);
  });

  it('turns a fetch that throws synchronously into a network error', async () => {
    const fetch = (() => {
      throw new TypeError('bad init');
    }) as unknown as FetchLike;
    const error = await failure(
      requestToken(grant, { fetch, clock: systemClock, timeoutMs: 5_000 }),
    );
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REQUEST', reason: 'network' });
  });

  it('turns a body that breaks off into a network error', async () => {
    const fetch = createScriptedFetch(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"access_token":'));
              controller.error(new TypeError('terminated'));
            },
          }),
          { status: 200 },
        ),
    );
    const error = await failure(
      requestToken(grant, { fetch, clock: systemClock, timeoutMs: 5_000 }),
    );
    expect(error).toMatchObject({
      code: 'ERR_TOKEN_REQUEST',
      reason: 'network',
      upstreamStatus: undefined,
    });
    expect(error.message).toMatch(/broke off its 200 answer/);
  });

  it('times out on the injected clock when fetch never answers, aborting the fetch', async () => {
    const clock = createFakeClock();
    let fetchSignal: AbortSignal | undefined;
    const fetch: FetchLike = (_url, init) => {
      fetchSignal = init?.signal ?? undefined;
      return new Promise<Response>(() => undefined);
    };
    const outcome = failure<TokenRequestError>(
      requestToken(grant, { fetch, clock, timeoutMs: 200 }),
    );
    await clock.advance(200);
    const error = await outcome;
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REQUEST', reason: 'timeout' });
    expect(error.message).toMatch(/did not answer within 200 ms/);
    expect(fetchSignal?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('times out when the body never ends', async () => {
    const clock = createFakeClock();
    const fetch = createScriptedFetch(
      () =>
        new Response(new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) }), {
          status: 200,
        }),
    );
    const outcome = failure(requestToken(grant, { fetch, clock, timeoutMs: 200 }));
    await clock.advance(200);
    expect(await outcome).toMatchObject({ code: 'ERR_TOKEN_REQUEST', reason: 'timeout' });
    expect(clock.pending()).toBe(0);
  });

  it("rejects with the caller's reason when the caller aborts", async () => {
    const clock = createFakeClock();
    const caller = new AbortController();
    const fetch: FetchLike = () => new Promise<Response>(() => undefined);
    const running = requestToken(grant, { fetch, clock, timeoutMs: 200, signal: caller.signal });
    const reason = new Error('client went away');
    caller.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(clock.pending()).toBe(0);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const fetch = createScriptedFetch(() => json(tokenJson));
    const reason = new Error('already aborted');
    await expect(
      requestToken(grant, {
        fetch,
        clock: systemClock,
        timeoutMs: 200,
        signal: AbortSignal.abort(reason),
      }),
    ).rejects.toBe(reason);
    expect(fetch.requests).toHaveLength(0);
  });
});

/** What the fake token endpoint does in one run of the property. */
type Answer =
  | 'reject'
  | 'throw'
  | 'hang'
  | 'broken-body'
  | 'endless-body'
  | {
      status: number;
      contentType: string;
      retryAfter: string | null;
      body: { text: string } | { bytes: Uint8Array<ArrayBuffer> };
    };

describe('requestToken: any answer whatsoever', () => {
  const contentTypes = fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/html',
      'text/plain',
      '',
    ),
    fc.string(),
  );
  const retryAfter = fc.oneof(
    fc.constantFrom('0', '1', '120', '-1', 'Wed, 21 Oct 2026 07:28:00 GMT', 'soon'),
    fc.string(),
  );
  const field = fc.oneof(
    fc.string(),
    fc.constant(secret),
    fc.constantFrom(
      'Bearer',
      'bearer',
      'mac',
      'invalid_client',
      'server_error',
      'temporarily_unavailable',
      'access_denied',
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const tokenLike = fc.record(
    {
      access_token: field,
      token_type: field,
      expires_in: field,
      error: field,
      error_description: fc.oneof(field, fc.constant(`the secret ${secret} is wrong`)),
    },
    { requiredKeys: [] },
  );
  const oauthError = fc.record({
    error: fc.oneof(
      fc.constantFrom('invalid_client', 'invalid_grant', 'server_error', 'access_denied', secret),
      fc.string(),
    ),
    error_description: fc.oneof(
      fc.constantFrom(
        `the secret ${secret} is wrong`,
        `${encodeURIComponent(secret)}`,
        `client-id:${secret}\n`,
      ),
      fc.string(),
    ),
  });
  const body = fc.oneof(
    fc.string({ unit: 'binary' }).map((text) => ({ text })),
    oauthError.map((object) => ({ text: JSON.stringify(object) })),
    fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ bytes: new Uint8Array(bytes) })),
    tokenLike.map((object) => ({ text: JSON.stringify(object) })),
    fc.jsonValue().map((value) => ({ text: JSON.stringify(value) })),
    fc.constant({ text: 'x'.repeat(DEFAULT_MAX_TOKEN_RESPONSE_BYTES + 1) }),
  );
  const outcome: fc.Arbitrary<Answer> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        status: fc.integer({ min: 100, max: 599 }),
        contentType: contentTypes,
        retryAfter: fc.option(retryAfter),
        body,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('reject', 'throw', 'hang', 'broken-body', 'endless-body'),
    },
  );

  function fetchFor(answer: Answer): FetchLike {
    return async () => {
      if (answer === 'reject')
        throw new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
      if (answer === 'throw') throw 'a string, not an error';
      if (answer === 'hang') return new Promise<Response>(() => undefined);
      if (answer === 'broken-body') {
        return new Response(
          new ReadableStream({ pull: (controller) => controller.error(new Error('reset')) }),
        );
      }
      if (answer === 'endless-body') {
        return new Response(
          new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array(1024)) }),
        );
      }
      const headers = new Headers();
      if (answer.contentType !== '' && /^[\t\x20-\x7E\x80-\xFF]*$/.test(answer.contentType)) {
        headers.set('content-type', answer.contentType);
      }
      if (answer.retryAfter !== null && /^[\t\x20-\x7E\x80-\xFF]*$/.test(answer.retryAfter)) {
        headers.set('retry-after', answer.retryAfter);
      }
      const payload = 'bytes' in answer.body ? answer.body.bytes : answer.body.text;
      // The Response constructor allows only 200–599 and no body on 204/205/304;
      // a server can still send them, so the status is laid over a 200.
      const response = new Response(payload, { status: 200, headers });
      return Object.defineProperty(response, 'status', { value: answer.status });
    };
  }

  it('resolves a token or rejects with a cloud-token error free of secrets, never hangs', async () => {
    await fc.assert(
      fc.asyncProperty(
        outcome,
        fc.constantFrom('client_secret_post', 'client_secret_basic'),
        async (answer, authMethod) => {
          const clock = createFakeClock();
          const subject = clientCredentials({
            ...options,
            authMethod: authMethod as 'client_secret_post',
          });
          const settled = requestToken(subject, {
            fetch: fetchFor(answer),
            clock,
            timeoutMs: 1_000,
          }).then(
            (token) => ({ token }),
            (error: unknown) => ({ error }),
          );
          // Lets a hung answer reach its deadline; an answered one is already settled.
          await clock.advance(1_000);
          const result = await settled;
          if ('error' in result) {
            expect(isCloudTokenError(result.error), String(result.error)).toBe(true);
            expectNoSecret(result.error);
          } else {
            expect(result.token.expiresAt).toBeGreaterThan(clock.now() - 1_000);
          }
          expect(clock.pending()).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
