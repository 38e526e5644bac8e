import { runDemo } from '@cloud-token/demo-kit';
import { runEmulatorTour } from './emulator-tour.js';
import { runRealCloudTour } from './real-cloud-tour.js';

await runDemo({
  title: 'cloud-token — axios with @cloud-token/axios',
  figuresFrom: "the emulator's counters and what each server saw",
  emulatorTour: runEmulatorTour,
  realCloudTour: runRealCloudTour,
});
