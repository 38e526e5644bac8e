const { describeEntries } = require('./entries.cjs');

/**
 * Attaches cloud-token to an axios instance bound for the emulator's API:
 * one call carries the token, one opts out with the `cloudToken` config key.
 */
async function exerciseAxios({ resolve, adapter, axios, emulatorModule }) {
  const emulator = await emulatorModule.startEmulator();
  const api = axios.create({ baseURL: emulator.apiUrl, validateStatus: () => true });
  const detach = adapter.attachCloudToken(api, {
    tokenUrl: emulator.tokenUrl,
    clientId: emulatorModule.DEFAULT_CLIENT_ID,
    clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
  });
  try {
    const authorized = await api.get('/words/packaging.docx');
    const skipped = await api.get('/words/packaging.docx', { cloudToken: { skip: true } });
    return {
      entries: describeEntries(resolve, { '@cloud-token/axios': adapter }),
      attachCloudToken: typeof adapter.attachCloudToken,
      statuses: [authorized.status, skipped.status],
      carriedAuthorization: emulator.stats.apiRequestLog.map((call) => call.hadAuthorization),
      tokensIssued: emulator.stats.tokenRequests.issued,
    };
  } finally {
    detach();
    await emulator.close();
  }
}

module.exports = { exerciseAxios };
