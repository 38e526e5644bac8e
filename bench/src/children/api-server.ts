import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent } from '../child-process.js';

/**
 * A plain HTTP API in its own process: every request gets the same small
 * JSON answer at once (any path, any `Authorization`), so a client's own
 * work is not diluted by the server's. Answers `connections` commands with
 * its count of open connections.
 */
const body = JSON.stringify({ document: 'bench.docx', words: 1_234, paragraphs: 56 });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  // `{ cmd: 'connections' }`: how many client connections are open now.
  serveParent(
    { url: `http://127.0.0.1:${port}` },
    () =>
      new Promise((resolve, reject) =>
        server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      ),
  );
});
