import { emulatorAsRealCloud, recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { runRealCloudTour } from '../src/real-cloud-tour.js';

describe('the real-cloud part of the axios demo', () => {
  const emulator = useTourEmulator();

  it('serves the herd with one token request and probes through the instance', async () => {
    const { output, lines } = recordTour();
    await runRealCloudTour(emulatorAsRealCloud(emulator(), 'words/probe.docx'), output);

    expect(emulator().stats.tokenRequests.total).toBe(1);
    const probes = emulator().stats.apiRequestLog.filter((record) =>
      record.url.endsWith('/words/probe.docx'),
    );
    expect(probes.map((record) => record.status)).toEqual([200, 200, 200, 200, 200]);
    expect(lines.join('\n')).toContain('20 callers served by 1 token request');
    expect(lines.join('\n')).toContain('200, 200, 200, 200, 200; token requests: 1');
  });
});
