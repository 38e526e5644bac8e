import { runDemo } from '@cloud-token/demo-kit';
import { runEmulatorTour, tourSteps } from './emulator-tour.js';

await runDemo({
  adapter: 'Words SDK',
  title:
    'cloud-token — the official Words SDK (asposewordscloud) alone and on @cloud-token/sdk, on the same faults',
  figuresFrom: "the emulator's counters, for the bridged SDK",
  emulatorTour: runEmulatorTour,
  tourSteps,
});
