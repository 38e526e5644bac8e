import { Logger } from '@nestjs/common';

/** Runs one shutdown step; a failure is logged (its name only: no secret) and never rethrown. */
export function runCleanup(context: string, step: string, cleanup: () => void): void {
  try {
    cleanup();
  } catch (error) {
    new Logger(context).warn(`${step} failed: ${error instanceof Error ? error.name : 'error'}`);
  }
}
