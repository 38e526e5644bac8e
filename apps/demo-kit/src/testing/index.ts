export { emulatorAsRealCloud } from './emulator-as-real-cloud.js';
export { expectServerRealCloudTour } from './expect-server-real-cloud-tour.js';
export { expectServerTour } from './expect-server-tour.js';
export { type RecordedTour, recordTour } from './record-tour.js';
export { useTourEmulator } from './use-tour-emulator.js';
