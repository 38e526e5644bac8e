const { randomBytes } = require('node:crypto');
const { describeEntries } = require('./entries.cjs');

/**
 * Two token sources of the same credentials, each with its own Redis store
 * over its own ioredis client (two instances of an application, in one
 * process): the second adopts the first one's token from Redis, so the
 * emulator issues one token. `socketPath` is a real redis-server's socket.
 */
async function exerciseRedis({ resolve, redisPackage, core, emulatorModule, ioredis, socketPath }) {
  const emulator = await emulatorModule.startEmulator();
  const key = randomBytes(32);
  const clients = [
    new ioredis.Redis({ path: socketPath }),
    new ioredis.Redis({ path: socketPath }),
  ];
  const stores = clients.map((client) =>
    redisPackage.redisTokenStore({ client, encryption: { keys: [key] } }),
  );
  const grant = () =>
    core.clientCredentials({
      tokenUrl: emulator.tokenUrl,
      clientId: emulatorModule.DEFAULT_CLIENT_ID,
      clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
    });
  const sources = stores.map((store) => core.createTokenSource(grant(), { store }));
  let invalidOptions;
  try {
    redisPackage.redisTokenStore({ client: clients[0], keyPrefx: 'typo' });
  } catch (error) {
    invalidOptions = { recognised: core.isCloudTokenError(error), option: error.option };
  }
  try {
    const first = await sources[0].getToken();
    const second = await sources[1].getToken();
    return {
      entries: describeEntries(resolve, { '@cloud-token/redis': redisPackage }),
      redisTokenStore: typeof redisPackage.redisTokenStore,
      sameToken: first.value === second.value,
      storeModes: sources.map((source) => source.status().store),
      tokensIssued: emulator.stats.tokenRequests.issued,
      invalidOptions,
    };
  } finally {
    for (const source of sources) source.close();
    await Promise.all(stores.map((store) => store.close()));
    for (const client of clients) client.disconnect();
    await emulator.close();
  }
}

module.exports = { exerciseRedis };
