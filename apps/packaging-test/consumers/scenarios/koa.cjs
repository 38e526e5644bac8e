const { createServer } = require('node:http');
const { describeEntries } = require('./entries.cjs');

function listen(handler) {
  const server = createServer(handler);
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
 * Mounts `cloudToken()`, `cloudTokenProxy()` and `cloudTokenErrorHandler()`
 * in a Koa app, on one token source bound for the emulator, and calls a
 * handler that uses the request's cloud token and a path the proxy forwards.
 */
async function exerciseKoa({ resolve, adapter, Koa, emulatorModule }) {
  const emulator = await emulatorModule.startEmulator();
  const source = adapter.createTokenSource(
    adapter.clientCredentials({
      tokenUrl: emulator.tokenUrl,
      clientId: emulatorModule.DEFAULT_CLIENT_ID,
      clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
    }),
  );
  const middleware = adapter.cloudToken({ source, baseUrl: `${emulator.apiUrl}/` });
  const proxy = adapter.cloudTokenProxy({ target: emulator.apiUrl, source, prefix: '/api' });
  const app = new Koa();
  app.use(adapter.cloudTokenErrorHandler());
  app.use(proxy);
  app.use(middleware);
  app.use(async (ctx) => {
    const answer = await ctx.state.cloudToken.fetch('words/packaging.docx');
    const upstream = await answer.json();
    ctx.status = answer.status;
    ctx.body = {
      upstreamPath: upstream.path,
      stateIsTheAccessor: ctx.state.cloudToken === adapter.getCloudToken(ctx),
    };
  });
  const server = await listen(app.callback());
  try {
    const { port } = server.address();
    const route = await fetch(`http://127.0.0.1:${port}/statistics`);
    const proxied = await fetch(`http://127.0.0.1:${port}/api/words/proxied.docx`);
    return {
      entries: describeEntries(resolve, { '@cloud-token/koa': adapter }),
      cloudToken: typeof adapter.cloudToken,
      middlewareName: middleware.name,
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

module.exports = { exerciseKoa };
