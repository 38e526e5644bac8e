import { runDemo } from '@cloud-token/demo-kit';
import { runEmulatorTour } from './emulator-tour.js';
import { runRealCloudTour } from './real-cloud-tour.js';

await runDemo({
  title: 'cloud-token — an Express backend-for-frontend with @cloud-token/express',
  figuresFrom: "the emulator's counters and what the browser got",
  emulatorTour: runEmulatorTour,
  realCloudTour: runRealCloudTour,
});
