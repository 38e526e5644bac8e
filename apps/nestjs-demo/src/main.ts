import 'reflect-metadata';
import { runDemo } from '@cloud-token/demo-kit';
import { runEmulatorTour, tourSteps } from './emulator-tour.js';
import { runRealCloudTour } from './real-cloud-tour.js';

await runDemo({
  adapter: 'NestJS',
  title:
    'cloud-token — a NestJS documents service with @cloud-token/nestjs (ConfigModule, forRootAsync, HttpModule.register())',
  figuresFrom: "the emulator's counters and what the browser got",
  emulatorTour: runEmulatorTour,
  tourSteps,
  realCloudTour: runRealCloudTour,
});
