import { createAuthorizedFetch, isCloudTokenError } from '@cloud-token/core';
import { createFakeClock } from '@cloud-token/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCountingTokenSource } from '../support/counting-token-source.js';
import { createScriptedFetch, respond } from '../support/scripted-fetch.js';

/** The Fetch standard's redirect limit, which the authorized fetch follows too. */
const maxRedirects = 20;
const allowedOrigin = 'https://api.aspose.cloud';

interface ScriptedAnswer {
  status: number;
  retryAfter: string | undefined;
  location: string | undefined;
}

const answer: fc.Arbitrary<ScriptedAnswer> = fc.record({
  status: fc.oneof(
    fc.constantFrom(200, 204, 301, 302, 303, 307, 308, 401, 403, 404, 429, 500, 502, 503),
    fc.integer({ min: 200, max: 599 }),
  ),
  retryAfter: fc.option(
    fc.oneof(
      fc.string(),
      fc.nat({ max: 30 }).map(String),
      fc.constant('Wed, 01 Jan 2030 00:00:03 GMT'),
    ),
    { nil: undefined },
  ),
  location: fc.option(
    fc.constantFrom(
      '/v4.0/next',
      'next',
      `${allowedOrigin}/v4.0/elsewhere`,
      'https://storage.example/blob',
      'http://api.aspose.cloud/v4.0/downgraded',
      'ftp://files.example/x',
      'http://[invalid',
    ),
    { nil: undefined },
  ),
});

/** What the server keeps answering once the script runs out: often the worst case. */
const stuckAnswer: fc.Arbitrary<ScriptedAnswer> = fc.oneof(
  { arbitrary: answer, weight: 1 },
  {
    arbitrary: fc.constantFrom<ScriptedAnswer>(
      { status: 401, retryAfter: undefined, location: undefined },
      { status: 429, retryAfter: '0', location: undefined },
      { status: 503, retryAfter: '1', location: undefined },
      { status: 302, retryAfter: undefined, location: '/v4.0/again' },
      { status: 307, retryAfter: undefined, location: 'https://storage.example/again' },
    ),
    weight: 3,
  },
);

const scenario = fc.record({
  answers: fc
    .tuple(fc.array(answer, { maxLength: 3 }), stuckAnswer)
    .map(([script, stuck]) => [...script, stuck]),
  limits: fc.record({
    maxRetryAfterMs: fc.nat({ max: 20_000 }),
    rateLimitRetries: fc.nat({ max: 3 }),
    unauthorizedReplays: fc.nat({ max: 3 }),
  }),
  method: fc.constantFrom('GET', 'POST', 'PUT'),
  streamed: fc.boolean(),
  redirect: fc.constantFrom<RequestRedirect>('follow', 'follow', 'manual', 'error'),
});

describe('the authorized fetch (properties)', () => {
  it('settles every call within a bounded number of requests, whatever the server answers', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ answers, limits, method, streamed, redirect }) => {
        const clock = createFakeClock();
        // The script's last answer repeats for ever: a server stuck on 401, 429 or a redirect loop.
        const fetch = createScriptedFetch((_request, index) => {
          // Far beyond any bound: fail loudly instead of spinning for ever.
          if (index > 1_000) throw new Error('runaway call');
          const next = answers[Math.min(index, answers.length - 1)] as ScriptedAnswer;
          const headers: Record<string, string> = {};
          if (next.retryAfter !== undefined) headers['retry-after'] = next.retryAfter;
          if (next.location !== undefined) headers.location = next.location;
          return respond(next.status, headers);
        });
        const api = createAuthorizedFetch(createCountingTokenSource(), {
          baseUrl: `${allowedOrigin}/v4.0`,
          fetch,
          clock,
          ...limits,
        });
        const body =
          method === 'GET'
            ? undefined
            : streamed
              ? new ReadableStream({ pull: (controller) => controller.close() })
              : 'payload';

        const outcome: { settled: boolean; error?: unknown } = { settled: false };
        api('words/doc.docx', { method, body, redirect, duplex: 'half' } as RequestInit).then(
          () => {
            outcome.settled = true;
          },
          (error: unknown) => {
            outcome.settled = true;
            outcome.error = error;
          },
        );
        for (let turn = 0; turn < 100 && !outcome.settled; turn += 1) {
          await clock.advance(limits.maxRetryAfterMs + 1);
        }

        expect(outcome.settled).toBe(true);
        if (outcome.error !== undefined) {
          expect(outcome.error instanceof TypeError || isCloudTokenError(outcome.error)).toBe(true);
        }
        const bound = 1 + maxRedirects + limits.rateLimitRetries + limits.unauthorizedReplays;
        expect(fetch.requests.length).toBeLessThanOrEqual(bound);
        // Issue 9 item 4: a hop carries the token only while every hop so far was allowed.
        let allowedSoFar = true;
        for (const request of fetch.requests) {
          allowedSoFar &&= new URL(request.url).origin === allowedOrigin;
          const carries = request.authorization !== null;
          expect(carries).toBe(allowedSoFar);
        }
        expect(clock.pending()).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
