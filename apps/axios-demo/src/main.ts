import { runDemo } from '@cloud-token/demo-kit';
import { runEmulatorTour, tourSteps } from './emulator-tour.js';
import { runRealCloudTour } from './real-cloud-tour.js';

await runDemo({
  adapter: 'axios',
  title: 'cloud-token — axios with @cloud-token/axios',
  figuresFrom: "the emulator's counters and what each server saw",
  emulatorTour: runEmulatorTour,
  tourSteps,
  realCloudTour: runRealCloudTour,
});
