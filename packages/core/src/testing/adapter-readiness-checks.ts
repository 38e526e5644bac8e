import { systemClock } from '../index.js';
import type { AdapterFixture } from './adapter-fixture.js';
import type { TestApi } from './test-api.js';

const TIMEOUT_MS = 60_000;

/** The readiness route (`/readyz`): the core's readiness check, as the framework answers it. */
export function describeReadiness(test: TestApi, fixture: AdapterFixture): void {
  const { describe, it, expect } = test;

  describe('readiness', () => {
    it(
      'answers 200 on a cold start after one token request, then from the cached token',
      async () => {
        const app = await fixture.mount();
        const first = await fetch(`${app.url}/readyz`);
        expect(first.status).toBe(200);
        expect(first.headers.get('content-type')).toMatch(/^application\/json/);
        expect(first.headers.get('cache-control')).toBe('no-store');
        const body = (await first.json()) as Record<string, unknown>;
        expect(body).toMatchObject({ ready: true, store: 'local' });
        expect(Date.parse(String(body.expiresAt))).toBeGreaterThan(systemClock.now());
        const again = await fetch(`${app.url}/readyz`);
        await again.arrayBuffer();
        expect(again.status).toBe(200);
        expect(fixture.emulator.stats.tokenRequests.total).toBe(1);
      },
      TIMEOUT_MS,
    );

    it(
      'answers 503 with Retry-After while the token endpoint rate-limits, sending no more requests',
      async () => {
        const app = await fixture.mount();
        fixture.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
        for (const reason of ['ERR_RATE_LIMITED', 'rate-limited']) {
          const answer = await fetch(`${app.url}/readyz`);
          expect(answer.status).toBe(503);
          expect(answer.headers.get('retry-after')).toMatch(/^1[12]\d$/);
          expect(await answer.json()).toEqual({ ready: false, reason, store: 'local' });
        }
        expect(fixture.emulator.stats.tokenRequests.total).toBe(1);
      },
      TIMEOUT_MS,
    );

    it(
      'answers 503 for rejected credentials without echoing the secret',
      async () => {
        const wrongSecret = `wrong-${fixture.clientSecret}`;
        const app = await fixture.mount({ clientSecret: wrongSecret });
        const answer = await fetch(`${app.url}/readyz`);
        expect(answer.status).toBe(503);
        const text = await answer.text();
        expect(JSON.parse(text)).toMatchObject({
          ready: false,
          reason: 'ERR_CREDENTIALS_REJECTED',
        });
        expect(text).not.toContain(wrongSecret);
        expect(fixture.emulator.stats.tokenRequests.rejected).toBe(1);
      },
      TIMEOUT_MS,
    );
  });
}
