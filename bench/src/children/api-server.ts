import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent } from '../child-process.js';

/**
 * A plain HTTP API in its own process: every GET gets the same small JSON
 * answer at once (any path, any `Authorization`), so a client's own work is
 * not diluted by the server's. Two more answers let a suite check what a
 * proxy forwards: a path ending in `/inspect` answers with the request
 * headers it got, as JSON, and a `Set-Cookie`; a request with a body gets
 * that body back byte for byte. Answers `connections` commands with its
 * count of open connections.
 */
const body = JSON.stringify({ document: 'bench.docx', words: 1_234, paragraphs: 56 });
const server = createServer((req, res) => {
  if (req.url?.endsWith('/inspect')) {
    const seen = JSON.stringify(req.headers);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(seen),
      'set-cookie': 'cloud-session=from-the-api; Path=/',
    });
    res.end(seen);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const type = req.headers['content-type'] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type });
    req.pipe(res);
    return;
  }
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
