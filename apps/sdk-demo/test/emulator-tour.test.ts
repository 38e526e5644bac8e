import { judgeTour } from '@cloud-token/demo-kit';
import { recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { runEmulatorTour, tourSteps } from '../src/emulator-tour.js';

describe('the Words SDK demo tour', () => {
  const emulator = useTourEmulator();

  it('runs the real Words SDK alone and bridged on the same faults, the emulator counting', async () => {
    const { output, lines } = recordTour();
    const figures = await runEmulatorTour(emulator(), output);

    // Bridged: what the summary promises.
    expect(Object.values(judgeTour(tourSteps(figures))).filter((cell) => !cell.behaved)).toEqual(
      [],
    );
    const { firstCall, renewal, keyRotation, api429, token429, wrongSecret } = figures;
    expect(firstCall.bridged).toMatchObject({ calls: 100, failed: 0, tokenRequests: 1 });
    expect(renewal.bridged).toMatchObject({ calls: 200, failed: 0, tokenRequests: 1 });
    expect(keyRotation.bridged).toMatchObject({ calls: 50, failed: 0, tokenRequests: 1 });
    expect(api429.statuses.bridged).toEqual([429, 200]);
    expect(token429.bridged).toMatchObject({
      calls: 21,
      failed: 21,
      tokenRequests: 1,
      outcome: 'ERR_RATE_LIMITED',
    });
    expect(wrongSecret.bridged).toMatchObject({
      calls: 120,
      failed: 120,
      tokenRequests: 1,
      lockouts: 0,
      outcome: 'ERR_CREDENTIALS_REJECTED',
    });

    // Alone, on the same faults: the SDK's own token handling.
    expect(firstCall.alone.failed).toBe(0);
    expect(firstCall.alone.tokenRequests).toBeGreaterThan(1);
    expect(renewal.alone.failed).toBe(0);
    expect(renewal.alone.tokenRequests).toBeGreaterThan(1);
    expect(keyRotation.rejected).toEqual({ alone: 50, bridged: 50 });
    expect(keyRotation.alone).toMatchObject({ failed: 0, tokenRequests: 50 });
    expect(api429.statuses.alone).toEqual([429]);
    expect(api429.alone).toMatchObject({ failed: 1, outcome: 'HTTP 429' });
    expect(token429.alone.outcome).toBe('Error("Authorization failed")');
    expect(token429.alone.tokenRequests).toBeGreaterThan(1);
    expect(wrongSecret.alone).toMatchObject({
      failed: 120,
      lockouts: 1,
      outcome: 'Error("Authorization failed")',
    });
    expect(wrongSecret.alone.tokenRequests).toBeGreaterThan(5);
    expect(figures.secretPrinted).toBe(false);

    const printed = lines.join('\n');
    expect(printed).toContain('bridged: all 100 ok, 1 token request');
    expect(printed).toContain('bridged: 429 → 200, waited as told and retried');
    expect(printed).toContain('bridged: ERR_RATE_LIMITED, retry in 600 s; 0 more token requests');
    expect(printed).toMatch(/Words SDK alone +│ Words SDK \+ useCloudToken/);
    expect(printed).not.toContain('s3cret');
  });
});
