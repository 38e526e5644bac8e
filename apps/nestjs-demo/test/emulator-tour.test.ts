import { judgeTour } from '@cloud-token/demo-kit';
import { expectServerTour, recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { compiledDemo } from './compiled-demo.js';

type Tour = typeof import('../src/emulator-tour.js');

describe('the NestJS demo tour', () => {
  const emulator = useTourEmulator();

  it('shows the module, HttpService, CloudTokenService and the filter with the emulator counting requests', async () => {
    const { runEmulatorTour, tourSteps } = await compiledDemo<Tour>('emulator-tour');
    const { output, lines } = recordTour();
    const figures = await runEmulatorTour(emulator(), output);

    expectServerTour(figures, lines, { adapter: 'nestjs', frontEnd: false, proxy: false });
    const cells = Object.values(judgeTour(tourSteps(figures)));
    expect(cells.filter((cell) => !cell.behaved)).toEqual([]);
  });
});
