import {
  type RealCloudTarget,
  runServerRealCloudTour,
  type TourOutput,
} from '@cloud-token/demo-kit';
import { startBackend } from './start-backend.js';

/**
 * A short, safe tour against the real cloud: the documents backend with real
 * credentials; the browser asks it 20 times at once whether it can reach the
 * cloud, then (with a probe path) GETs that path through the proxy.
 */
export function runRealCloudTour(target: RealCloudTarget, output: TourOutput): Promise<void> {
  return runServerRealCloudTour(target, output, { startBackend, proxy: true });
}
