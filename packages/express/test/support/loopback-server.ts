import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on loopback, closed with every connection it still holds. */
export interface LoopbackServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `listener` (an Express app, or a plain handler) on 127.0.0.1 at a free port.
 *
 * @example
 * ```ts
 * const server = await listenOnLoopback(app);
 * await fetch(`${server.url}/health`);
 * await server.close();
 * ```
 */
export async function listenOnLoopback(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LoopbackServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
