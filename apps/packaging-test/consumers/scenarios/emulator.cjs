const { describeEntries } = require('./entries.cjs');

/**
 * Starts the emulator and gets a token from it with `core`, a build of the
 * other format than the emulator's, then calls the emulator's API with it.
 */
async function exerciseEmulator({ resolve, emulatorModule, core }) {
  const emulator = await emulatorModule.startEmulator();
  try {
    const source = core.createTokenSource(
      core.clientCredentials({
        tokenUrl: emulator.tokenUrl,
        clientId: emulatorModule.DEFAULT_CLIENT_ID,
        clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
      }),
    );
    try {
      const token = await source.getToken();
      const answer = await fetch(`${emulator.apiUrl}/words/packaging.docx`, {
        headers: { authorization: token.authorization },
      });
      await answer.arrayBuffer();
      return {
        entries: describeEntries(resolve, { '@cloud-token/emulator': emulatorModule }),
        startEmulator: typeof emulatorModule.startEmulator,
        tokenType: token.type,
        apiStatus: answer.status,
        tokensIssued: emulator.stats.tokenRequests.issued,
      };
    } finally {
      source.close();
    }
  } finally {
    await emulator.close();
  }
}

module.exports = { exerciseEmulator };
