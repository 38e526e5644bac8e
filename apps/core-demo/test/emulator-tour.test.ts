import { recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { runEmulatorTour } from '../src/emulator-tour.js';

describe('the core demo tour', () => {
  const emulator = useTourEmulator();

  it('shows every lifecycle rule with the emulator counting requests', async () => {
    const { output, lines } = recordTour();
    const figures = await runEmulatorTour(emulator(), output);

    expect(figures.tokenRequestsAfterHerd).toBe(1);
    expect(figures.tokenRequestsAfterWarmCalls).toBe(1);
    expect(figures.servedWithoutWaitingInWindow).toBe(true);
    expect(figures.tokenRequestsAfterRenewal).toBe(2);
    expect(figures.rotationSucceeded).toBe(figures.rotationCalls);
    expect(figures.tokenRequestsForRotation).toBe(1);
    expect(figures.rateLimitedApiStatus).toBe(200);
    expect(figures.tokenEndpoint429Code).toBe('ERR_RATE_LIMITED');
    expect(figures.tokenRequestsDuringCooldown).toBe(1);
    expect(figures.wrongSecretCode).toBe('ERR_CREDENTIALS_REJECTED');
    expect(figures.wrongSecretTokenRequests).toBe(1);
    expect(figures.lockouts).toBe(0);
    expect(figures.secretPrinted).toBe(false);
    const printed = lines.join('\n');
    expect(printed).not.toContain('demo-s3cret');
    expect(printed).not.toContain('wr0ng-s3cret-DEMO');
  });
});
