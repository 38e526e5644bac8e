import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realCloudTargetFromEnv, runRealCloudTour } from '../src/real-cloud-tour.js';

describe('the real-cloud part of the Express demo', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it('is skipped without credentials in the environment', () => {
    expect(realCloudTargetFromEnv({})).toBeUndefined();
    expect(realCloudTargetFromEnv({ ASPOSE_CLIENT_SECRET: 'secret' })).toBeUndefined();
  });

  it('defaults to Aspose Cloud', () => {
    expect(
      realCloudTargetFromEnv({ ASPOSE_CLIENT_ID: 'id', ASPOSE_CLIENT_SECRET: 'secret' }),
    ).toEqual({
      tokenUrl: 'https://api.aspose.cloud/connect/token',
      apiBaseUrl: 'https://api.aspose.cloud/',
      clientId: 'id',
      clientSecret: 'secret',
      probePath: undefined,
    });
  });

  it('answers the herd with one token request and probes through the proxy', async () => {
    const target = realCloudTargetFromEnv({
      ASPOSE_CLIENT_ID: 'emulator-client',
      ASPOSE_CLIENT_SECRET: 'emulator-secret',
      CLOUD_TOKEN_TOKEN_URL: emulator.tokenUrl,
      CLOUD_TOKEN_API_BASE_URL: emulator.apiUrl,
      CLOUD_TOKEN_PROBE_PATH: '/words/probe.docx',
    });
    const lines: string[] = [];
    await runRealCloudTour(target!, { print: (line) => lines.push(line), logger: {} });

    // One token for the status herd and the probe: the routes and the proxy share one source.
    expect(emulator.stats.tokenRequests.total).toBe(1);
    const probes = emulator.stats.apiRequestLog.filter((record) =>
      record.url.endsWith('/words/probe.docx'),
    );
    expect(probes.map((record) => record.status)).toEqual([200]);
    const printed = lines.join('\n');
    expect(printed).toContain(`statuses: 200; token requests to ${emulator.tokenUrl}: 1`);
    expect(printed).toContain('GET /cloud/words/probe.docx → 200');
  });
});
