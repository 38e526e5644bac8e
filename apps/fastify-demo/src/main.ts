import { runDemo } from '@cloud-token/demo-kit';
import { runEmulatorTour, tourSteps } from './emulator-tour.js';
import { runRealCloudTour } from './real-cloud-tour.js';

await runDemo({
  adapter: 'Fastify',
  title:
    'cloud-token — a Fastify documents service and backend-for-frontend with @cloud-token/fastify',
  figuresFrom: "the emulator's counters and what the browser got",
  emulatorTour: runEmulatorTour,
  tourSteps,
  realCloudTour: runRealCloudTour,
});
