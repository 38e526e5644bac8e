import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server on another origin that notes the `Authorization` header of every request it gets. */
export interface ForeignServer {
  readonly url: string;
  /** One entry per request received: its `Authorization` header, or `undefined`. */
  readonly authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/** Starts a {@link ForeignServer} on a free loopback port. */
export async function startForeignServer(): Promise<ForeignServer> {
  const authorizations: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    authorizations.push(request.headers.authorization);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // axios keeps connections alive; without this, close() would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}
