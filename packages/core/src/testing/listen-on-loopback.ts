import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A server listening on loopback (see {@link listenOnLoopback}).
 *
 * @example
 * ```ts
 * const server: LoopbackServer = await listenOnLoopback((_req, res) => res.end('ok'));
 * await server.close();
 * ```
 */
export interface LoopbackServer {
  /** Its base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops listening and closes every connection it still holds (keep-alive ones included). */
  close(): Promise<void>;
}

/**
 * Serves `listener` (a plain Node handler, an Express app, a Koa app's
 * `callback()`) on 127.0.0.1 at a free port.
 *
 * @example
 * ```ts
 * import { listenOnLoopback } from '@cloud-token/core/testing';
 *
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
