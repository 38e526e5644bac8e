import { judgeTour } from '@cloud-token/demo-kit';
import { recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { runEmulatorTour, tourSteps } from '../src/emulator-tour.js';

describe('the core demo tour', () => {
  const emulator = useTourEmulator();

  it('shows every lifecycle rule with the emulator counting requests', async () => {
    const { output, lines } = recordTour();
    const figures = await runEmulatorTour(emulator(), output);

    const { tokenEndpoint429RetryAfterSeconds, ...exact } = figures;
    expect(exact).toEqual({
      coldHerdCallers: 100,
      tokenRequestsAfterHerd: 1,
      tokenRequestsAfterWarmCalls: 1,
      servedWithoutWaitingInWindow: true,
      tokenRequestsAfterRenewal: 2,
      renewalCalls: 100,
      renewalFailedCalls: 0,
      tokenRequestsForRenewal: 1,
      rotationCalls: 50,
      rotationRejected: 50,
      rotationSucceeded: 50,
      tokenRequestsForRotation: 1,
      rateLimitedApiStatuses: [429, 200],
      tokenEndpoint429Code: 'ERR_RATE_LIMITED',
      cooldownCalls: 21,
      tokenRequestsDuringCooldown: 1,
      wrongSecretCalls: 120,
      wrongSecretTokenRequests: 1,
      wrongSecretCode: 'ERR_CREDENTIALS_REJECTED',
      lockouts: 0,
      secretPrinted: false,
    });
    // The seconds left of the 600 s cooldown when the caller asked.
    expect(tokenEndpoint429RetryAfterSeconds).toBeGreaterThan(590);
    expect(tokenEndpoint429RetryAfterSeconds).toBeLessThanOrEqual(600);
    const cells = Object.values(judgeTour(tourSteps(figures)));
    expect(cells.filter((cell) => !cell.behaved)).toEqual([]);

    const printed = lines.join('\n');
    expect(printed).toContain('100 callers served, 1 token request sent');
    expect(printed).toContain(
      'renewed with 1 token request; 0/100 calls failed; they carried 2 tokens',
    );
    expect(printed).toContain(
      'the API answered 50 of them 401; 50/50 replays succeeded; 1 renewal',
    );
    expect(printed).toContain('the API answered 429 → 200');
    expect(printed).toContain('first call: ERR_RATE_LIMITED');
    expect(printed).toContain('20 more calls sent 0 requests');
    expect(printed).toContain(
      'every call failed with ERR_CREDENTIALS_REJECTED; token requests sent: 1; lockouts: 0',
    );
    expect(printed).not.toContain('demo-s3cret');
    expect(printed).not.toContain('wr0ng-s3cret-DEMO');
  });
});
