import { runDemo } from '@cloud-token/demo-kit';
import { runEmulatorTour, tourSteps } from './emulator-tour.js';
import { runRealCloudTour } from './real-cloud-tour.js';

await runDemo({
  adapter: 'Koa',
  title: 'cloud-token — a Koa documents service and backend-for-frontend with @cloud-token/koa',
  figuresFrom: "the emulator's counters and what the browser got",
  emulatorTour: runEmulatorTour,
  tourSteps,
  realCloudTour: runRealCloudTour,
});
