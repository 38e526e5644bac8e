import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server on another loopback origin that records what reached it. */
export interface ForeignServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The headers of every request it received, in order. */
  readonly received: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/**
 * Starts a tiny HTTP server on 127.0.0.1 that answers 200 `{"ok":true}` to
 * anything (or redirects to `redirectTo`, when given) and records headers.
 *
 * @example
 * ```ts
 * const foreign = await startForeignServer();
 * await api.get(`${foreign.url}/steal`);
 * expect(foreign.received[0]?.authorization).toBeUndefined();
 * ```
 */
export async function startForeignServer(redirectTo?: string): Promise<ForeignServer> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    received.push(request.headers);
    request.resume();
    if (redirectTo !== undefined) {
      response.writeHead(302, { location: redirectTo }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
