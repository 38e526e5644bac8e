import { runDemo } from '@cloud-token/demo-kit';
import { runEmulatorTour, tourSteps } from './emulator-tour.js';
import { runRealCloudTour } from './real-cloud-tour.js';

await runDemo({
  adapter: 'core',
  title: 'cloud-token — a tour of the token lifecycle with @cloud-token/core',
  figuresFrom: "the emulator's counters",
  emulatorTour: runEmulatorTour,
  tourSteps,
  realCloudTour: runRealCloudTour,
});
