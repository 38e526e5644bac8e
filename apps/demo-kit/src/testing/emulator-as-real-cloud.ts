import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';
import type { RealCloudTarget } from '../real-cloud-target.js';

/**
 * The emulator standing in for the real cloud, with its default client: the
 * target a real-cloud tour gets, so a test can run that tour on loopback.
 *
 * @example
 * ```ts
 * await runRealCloudTour(emulatorAsRealCloud(emulator(), 'words/probe.docx'), output);
 * expect(emulator().stats.tokenRequests.total).toBe(1);
 * ```
 */
export function emulatorAsRealCloud(emulator: Emulator, probePath?: string): RealCloudTarget {
  return {
    cloud: 'the emulator standing in for the real cloud',
    tokenUrl: emulator.tokenUrl,
    baseUrl: emulator.apiUrl,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
    probePath,
  };
}
