import { judgeTour } from '@cloud-token/demo-kit';
import { recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { runEmulatorTour, tourSteps } from '../src/emulator-tour.js';

describe('the axios demo tour', () => {
  const emulator = useTourEmulator();

  it('shows every rule of attachCloudToken() with the emulator counting requests', async () => {
    const { output, lines } = recordTour();
    const figures = await runEmulatorTour(emulator(), output);

    const { tokenEndpoint429RetryAfterSeconds, ...exact } = figures;
    expect(exact).toEqual({
      herdCalls: 200,
      herdSucceeded: 200,
      tokenRequestsForHerd: 1,
      renewalCalls: 100,
      renewalFailedCalls: 0,
      tokenRequestsForRenewal: 1,
      tokensCarriedAcrossRenewal: 2,
      rotationCalls: 50,
      rotationRejected: 50,
      rotationSucceeded: 50,
      tokenRequestsForRotation: 1,
      replayStatuses: '401 → 200',
      replayBodyIdentical: true,
      renewalsForReplay: 1,
      rateLimitedStatuses: '429 → 200',
      tokenEndpoint429Code: 'ERR_RATE_LIMITED',
      cooldownCalls: 21,
      tokenRequestsDuringCooldown: 1,
      foreignRequests: 1,
      foreignSawAuthorization: false,
      apiErrorStatus: 500,
      errorAuthorizationShownAs: 'Bearer [redacted]',
      tokenPrinted: false,
      wrongSecretCalls: 20,
      wrongSecretCode: 'ERR_CREDENTIALS_REJECTED',
      wrongSecretTokenRequests: 1,
      lockouts: 0,
      secretPrinted: false,
      statusAfterDetach: 401,
    });
    expect(tokenEndpoint429RetryAfterSeconds).toBeGreaterThan(590);
    expect(tokenEndpoint429RetryAfterSeconds).toBeLessThanOrEqual(600);
    const cells = Object.values(judgeTour(tourSteps(figures)));
    expect(cells.filter((cell) => !cell.behaved)).toEqual([]);
    const shown = lines.join('\n');
    for (const line of [
      '200/200 answered 200; token requests: 1',
      'with 1 token request; 0/100 GETs failed; they carried 2 tokens',
      'the API answered 50 of them 401; 50/50 replays succeeded; 1 renewal',
      'the API answered 401 → 200',
      'renewals: 1',
      'the API answered 429 → 200',
      'the call was rejected with ERR_RATE_LIMITED',
      '20 more calls sent 0 token requests',
      'that server got 1 request; an Authorization header: false',
      "its Authorization header prints as 'Bearer [redacted]'",
      'every call failed with ERR_CREDENTIALS_REJECTED; token requests: 1; lockouts: 0',
      'the same call now gets HTTP 401',
    ]) {
      expect(shown).toContain(line);
    }
    expect(lines).toContainEqual(expect.stringMatching(/^token obtained/));
    const printed = lines.join('\n');
    expect(printed).not.toContain('axios-s3cret');
    expect(printed).not.toContain('wr0ng-axios-s3cret');
    expect(printed).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});
