export { type EmulatorCredentials, emulatorCredentials } from './emulator-credentials.js';
export { resetWhenIdle } from './reset-when-idle.js';
export {
  basicAuthorization,
  getAccessToken,
  requestToken,
  type TokenRequest,
} from './token-client.js';
export {
  type EmulatorFixture,
  type TestHooks,
  type UseEmulatorOptions,
  useEmulator,
} from './use-emulator.js';
export { type WaitForOptions, waitFor } from './wait-for.js';
export { waitForCounter } from './wait-for-counter.js';
