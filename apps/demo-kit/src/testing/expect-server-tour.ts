import { expect } from 'vitest';
import type { ServerTourFigures, ServerTourOptions } from '../server-tour.js';

/**
 * Asserts what every server demo's tour must show, from its figures and its
 * printed lines: one token request for a herd of 100, one renewal in the
 * window, the rotation replayed, the API 429 waited out, the proxy (where
 * there is one) sharing the routes' token, the token endpoint's 429 answered
 * 503 with a cooldown, the wrong secret answered 502 with one token request,
 * and no secret or token in anything printed.
 *
 * @example
 * ```ts
 * const { output, lines } = recordTour();
 * const figures = await runEmulatorTour(emulator(), output);
 * expectServerTour(figures, lines, { adapter: 'koa', frontEnd: true, proxy: true });
 * ```
 */
export function expectServerTour(
  figures: ServerTourFigures,
  lines: readonly string[],
  { adapter, frontEnd, proxy }: Pick<ServerTourOptions, 'adapter' | 'frontEnd' | 'proxy'>,
): void {
  const { rateLimitedRetryAfter, ...exact } = figures;
  expect(exact).toEqual({
    herdCalls: 100,
    herdSucceeded: 100,
    tokenRequestsForHerd: 1,
    listStatus: 200,
    uploadStatus: 200,
    uploadRoundTripExact: true,
    convertStatus: 200,
    ...(frontEnd && {
      frontEndStatus: 200,
      frontEndContentType: 'text/html; charset=utf-8',
    }),
    cloudStatus: 200,
    renewalCalls: 100,
    renewalFailedCalls: 0,
    tokenRequestsForRenewal: 1,
    tokensCarriedAcrossRenewal: 2,
    rotationCalls: 50,
    rotationRejected: 50,
    rotationSucceeded: 50,
    tokenRequestsForRotation: 1,
    rateLimitedApiStatuses: [429, 200],
    rateLimitedRouteStatus: 200,
    ...(proxy && {
      proxiedBytes: 64 * 1024,
      proxyRoundTripExact: true,
      cloudSawOnlyOurToken: true,
      tokenRequestsForProxy: 0,
    }),
    tokenSeenByBrowser: false,
    rateLimitedStatus: 503,
    rateLimitedContentType: 'application/problem+json; charset=utf-8',
    rateLimitedCode: 'ERR_RATE_LIMITED',
    cooldownCalls: 11,
    tokenRequestsDuringCooldown: 1,
    wrongSecretCalls: 20,
    wrongSecretStatuses: '502',
    wrongSecretCode: 'ERR_CREDENTIALS_REJECTED',
    wrongSecretTokenRequests: 1,
    lockouts: 0,
    secretSeenByBrowser: false,
  });
  // The seconds left of the 600 s cooldown when the browser asked.
  expect(Number(rateLimitedRetryAfter)).toBeGreaterThan(0);
  expect(Number(rateLimitedRetryAfter)).toBeLessThanOrEqual(600);
  const shown = lines.join('\n');
  for (const line of [
    '100/100 answered 200; token requests: 1',
    ...(frontEnd ? ['GET / → 200 text/html; charset=utf-8'] : []),
    'GET /api/documents → 200; PUT → 200, the cloud got it byte for byte: true; convert → 200',
    'with 1 token request; 0/100 calls failed; they carried 2 tokens',
    'the API answered 50 of them 401; 50/50 replays succeeded; 1 renewal',
    'the API answered 429 → 200: the backend waited as told and retried; the browser got 200',
    ...(proxy
      ? [
          '65536 bytes sent, 65536 came back, byte for byte: true',
          "never the browser's: true",
          '0 more token requests; a token in anything the browser got: false',
        ]
      : []),
    `the browser got 503 application/problem+json; charset=utf-8, Retry-After: ${rateLimitedRetryAfter}`,
    '10 more calls sent 0 more token requests',
    'every call answered 502; token requests: 1; lockouts: 0',
  ]) {
    expect(shown).toContain(line);
  }
  expect(lines).toContainEqual(expect.stringMatching(/^token obtained/));
  expect(shown).not.toContain(`${adapter}-s3cret`);
  expect(shown).not.toContain(`wr0ng-${adapter}-s3cret`);
  expect(shown).not.toMatch(/eyJ[\w-]+\.eyJ/);
}
