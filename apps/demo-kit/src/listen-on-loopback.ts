import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TourBackend } from './tour-backend.js';

/**
 * Serves `handler` on a free loopback port. `close()` stops listening, ends
 * the connections the browser keeps alive, then calls `onClose` (which also
 * runs if listening fails).
 *
 * @example
 * ```ts
 * const documents = createDocumentsApp(options);
 * const backend = await listenOnLoopback(documents.app, () => documents.close());
 * ```
 */
export async function listenOnLoopback(
  handler: RequestListener,
  onClose: () => void,
): Promise<TourBackend> {
  const server = createServer(handler);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    onClose();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      try {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          // The browser's fetch keeps connections alive; close() alone would wait for them.
          server.closeAllConnections();
        });
      } finally {
        onClose();
      }
    },
  };
}
