import { type Emulator, startEmulator } from '@cloud-token/emulator';

/**
 * Starts the local cloud a tour runs against, on a free loopback port. Its
 * tokens live one hour, like Aspose.HTML's, so a tour can jump 55 minutes
 * into a token's life and land in the renewal window.
 *
 * @example
 * ```ts
 * const emulator = await startTourEmulator();
 * try {
 *   await runEmulatorTour(emulator, output);
 * } finally {
 *   await emulator.close();
 * }
 * ```
 */
export function startTourEmulator(): Promise<Emulator> {
  return startEmulator({ tokenTtlSeconds: 3600 });
}
