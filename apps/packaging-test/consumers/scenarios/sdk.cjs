const { describeEntries } = require('./entries.cjs');

/**
 * Bridges the official Words SDK (its real package, not under test) to a
 * token source: concurrent calls share one token request; a client that is no
 * SDK client is refused with the core's typed error.
 */
async function exerciseSdk({ resolve, bridge, core, emulatorModule, words }) {
  const emulator = await emulatorModule.startEmulator();
  const source = core.createTokenSource(
    core.clientCredentials({
      tokenUrl: emulator.tokenUrl,
      clientId: emulatorModule.DEFAULT_CLIENT_ID,
      clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
    }),
  );
  const api = new words.WordsApi(emulatorModule.DEFAULT_CLIENT_ID, 'unused', emulator.url);
  const detach = bridge.useCloudToken(api, source);
  let refused;
  try {
    bridge.useCloudToken({}, source);
  } catch (error) {
    refused = {
      recognised: core.isCloudTokenError(error, 'ERR_INVALID_OPTIONS'),
      option: error.option,
    };
  }
  try {
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        api.getDocumentStatistics(
          new words.GetDocumentStatisticsRequest({ name: 'packaging.docx' }),
        ),
      ),
    );
    return {
      entries: describeEntries(resolve, { '@cloud-token/sdk': bridge }),
      useCloudToken: typeof bridge.useCloudToken,
      wordCounts: answers.map(({ body }) => body.statData.wordCount),
      tokensIssued: emulator.stats.tokenRequests.issued,
      tokensRejected: emulator.stats.tokenRequests.rejected,
      refused,
    };
  } finally {
    detach();
    source.close();
    await emulator.close();
  }
}

module.exports = { exerciseSdk };
