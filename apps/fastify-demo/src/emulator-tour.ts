import { runServerTour, type ServerTourFigures, type TourOutput } from '@cloud-token/demo-kit';
import type { Emulator } from '@cloud-token/emulator';
import { startBackend } from './start-backend.js';

// What the tour measured, and its six steps as `pnpm demo` reports them.
export {
  type ServerTourFigures as TourFigures,
  serverTourSteps as tourSteps,
} from '@cloud-token/demo-kit';

/**
 * Plays a browser against the documents backend, with the emulator as the
 * cloud: a herd of route calls, the documents routes, the front
 * end, the renewal window, a key rotation, an API 429, a binary upload through
 * the proxy carrying a token of its own, a rate-limited token endpoint and a
 * wrong secret.
 * The steps are demo-kit's server tour; this demo adds how its backend starts.
 */
export function runEmulatorTour(
  emulator: Emulator,
  output: TourOutput,
): Promise<ServerTourFigures> {
  return runServerTour(emulator, output, {
    adapter: 'fastify',
    framework: 'Fastify 5',
    frontEnd: true,
    proxy: true,
    startBackend,
  });
}
