// Kept for the test suites that import it by path; new code imports `@cloud-token/emulator/testing`.
export { emulatorCredentials } from '@cloud-token/emulator/testing';
