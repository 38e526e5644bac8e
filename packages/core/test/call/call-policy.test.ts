import { Readable } from 'node:stream';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RATE_LIMIT_RETRIES,
  DEFAULT_REJECTED_TOKEN_STATUSES,
  DEFAULT_UNAUTHORIZED_REPLAYS,
  type InvalidOptionsError,
} from '@cloud-token/core';
import { type CallState, createCallPolicy, isReplayableBody } from '@cloud-token/core/adapter';
import { createFakeClock, invalidOptionOf } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';

const fresh: CallState = {
  carriedToken: true,
  bodyReplayable: true,
  unauthorizedReplays: 0,
  rateLimitRetries: 0,
};

describe('createCallPolicy options', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_MAX_RETRY_AFTER_MS).toBe(10_000);
    expect(DEFAULT_RATE_LIMIT_RETRIES).toBe(2);
    expect(DEFAULT_UNAUTHORIZED_REPLAYS).toBe(1);
  });

  it('takes rejectedTokenStatuses as 4xx statuses other than 429, default [401]', () => {
    const baseUrl = 'https://api.aspose.cloud/';
    expect(DEFAULT_REJECTED_TOKEN_STATUSES).toEqual([401]);
    expect(createCallPolicy({ baseUrl }).rejectsToken(401)).toBe(true);
    expect(createCallPolicy({ baseUrl }).rejectsToken(403)).toBe(false);
    const both = createCallPolicy({ baseUrl, rejectedTokenStatuses: [401, 403] });
    expect(both.rejectsToken(403)).toBe(true);
    expect(both.decide({ status: 403, retryAfter: null }, fresh)).toEqual({
      action: 'renew-and-replay',
    });
    for (const bad of [[], [429], [200], [401.5], ['401'], 401]) {
      expect(
        invalidOptionOf(() => createCallPolicy({ baseUrl, rejectedTokenStatuses: bad as never })),
      ).toBe('rejectedTokenStatuses');
    }
  });

  it('needs a baseUrl or allowedOrigins', () => {
    expect(invalidOptionOf(() => createCallPolicy({}))).toBe('baseUrl');
    expect(invalidOptionOf(() => createCallPolicy({ allowedOrigins: [] }))).toBe('allowedOrigins');
    expect(invalidOptionOf(() => createCallPolicy(null as never))).toBe('options');
  });

  it('rejects URLs that are not absolute http(s) URLs', () => {
    expect(invalidOptionOf(() => createCallPolicy({ baseUrl: 'v4.0/words' }))).toBe('baseUrl');
    expect(invalidOptionOf(() => createCallPolicy({ baseUrl: 'ftp://files.example/' }))).toBe(
      'baseUrl',
    );
    expect(invalidOptionOf(() => createCallPolicy({ baseUrl: 42 as never }))).toBe('baseUrl');
    expect(
      invalidOptionOf(() =>
        createCallPolicy({ allowedOrigins: ['https://api.aspose.cloud', 'not a url'] }),
      ),
    ).toBe('allowedOrigins[1]');
    expect(
      invalidOptionOf(() =>
        createCallPolicy({ allowedOrigins: 'https://api.aspose.cloud' as never }),
      ),
    ).toBe('allowedOrigins');
  });

  it('refuses plain http to a host that is not loopback unless allowInsecureHttp is set', () => {
    expect(invalidOptionOf(() => createCallPolicy({ baseUrl: 'http://api.aspose.cloud/' }))).toBe(
      'baseUrl',
    );
    expect(
      invalidOptionOf(() => createCallPolicy({ allowedOrigins: ['http://internal.example'] })),
    ).toBe('allowedOrigins[0]');
    expect(() => createCallPolicy({ baseUrl: 'http://127.0.0.1:8080/' })).not.toThrow();
    expect(() => createCallPolicy({ baseUrl: 'http://localhost/' })).not.toThrow();
    const insecure = createCallPolicy({
      baseUrl: 'http://api.aspose.cloud/',
      allowInsecureHttp: true,
    });
    expect(insecure.mayCarryToken('http://api.aspose.cloud/v4.0/x')).toBe(true);
    expect(
      invalidOptionOf(() =>
        createCallPolicy({ baseUrl: 'https://a.example', allowInsecureHttp: 'yes' as never }),
      ),
    ).toBe('allowInsecureHttp');
  });

  it('rejects negative, fractional or non-numeric limits', () => {
    const baseUrl = 'https://api.aspose.cloud/';
    expect(invalidOptionOf(() => createCallPolicy({ baseUrl, maxRetryAfterMs: -1 }))).toBe(
      'maxRetryAfterMs',
    );
    expect(
      invalidOptionOf(() =>
        createCallPolicy({ baseUrl, maxRetryAfterMs: Number.POSITIVE_INFINITY }),
      ),
    ).toBe('maxRetryAfterMs');
    expect(invalidOptionOf(() => createCallPolicy({ baseUrl, rateLimitRetries: -1 }))).toBe(
      'rateLimitRetries',
    );
    expect(invalidOptionOf(() => createCallPolicy({ baseUrl, rateLimitRetries: 1.5 }))).toBe(
      'rateLimitRetries',
    );
    expect(invalidOptionOf(() => createCallPolicy({ baseUrl, unauthorizedReplays: -2 }))).toBe(
      'unauthorizedReplays',
    );
    expect(
      invalidOptionOf(() => createCallPolicy({ baseUrl, unauthorizedReplays: '1' as never })),
    ).toBe('unauthorizedReplays');
  });

  it('refuses URLs with credentials and never echoes them', () => {
    for (const baseUrl of [
      'https://user:hunter2@api.aspose.cloud/',
      'http://user:hunter2@x.example/',
    ]) {
      try {
        createCallPolicy({ baseUrl });
        expect.unreachable();
      } catch (error) {
        expect((error as InvalidOptionsError).option).toBe('baseUrl');
        expect((error as Error).message).not.toContain('hunter2');
      }
    }
  });
});

describe('mayCarryToken', () => {
  it('allows the origin of baseUrl by default, whatever the path', () => {
    const policy = createCallPolicy({ baseUrl: 'https://api.aspose.cloud/v4.0' });
    expect(policy.mayCarryToken('https://api.aspose.cloud/v4.0/words/doc.docx')).toBe(true);
    expect(policy.mayCarryToken(new URL('https://API.aspose.cloud:443/connect/token'))).toBe(true);
    // A parsed URL is judged by its origin, whatever its href starts with.
    expect(policy.mayCarryToken(new URL('https://user:pw@api.aspose.cloud/v4.0/x'))).toBe(true);
    expect(policy.mayCarryToken(new URL('https://api.aspose.cloud?x'))).toBe(true);
    expect(policy.mayCarryToken(new URL('https://api.aspose.cloud.evil.example/'))).toBe(false);
    expect(policy.mayCarryToken(new URL('https://api.aspose.cloud:8443/v4.0/x'))).toBe(false);
    expect(policy.mayCarryToken(new URL('http://api.aspose.cloud/v4.0/x'))).toBe(false);
    expect(policy.mayCarryToken('https://api.aspose.cloud.evil.example/')).toBe(false);
    expect(policy.mayCarryToken('https://api.aspose.cloud:8443/')).toBe(false);
    expect(policy.mayCarryToken('http://api.aspose.cloud/')).toBe(false);
    expect(policy.mayCarryToken('https://api.groupdocs.cloud/')).toBe(false);
    expect(policy.mayCarryToken('/v4.0/words')).toBe(false);
    expect(policy.mayCarryToken('not a url')).toBe(false);
  });

  it('uses allowedOrigins instead of the origin of baseUrl when given', () => {
    const policy = createCallPolicy({
      baseUrl: 'https://api.aspose.cloud/',
      allowedOrigins: ['https://api.groupdocs.cloud/v1/viewer', new URL('http://127.0.0.1:9000')],
    });
    expect(policy.mayCarryToken('https://api.groupdocs.cloud/v2/other')).toBe(true);
    expect(policy.mayCarryToken('http://127.0.0.1:9000/x')).toBe(true);
    expect(policy.mayCarryToken('https://api.aspose.cloud/')).toBe(false);
  });
});

describe('decide', () => {
  const policy = createCallPolicy({ baseUrl: 'https://api.aspose.cloud/' });

  it('replays a 401 that answered our token once, with a replayable body', () => {
    expect(policy.decide({ status: 401, retryAfter: null }, fresh)).toEqual({
      action: 'renew-and-replay',
    });
    expect(
      policy.decide({ status: 401, retryAfter: null }, { ...fresh, unauthorizedReplays: 1 }),
    ).toEqual({ action: 'return' });
    expect(
      policy.decide({ status: 401, retryAfter: null }, { ...fresh, carriedToken: false }),
    ).toEqual({ action: 'return' });
    expect(
      policy.decide({ status: 401, retryAfter: null }, { ...fresh, bodyReplayable: false }),
    ).toEqual({ action: 'return' });
  });

  it('never retries a 403', () => {
    expect(policy.decide({ status: 403, retryAfter: '1' }, fresh)).toEqual({ action: 'return' });
  });

  it('waits for a short Retry-After on 429 and 503, a bounded number of times', () => {
    expect(policy.decide({ status: 429, retryAfter: '1' }, fresh)).toEqual({
      action: 'wait-and-retry',
      delayMs: 1_000,
    });
    expect(policy.decide({ status: 503, retryAfter: '10' }, fresh)).toEqual({
      action: 'wait-and-retry',
      delayMs: 10_000,
    });
    expect(
      policy.decide({ status: 429, retryAfter: '1' }, { ...fresh, rateLimitRetries: 2 }),
    ).toEqual({ action: 'return', retryAfterMs: 1_000 });
    expect(
      policy.decide({ status: 429, retryAfter: '1' }, { ...fresh, bodyReplayable: false }),
    ).toEqual({ action: 'return', retryAfterMs: 1_000 });
  });

  it('gives back a long or missing Retry-After at once, exposing a readable delay', () => {
    expect(policy.decide({ status: 429, retryAfter: '120' }, fresh)).toEqual({
      action: 'return',
      retryAfterMs: 120_000,
    });
    expect(policy.decide({ status: 429, retryAfter: null }, fresh)).toEqual({ action: 'return' });
    expect(policy.decide({ status: 503, retryAfter: 'soon' }, fresh)).toEqual({
      action: 'return',
    });
  });

  it('reads an HTTP-date Retry-After against the injected clock', () => {
    const clock = createFakeClock(Date.UTC(2030, 0, 1, 0, 0, 0));
    const timed = createCallPolicy({ baseUrl: 'https://api.aspose.cloud/' }, clock);
    expect(
      timed.decide({ status: 429, retryAfter: 'Tue, 01 Jan 2030 00:00:05 GMT' }, fresh),
    ).toEqual({ action: 'wait-and-retry', delayMs: 5_000 });
  });

  it('honours custom limits', () => {
    const custom = createCallPolicy({
      baseUrl: 'https://api.aspose.cloud/',
      maxRetryAfterMs: 500,
      rateLimitRetries: 0,
      unauthorizedReplays: 2,
    });
    expect(
      custom.decide({ status: 401, retryAfter: null }, { ...fresh, unauthorizedReplays: 1 }),
    ).toEqual({ action: 'renew-and-replay' });
    expect(custom.decide({ status: 429, retryAfter: '1' }, fresh)).toEqual({
      action: 'return',
      retryAfterMs: 1_000,
    });
  });

  it('returns every other answer as is', () => {
    for (const status of [200, 201, 204, 302, 400, 404, 500, 502, 504]) {
      expect(policy.decide({ status, retryAfter: '1' }, fresh)).toEqual({ action: 'return' });
    }
  });
});

describe('isReplayableBody', () => {
  it('accepts bodies held in memory', () => {
    for (const body of [
      undefined,
      null,
      '{"a":1}',
      new ArrayBuffer(4),
      new Uint8Array([1, 2]),
      Buffer.from('x'),
      new DataView(new ArrayBuffer(2)),
      new URLSearchParams({ a: '1' }),
      new FormData(),
      new Blob(['x']),
    ]) {
      expect(isReplayableBody(body)).toBe(true);
    }
  });

  it('refuses streams and anything it does not know', () => {
    async function* chunks() {
      yield new Uint8Array([1]);
    }
    for (const body of [
      new ReadableStream(),
      Readable.from(['x']),
      chunks(),
      { toString: () => 'x' },
      42,
    ]) {
      expect(isReplayableBody(body)).toBe(false);
    }
  });
});
