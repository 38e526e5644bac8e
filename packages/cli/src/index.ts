export { EXIT_CODES, type ExitCode } from './exit-codes.js';
export type { SidecarOptions } from './sidecar/sidecar-options.js';
export { type Sidecar, startSidecar } from './sidecar/start-sidecar.js';
