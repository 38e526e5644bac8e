const { describeEntries } = require('./entries.cjs');

/**
 * Registers the `cloudToken` plugin and `cloudTokenProxy` in a Fastify app,
 * the proxy on the plugin's source (`app.cloudToken`), bound for the
 * emulator, with a readiness route; calls a route that uses the request's
 * cloud token, a path the proxy forwards and the probe; then closes the app,
 * which closes the source the plugin made.
 */
async function exerciseFastify({ resolve, adapter, Fastify, emulatorModule }) {
  const emulator = await emulatorModule.startEmulator();
  const app = Fastify();
  try {
    await app.register(adapter.cloudToken, {
      tokenUrl: emulator.tokenUrl,
      clientId: emulatorModule.DEFAULT_CLIENT_ID,
      clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
      baseUrl: `${emulator.apiUrl}/`,
    });
    await app.register(adapter.cloudTokenProxy, {
      prefix: '/api',
      target: emulator.apiUrl,
      source: app.cloudToken,
    });
    app.get('/readyz', adapter.cloudTokenReadiness(app.cloudToken));
    app.get('/statistics', async (request) => {
      const answer = await request.cloudToken.fetch('words/packaging.docx');
      return { status: answer.status, upstreamPath: (await answer.json()).path };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address();
    const route = await fetch(`http://127.0.0.1:${port}/statistics`);
    const proxied = await fetch(`http://127.0.0.1:${port}/api/words/proxied.docx`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    const source = app.cloudToken;
    const report = {
      entries: describeEntries(resolve, { '@cloud-token/fastify': adapter }),
      cloudToken: typeof adapter.cloudToken,
      route: { status: route.status, body: await route.json() },
      proxied: { status: proxied.status, upstreamPath: (await proxied.json()).path },
      ready: { status: ready.status, body: await ready.json() },
      tokensIssued: emulator.stats.tokenRequests.issued,
    };
    await app.close();
    // The plugin's source is closed with the app: asking it now is a usage error.
    report.afterClose = await source.getToken().then(
      () => 'a token',
      (error) => error.code,
    );
    return report;
  } finally {
    await app.close();
    await emulator.close();
  }
}

module.exports = { exerciseFastify };
