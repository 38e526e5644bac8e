import { runDemo } from '@cloud-token/demo-kit';
import { runEmulatorTour } from './emulator-tour.js';
import { runRealCloudTour } from './real-cloud-tour.js';

await runDemo({
  title: 'cloud-token — a tour of the token lifecycle with @cloud-token/core',
  figuresFrom: "the emulator's counters",
  emulatorTour: runEmulatorTour,
  realCloudTour: runRealCloudTour,
});
