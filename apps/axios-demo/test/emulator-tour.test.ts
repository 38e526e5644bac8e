import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEmulatorTour } from '../src/emulator-tour.js';

describe('the axios demo tour', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ tokenTtlSeconds: 3600 });
  });
  afterAll(() => emulator.close());

  it('shows every rule of attachCloudToken() with the emulator counting requests', async () => {
    const lines: string[] = [];
    const record = (message: string, fields?: Record<string, unknown>): void => {
      lines.push(`${message} ${JSON.stringify(fields)}`);
    };
    const figures = await runEmulatorTour(emulator, {
      print: (line) => lines.push(line),
      logger: { debug: record, info: record, warn: record, error: record },
    });

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
