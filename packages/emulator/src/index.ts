export { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_SCOPE } from './defaults.js';
export { InvalidOptionsError } from './invalid-options-error.js';
export { startEmulator } from './start-emulator.js';
export type {
  ApiFault,
  ApiRequestRecord,
  Emulator,
  EmulatorClient,
  EmulatorControl,
  EmulatorOptions,
  EmulatorProfile,
  EmulatorStats,
  TokenFault,
} from './types.js';
