import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realCloudTargetFromEnv, runRealCloudTour } from '../src/real-cloud-tour.js';

describe('the real-cloud part of the axios demo', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it('is skipped without credentials in the environment', () => {
    expect(realCloudTargetFromEnv({})).toBeUndefined();
    expect(realCloudTargetFromEnv({ ASPOSE_CLIENT_ID: 'id' })).toBeUndefined();
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

  it('serves the herd with one token request and probes through the instance', async () => {
    const target = realCloudTargetFromEnv({
      ASPOSE_CLIENT_ID: 'emulator-client',
      ASPOSE_CLIENT_SECRET: 'emulator-secret',
      CLOUD_TOKEN_TOKEN_URL: emulator.tokenUrl,
      CLOUD_TOKEN_API_BASE_URL: emulator.apiUrl,
      CLOUD_TOKEN_PROBE_PATH: 'words/probe.docx',
    });
    const lines: string[] = [];
    await runRealCloudTour(target!, { print: (line) => lines.push(line), logger: {} });

    expect(emulator.stats.tokenRequests.total).toBe(1);
    const probes = emulator.stats.apiRequestLog.filter((record) =>
      record.url.endsWith('/words/probe.docx'),
    );
    expect(probes.map((record) => record.status)).toEqual([200, 200, 200, 200, 200]);
    expect(lines.join('\n')).toContain('20 callers served by 1 token request');
    expect(lines.join('\n')).toContain('200, 200, 200, 200, 200; token requests: 1');
  });
});
