import { runDemo } from '@cloud-token/demo-kit';
import { runEmulatorTour, tourSteps } from './emulator-tour.js';
import { runRealCloudTour } from './real-cloud-tour.js';

await runDemo({
  adapter: 'Express',
  title: 'cloud-token — an Express documents service with @cloud-token/express',
  figuresFrom: "the emulator's counters and what the browser got",
  emulatorTour: runEmulatorTour,
  tourSteps,
  realCloudTour: runRealCloudTour,
});
