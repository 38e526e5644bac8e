import {
  emulatorAsRealCloud,
  expectServerRealCloudTour,
  recordTour,
  useTourEmulator,
} from '@cloud-token/demo-kit/testing';
import { describe, it } from 'vitest';
import { compiledDemo } from './compiled-demo.js';

type RealCloudTour = typeof import('../src/real-cloud-tour.js');

describe('the real-cloud part of the NestJS demo', () => {
  const emulator = useTourEmulator();

  it('answers the status herd with one token request', async () => {
    const { runRealCloudTour } = await compiledDemo<RealCloudTour>('real-cloud-tour');
    const { output, lines } = recordTour();
    await runRealCloudTour(emulatorAsRealCloud(emulator()), output);

    expectServerRealCloudTour(emulator(), lines, { proxy: false });
  });
});
