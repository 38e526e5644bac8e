export { type CountingFetch, createCountingFetch } from './counting-fetch.js';
export { jwtPattern } from './jwt-pattern.js';
export { printedForm } from './printed-form.js';
export { type RealCloudTarget, realCloudTargetFromEnv } from './real-cloud-target.js';
export { type Demo, type DemoIo, runDemo } from './run-demo.js';
export { startTourEmulator } from './tour-emulator.js';
export { createTourOutput, type TourOutput } from './tour-output.js';
