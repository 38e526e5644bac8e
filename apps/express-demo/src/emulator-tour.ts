import {
  runServerTour,
  type ServerTourFigures,
  serverTourSteps,
  type TourOutput,
  type TourSteps,
} from '@cloud-token/demo-kit';
import type { Emulator } from '@cloud-token/emulator';
import { memoryTokenStore } from '@cloud-token/express';
import { startBackend } from './start-backend.js';

/** What the tour measured, for its summary and its test. */
export type TourFigures = ServerTourFigures;

/** The tour's six steps, as every demo reports them to `pnpm demo`. */
export function tourSteps(figures: TourFigures): TourSteps {
  return serverTourSteps(figures);
}

/**
 * Plays a browser against the documents backend, with the emulator as the
 * cloud: a herd of route calls, the documents routes, the renewal
 * window, a key rotation, an API 429, a binary upload through the proxy
 * carrying a token of its own, a rate-limited token endpoint and a wrong secret.
 * The steps are demo-kit's server tour; this demo adds how its backend starts.
 */
export function runEmulatorTour(emulator: Emulator, output: TourOutput): Promise<TourFigures> {
  return runServerTour(emulator, output, {
    adapter: 'express',
    framework: 'Express 5',
    frontEnd: false,
    proxy: true,
    // Each backend stands for a process of its own: its own token store.
    startBackend: (settings) => startBackend({ ...settings, store: memoryTokenStore() }),
  });
}
