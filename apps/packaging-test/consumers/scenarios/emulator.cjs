const { describeEntries } = require('./entries.cjs');

/** What the `./testing` entry gives a user's suite, without a test runner. */
async function exerciseTesting(emulator, emulatorModule, testing) {
  let registered = 0;
  const register = () => {
    registered += 1;
  };
  let useEmulatorError;
  try {
    testing.useEmulator(
      { beforeAll: register, beforeEach: register, afterAll: register },
      { typo: 1 },
    );
  } catch (error) {
    useEmulatorError = error;
  }
  testing.useEmulator({ beforeAll: register, beforeEach: register, afterAll: register });
  const answer = await testing.requestToken(emulator);
  await answer.arrayBuffer();
  const counted = await testing.waitForCounter(emulator, (stats) => stats.tokenRequests.issued, 2);
  return {
    credentials: testing.emulatorCredentials(emulator).clientId,
    hooksRegistered: registered,
    tokenStatus: answer.status,
    counted,
    errorOption: useEmulatorError?.option,
    errorOfTheMainEntrysClass: useEmulatorError instanceof emulatorModule.InvalidOptionsError,
  };
}

/**
 * Starts the emulator and gets a token from it with `core`, a build of the
 * other format than the emulator's, then calls the emulator's API with it;
 * then uses the `./testing` helpers against it.
 */
async function exerciseEmulator({ resolve, emulatorModule, testing, core }) {
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
      const tokensIssued = emulator.stats.tokenRequests.issued;
      return {
        entries: describeEntries(resolve, {
          '@cloud-token/emulator': emulatorModule,
          '@cloud-token/emulator/testing': testing,
        }),
        startEmulator: typeof emulatorModule.startEmulator,
        tokenType: token.type,
        apiStatus: answer.status,
        tokensIssued,
        testing: await exerciseTesting(emulator, emulatorModule, testing),
      };
    } finally {
      source.close();
    }
  } finally {
    await emulator.close();
  }
}

module.exports = { exerciseEmulator };
