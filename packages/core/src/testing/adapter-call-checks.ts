import { randomBytes } from 'node:crypto';
import { callThrough, expectProblem } from './adapter-answers.js';
import type { AdapterFixture } from './adapter-fixture.js';
import type { TestApi } from './test-api.js';

/** How many cold requests the herd sends at once. */
const HERD = 1_000;
/** Long enough for any loaded machine; the suite asserts counts, never times. */
const TIMEOUT_MS = 60_000;

/** The call route: the adapter's per-request `fetch` under the core's call policy. */
export function describeCallRoute(test: TestApi, fixture: AdapterFixture): void {
  const { describe, it, expect } = test;
  const octets = { 'content-type': 'application/octet-stream' };

  describe('the per-request fetch', () => {
    it(
      `turns a herd of ${HERD} cold requests into 1 token request`,
      async () => {
        const app = await fixture.mount();
        const answers = await Promise.all(
          Array.from({ length: HERD }, () => callThrough(app, 'words/conformance')),
        );
        const { stats } = fixture.emulator;
        expect(answers.filter((answer) => answer.status === 200)).toHaveLength(HERD);
        expect(stats.tokenRequests.total).toBe(1);
        expect(stats.apiRequests.total).toBe(HERD);
        expect(new Set(stats.apiRequestLog.map((record) => record.jti)).size).toBe(1);
        expect(
          stats.apiRequestLog.every(
            (record) => record.hadAuthorization && record.url === '/v4.0/words/conformance',
          ),
        ).toBe(true);
      },
      TIMEOUT_MS,
    );

    it(
      'answers an API 401 (a key rotation) with one renewal and one replay of the identical body',
      async () => {
        const app = await fixture.mount();
        expect((await callThrough(app, 'words/warm-up')).status).toBe(200);
        const { control, stats } = fixture.emulator;
        // The 401s come back only after every request below has taken the old token.
        control.setLatency({ apiMs: 300 });
        control.revokeAllTokens();
        const bodies = [0, 1, 2, 3].map(() => randomBytes(4096));

        const answers = await Promise.all(
          bodies.map((body) =>
            callThrough(app, 'storage/conformance', { method: 'POST', headers: octets, body }),
          ),
        );

        expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
        bodies.forEach((body, index) => {
          expect(answers[index]?.body.equals(body)).toBe(true);
        });
        expect(stats.tokenRequests.total).toBe(2);
        // Each request that took the old token was refused once and replayed once; on a loaded
        // machine a late one may already take the renewed token and need no replay.
        const refused = stats.apiRequests.byStatus[401] ?? 0;
        expect(refused).toBeGreaterThan(0);
        expect(refused).not.toBeGreaterThan(bodies.length);
        expect(stats.apiRequests.total).toBe(1 + bodies.length + refused);
      },
      TIMEOUT_MS,
    );

    for (const status of [429, 503]) {
      it(
        `waits out an API ${status} with a short Retry-After, then answers`,
        async () => {
          const app = await fixture.mount();
          const { control, stats } = fixture.emulator;
          control.failApiRequests(1, { status, retryAfter: '1' });
          expect((await callThrough(app, 'words/conformance')).status).toBe(200);
          expect(stats.apiRequests.byStatus[status]).toBe(1);
          expect(stats.apiRequests.total).toBe(2);
        },
        TIMEOUT_MS,
      );

      it(
        `answers an API ${status} with a long Retry-After at once, with its Retry-After`,
        async () => {
          const app = await fixture.mount();
          const { control, stats } = fixture.emulator;
          control.failApiRequests(1, { status, retryAfter: '120' });
          const answer = await callThrough(app, 'words/conformance');
          expect(answer.status).toBe(status);
          expect(answer.headers['retry-after']).toBe('120');
          expect(stats.apiRequests.total).toBe(1);
        },
        TIMEOUT_MS,
      );
    }

    it(
      'answers a rate-limited token endpoint with 503 problem+json and Retry-After, holding later calls back',
      async () => {
        const app = await fixture.mount();
        const { control, stats } = fixture.emulator;
        control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });

        const first = await callThrough(app, 'words/conformance');
        expectProblem(test, first, 503, 'ERR_RATE_LIMITED', [fixture.clientSecret]);
        expect(first.headers['retry-after']).toBe('120');
        const again = await callThrough(app, 'words/conformance');
        expectProblem(test, again, 503, 'ERR_RATE_LIMITED', [fixture.clientSecret]);
        expect(again.headers['retry-after']).toMatch(/^1[12]\d$/);

        expect(stats.tokenRequests.total).toBe(1);
        expect(stats.apiRequests.total).toBe(0);
      },
      TIMEOUT_MS,
    );

    it(
      'answers rejected credentials with 502 problem+json naming no secret',
      async () => {
        const wrongSecret = `wrong-${fixture.clientSecret}`;
        const app = await fixture.mount({ clientSecret: wrongSecret });
        const answer = await callThrough(app, 'words/conformance');
        expectProblem(test, answer, 502, 'ERR_CREDENTIALS_REJECTED', [
          wrongSecret,
          fixture.clientSecret,
        ]);
        expect(fixture.emulator.stats.tokenRequests.rejected).toBe(1);
        expect(fixture.emulator.stats.apiRequests.total).toBe(0);
      },
      TIMEOUT_MS,
    );

    it(
      'never sends the token to another origin: an absolute URL',
      async () => {
        const foreign = await fixture.upstream((_request, response) => response.end('foreign'));
        const app = await fixture.mount();
        const answer = await callThrough(app, `${foreign.url}/steal`);
        expect(answer.status).toBe(200);
        expect(foreign.requests).toHaveLength(1);
        expect(foreign.requests[0]?.headers.authorization).toBeUndefined();
      },
      TIMEOUT_MS,
    );

    it(
      'never sends the token to another origin: a redirect out of the API',
      async () => {
        const foreign = await fixture.upstream((_request, response) => response.end('foreign'));
        const api = await fixture.upstream((_request, response) => {
          response.writeHead(302, { location: `${foreign.url}/landing` }).end();
        });
        const app = await fixture.mount({ baseUrl: `${api.url}/` });
        const answer = await callThrough(app, 'moved');
        expect(answer.status).toBe(200);
        expect(answer.body.toString()).toBe('foreign');
        expect(api.requests[0]?.headers.authorization).toMatch(/^Bearer /);
        expect(foreign.requests.map((request) => request.url)).toEqual(['/landing']);
        expect(foreign.requests[0]?.headers.authorization).toBeUndefined();
      },
      TIMEOUT_MS,
    );

    it(
      'never adds the token on a redirect from another origin into the API',
      async () => {
        const { emulator } = fixture;
        const foreign = await fixture.upstream((_request, response) => {
          response.writeHead(302, { location: `${emulator.apiUrl}/words/bounced` }).end();
        });
        const app = await fixture.mount();
        const answer = await callThrough(app, `${foreign.url}/bounce`);
        expect(answer.status).toBe(401);
        expect(foreign.requests[0]?.headers.authorization).toBeUndefined();
        expect(emulator.stats.apiRequestLog).toEqual([
          expect.objectContaining({ url: '/v4.0/words/bounced', hadAuthorization: false }),
        ]);
      },
      TIMEOUT_MS,
    );
  });
}
