import { judgeTour } from '@cloud-token/demo-kit';
import { recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { compiledDemo } from './compiled-demo.js';

type Tour = typeof import('../src/emulator-tour.js');

describe('the NestJS demo tour', () => {
  const emulator = useTourEmulator();

  it('shows the module, HttpService, CloudTokenService and the filter with the emulator counting requests', async () => {
    const { runEmulatorTour, tourSteps } = await compiledDemo<Tour>('emulator-tour');
    const { output, lines } = recordTour();
    const figures = await runEmulatorTour(emulator(), output);

    const { rateLimitedRetryAfter, ...exact } = figures;
    expect(exact).toEqual({
      herdCalls: 100,
      herdSucceeded: 100,
      tokenRequestsForHerd: 1,
      listStatus: 200,
      uploadStatus: 200,
      uploadRoundTripExact: true,
      convertStatus: 200,
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
      tokenSeenByBrowser: false,
    });
    // The seconds left of the 600 s cooldown when the browser asked.
    expect(Number(rateLimitedRetryAfter)).toBeGreaterThan(0);
    expect(Number(rateLimitedRetryAfter)).toBeLessThanOrEqual(600);
    const cells = Object.values(judgeTour(tourSteps(figures)));
    expect(cells.filter((cell) => !cell.behaved)).toEqual([]);
    const shown = lines.join('\n');
    for (const line of [
      '100/100 answered 200; token requests: 1',
      'GET /api/documents → 200; PUT → 200, the cloud got it byte for byte: true; convert → 200',
      'with 1 token request; 0/100 calls failed; they carried 2 tokens',
      'the API answered 50 of them 401; 50/50 replays succeeded; 1 renewal',
      'the API answered 429 → 200: the backend waited as told and retried; the browser got 200',
      `the browser got 503 application/problem+json; charset=utf-8, Retry-After: ${rateLimitedRetryAfter}`,
      '10 more calls sent 0 more token requests',
      'every call answered 502; token requests: 1; lockouts: 0',
    ]) {
      expect(shown).toContain(line);
    }
    expect(lines).toContainEqual(expect.stringMatching(/^token obtained/));
    expect(shown).not.toContain('nestjs-s3cret');
    expect(shown).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});
