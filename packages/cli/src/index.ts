export { EXIT_CODES, type ExitCode } from './exit-codes.js';
