import { recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { runEmulatorTour } from '../src/emulator-tour.js';

describe('the axios demo tour', () => {
  const emulator = useTourEmulator();

  it('shows every rule of attachCloudToken() with the emulator counting requests', async () => {
    const { output, lines } = recordTour();
    const figures = await runEmulatorTour(emulator(), output);

    expect(figures).toEqual({
      herdCalls: 200,
      herdSucceeded: 200,
      tokenRequestsForHerd: 1,
      replayStatuses: '401 → 200',
      replayBodyIdentical: true,
      renewalsForReplay: 1,
      rateLimitedStatuses: '429 → 200',
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
    expect(lines).toContainEqual(expect.stringMatching(/^token obtained/));
    const printed = lines.join('\n');
    expect(printed).not.toContain('axios-s3cret');
    expect(printed).not.toContain('wr0ng-axios-s3cret');
    expect(printed).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});
