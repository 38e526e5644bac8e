import {
  emulatorAsRealCloud,
  expectServerRealCloudTour,
  recordTour,
  useTourEmulator,
} from '@cloud-token/demo-kit/testing';
import { describe, it } from 'vitest';
import { runRealCloudTour } from '../src/real-cloud-tour.js';

describe('the real-cloud part of the Fastify demo', () => {
  const emulator = useTourEmulator();

  it('answers the herd with one token request and probes through the proxy', async () => {
    const { output, lines } = recordTour();
    await runRealCloudTour(emulatorAsRealCloud(emulator(), 'words/probe.docx'), output);

    expectServerRealCloudTour(emulator(), lines, { proxy: true });
  });
});
