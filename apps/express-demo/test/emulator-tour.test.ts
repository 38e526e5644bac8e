import { recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { runEmulatorTour } from '../src/emulator-tour.js';

describe('the Express demo tour', () => {
  const emulator = useTourEmulator();

  it('shows the middleware, the proxy and the error handler with the emulator counting requests', async () => {
    const { output, lines } = recordTour();
    const figures = await runEmulatorTour(emulator(), output);

    const { rateLimitedRetryAfter, ...exact } = figures;
    expect(exact).toEqual({
      herdCalls: 100,
      herdSucceeded: 100,
      tokenRequestsForHerd: 1,
      cloudStatus: 200,
      proxiedBytes: 64 * 1024,
      proxyRoundTripExact: true,
      cloudSawOnlyOurToken: true,
      tokenRequestsForProxy: 0,
      tokenSeenByBrowser: false,
      rateLimitedStatus: 503,
      rateLimitedContentType: 'application/problem+json; charset=utf-8',
      rateLimitedCode: 'ERR_RATE_LIMITED',
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
    expect(lines).toContainEqual(expect.stringMatching(/^token obtained/));
    const printed = lines.join('\n');
    expect(printed).not.toContain('express-s3cret');
    expect(printed).not.toContain('wr0ng-express-s3cret');
    expect(printed).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});
