export { apiLogSince } from './api-log-since.js';
export { type CountingFetch, createCountingFetch } from './counting-fetch.js';
export {
  type DemoReport,
  demoReportVariable,
  readDemoReport,
  writeDemoReport,
} from './demo-report.js';
export { frontEndPage } from './front-end-page.js';
export { jwtPattern } from './jwt-pattern.js';
export { listenOnLoopback } from './listen-on-loopback.js';
export { printedForm } from './printed-form.js';
export {
  type RealCloudTarget,
  realCloudHint,
  realCloudTargetsFromEnv,
} from './real-cloud-target.js';
export { type Demo, type DemoIo, runDemo } from './run-demo.js';
export {
  runServerRealCloudTour,
  type ServerRealCloudTourOptions,
} from './server-real-cloud-tour.js';
export {
  runServerTour,
  type ServerTourFigures,
  type ServerTourOptions,
  serverTourSteps,
} from './server-tour.js';
export { createSkewedClock, type SkewedClock } from './skewed-clock.js';
export { formatSummaryTable, type SummaryColumn } from './summary-table.js';
export type { TourBackend, TourBackendSettings } from './tour-backend.js';
export { startTourEmulator } from './tour-emulator.js';
export { createTourOutput, type TourOutput } from './tour-output.js';
export {
  type AdapterName,
  adapterNames,
  type JudgedStep,
  judgeStep,
  judgeTour,
  type TourStepName,
  type TourSteps,
  tourStepLabels,
} from './tour-steps.js';
export { waitUntil } from './wait-until.js';
