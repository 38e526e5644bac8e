import { judgeTour } from '@cloud-token/demo-kit';
import { expectServerTour, recordTour, useTourEmulator } from '@cloud-token/demo-kit/testing';
import { describe, expect, it } from 'vitest';
import { runEmulatorTour, tourSteps } from '../src/emulator-tour.js';

describe('the Fastify demo tour', () => {
  const emulator = useTourEmulator();

  it('shows the middleware, the proxy and the error handler with the emulator counting requests', async () => {
    const { output, lines } = recordTour();
    const figures = await runEmulatorTour(emulator(), output);

    expectServerTour(figures, lines, { adapter: 'fastify', frontEnd: true, proxy: true });
    const cells = Object.values(judgeTour(tourSteps(figures)));
    expect(cells.filter((cell) => !cell.behaved)).toEqual([]);
  });
});
