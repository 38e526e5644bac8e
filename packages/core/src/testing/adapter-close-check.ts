import { startEmulator } from '@cloud-token/emulator';
import { emulatorCredentials } from '@cloud-token/emulator/testing';
import { activeResources, resourcesBeyond, resourcesLeftBeyond } from './active-resources.js';
import { keepAliveClock } from './adapter-fixture.js';
import type { ConformanceMountSetup, MountedApp } from './server-adapter-conformance.js';
import type { TestApi } from './test-api.js';

/**
 * `close()`: after an app served calls (and proxied and answered probes), it
 * leaves no socket, server or timer of its own behind.
 */
export function describeClose(
  { describe, it, expect }: TestApi,
  mount: (setup: ConformanceMountSetup) => Promise<MountedApp>,
  parts: { proxy: boolean; readiness: boolean },
): void {
  describe('close()', () => {
    it('leaves no socket, server or timer behind', async () => {
      const baseline = activeResources();
      // An emulator of its own, closed before counting: its sockets are not the app's.
      const emulator = await startEmulator();
      let app: MountedApp | undefined;
      try {
        app = await mount({
          credentials: emulatorCredentials(emulator),
          baseUrl: emulator.apiUrl,
          proxyTarget: emulator.apiUrl,
          clock: keepAliveClock,
        });
        const paths = [
          ...Array.from({ length: 20 }, () => '/call?to=words%2Fclose'),
          ...(parts.proxy ? Array.from({ length: 20 }, () => '/proxy/words/close') : []),
          ...(parts.readiness ? ['/readyz'] : []),
        ];
        const url = app.url;
        const statuses = await Promise.all(
          paths.map(async (path) => {
            const answer = await fetch(`${url}${path}`);
            await answer.arrayBuffer();
            return answer.status;
          }),
        );
        expect(statuses.every((status) => status === 200)).toBe(true);
        // The measure sees what a running app holds (its server, its sockets).
        expect(resourcesBeyond(activeResources(), baseline)).not.toEqual({});
      } finally {
        await app?.close();
        await emulator.close();
      }
      expect(emulator.stats.tokenRequests.total).toBe(1);
      expect(await resourcesLeftBeyond(baseline)).toEqual({});
    }, 60_000);
  });
}
