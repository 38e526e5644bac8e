const { describeEntries } = require('./entries.cjs');

function listen(serve, app) {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve({ server, port: info.port }),
    );
  });
}

function close(server) {
  return new Promise((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
}

/**
 * A Hono app on `@hono/node-server` with `cloudToken()`, `cloudTokenProxy()`,
 * `cloudTokenReadiness()` and `cloudTokenErrorHandler()` on one token source
 * bound for the emulator; calls a route that uses the request's cloud token,
 * a path the proxy forwards, the probe, and a route whose middleware has a
 * wrong secret (answered through `app.onError` as problem+json).
 */
async function exerciseHono({ resolve, adapter, Hono, serve, emulatorModule }) {
  const emulator = await emulatorModule.startEmulator();
  const credentials = {
    tokenUrl: emulator.tokenUrl,
    clientId: emulatorModule.DEFAULT_CLIENT_ID,
    clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
  };
  const source = adapter.createTokenSource(adapter.clientCredentials(credentials));
  const middleware = adapter.cloudToken({ source, baseUrl: `${emulator.apiUrl}/` });
  const proxy = adapter.cloudTokenProxy({ source, target: emulator.apiUrl });
  const wrongSecret = adapter.cloudToken({
    ...credentials,
    clientSecret: 'not-the-secret',
    baseUrl: `${emulator.apiUrl}/`,
  });
  const app = new Hono();
  app.get('/readyz', adapter.cloudTokenReadiness(source));
  app.all('/api/*', proxy);
  app.get('/statistics', middleware, async (c) => {
    const answer = await c.var.cloudToken.fetch('words/packaging.docx');
    return c.json({ status: answer.status, upstreamPath: (await answer.json()).path });
  });
  app.get('/wrong-secret', wrongSecret, (c) => c.var.cloudToken.fetch('words/packaging.docx'));
  app.onError(adapter.cloudTokenErrorHandler());
  const { server, port } = await listen(serve, app);
  try {
    const route = await fetch(`http://127.0.0.1:${port}/statistics`);
    const proxied = await fetch(`http://127.0.0.1:${port}/api/words/proxied.docx`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    const refused = await fetch(`http://127.0.0.1:${port}/wrong-secret`);
    const refusedBody = await refused.text();
    return {
      entries: describeEntries(resolve, { '@cloud-token/hono': adapter }),
      cloudToken: typeof adapter.cloudToken,
      route: { status: route.status, body: await route.json() },
      proxied: { status: proxied.status, upstreamPath: (await proxied.json()).path },
      ready: { status: ready.status, body: await ready.json() },
      refused: {
        status: refused.status,
        contentType: refused.headers.get('content-type'),
        code: JSON.parse(refusedBody).code,
        showsSecret: refusedBody.includes('not-the-secret'),
      },
      tokensIssued: emulator.stats.tokenRequests.issued,
    };
  } finally {
    middleware.close();
    proxy.close();
    wrongSecret.close();
    source.close();
    await close(server);
    await emulator.close();
  }
}

module.exports = { exerciseHono };
