import { emulatorAsRealCloud, recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { runRealCloudTour } from '../src/real-cloud-tour.js';

describe('the real-cloud part of the Koa demo', () => {
  const emulator = useTourEmulator();

  it('answers the herd with one token request and probes through the proxy', async () => {
    const { output, lines } = recordTour();
    await runRealCloudTour(emulatorAsRealCloud(emulator(), 'words/probe.docx'), output);

    // One token for the status herd and the probe: the routes and the proxy share one source.
    expect(emulator().stats.tokenRequests.total).toBe(1);
    const probes = emulator().stats.apiRequestLog.filter((record) =>
      record.url.endsWith('/words/probe.docx'),
    );
    expect(probes.map((record) => record.status)).toEqual([200]);
    const printed = lines.join('\n');
    expect(printed).toContain(`statuses: 200; token requests to ${emulator().tokenUrl}: 1`);
    expect(printed).toContain('GET /cloud/words/probe.docx → 200');
  });
});
