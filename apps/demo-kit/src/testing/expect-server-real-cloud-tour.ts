import type { Emulator } from '@cloud-token/emulator';
import { expect } from 'vitest';

/**
 * Asserts what a server demo's real-cloud tour must show against the emulator
 * standing in for the cloud: one token request for the status herd (and, with
 * a proxy, for the probe at `words/probe.docx` too: the routes and the proxy
 * share one source), and the lines it printed.
 *
 * @example
 * ```ts
 * const { output, lines } = recordTour();
 * await runRealCloudTour(emulatorAsRealCloud(emulator(), 'words/probe.docx'), output);
 * expectServerRealCloudTour(emulator(), lines, { proxy: true });
 * ```
 */
export function expectServerRealCloudTour(
  emulator: Emulator,
  lines: readonly string[],
  { proxy }: { proxy: boolean },
): void {
  expect(emulator.stats.tokenRequests.total).toBe(1);
  const printed = lines.join('\n');
  expect(printed).toContain(`statuses: 200; token requests to ${emulator.tokenUrl}: 1`);
  if (proxy) {
    const probes = emulator.stats.apiRequestLog.filter((record) =>
      record.url.endsWith('/words/probe.docx'),
    );
    expect(probes.map((record) => record.status)).toEqual([200]);
    expect(printed).toContain('GET /cloud/words/probe.docx → 200');
  }
}
