const { createServer } = require('node:http');
const { describeEntries } = require('./entries.cjs');

function listen(app) {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function close(server) {
  return new Promise((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
}

/**
 * Mounts `cloudToken()` and `cloudTokenProxy()` in an Express app, both on
 * one token source bound for the emulator, and calls a route that uses the
 * request's cloud token and a path the proxy forwards.
 */
async function exerciseExpress({ resolve, adapter, env, express, emulatorModule }) {
  const emulator = await emulatorModule.startEmulator();
  const source = adapter.createTokenSource(
    adapter.clientCredentials({
      tokenUrl: emulator.tokenUrl,
      clientId: emulatorModule.DEFAULT_CLIENT_ID,
      clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
    }),
  );
  const middleware = adapter.cloudToken({ source, baseUrl: `${emulator.apiUrl}/` });
  const proxy = adapter.cloudTokenProxy({ target: emulator.apiUrl, source });
  const app = express();
  app.use('/api', proxy);
  app.use(middleware);
  app.get('/statistics', async (req, res, next) => {
    try {
      const answer = await adapter.getCloudToken(req).fetch('words/packaging.docx');
      const upstream = await answer.json();
      res.status(answer.status).json({
        upstreamPath: upstream.path,
        reqCloudTokenIsTheAccessor: req.cloudToken === adapter.getCloudToken(req),
      });
    } catch (error) {
      next(error);
    }
  });
  const server = await listen(app);
  try {
    const { port } = server.address();
    const route = await fetch(`http://127.0.0.1:${port}/statistics`);
    const proxied = await fetch(`http://127.0.0.1:${port}/api/words/proxied.docx`);
    return {
      entries: describeEntries(resolve, {
        '@cloud-token/express': adapter,
        '@cloud-token/express/env': env,
      }),
      cloudToken: typeof adapter.cloudToken,
      route: { status: route.status, body: await route.json() },
      proxied: { status: proxied.status, upstreamPath: (await proxied.json()).path },
      tokensIssued: emulator.stats.tokenRequests.issued,
    };
  } finally {
    await close(server);
    middleware.close();
    proxy.close();
    source.close();
    await emulator.close();
  }
}

module.exports = { exerciseExpress };
