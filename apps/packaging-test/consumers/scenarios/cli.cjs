const { describeEntries } = require('./entries.cjs');

/**
 * Starts the sidecar in code against the emulator, asks its token facade
 * for a token twice (the cloud gets one request) and a wrong secret once
 * (refused without a request), and reads its exit codes.
 */
async function exerciseCli({ resolve, cli, emulatorModule }) {
  const emulator = await emulatorModule.startEmulator();
  const sidecar = await cli.startSidecar({
    tokenUrl: emulator.tokenUrl,
    baseUrl: emulator.url,
    clientId: emulatorModule.DEFAULT_CLIENT_ID,
    clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
  });
  const ask = (secret) =>
    fetch(`${sidecar.url}/connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emulatorModule.DEFAULT_CLIENT_ID,
        client_secret: secret,
      }),
    }).then((answer) => answer.status);
  try {
    const statuses = [
      await ask(emulatorModule.DEFAULT_CLIENT_SECRET),
      await ask(emulatorModule.DEFAULT_CLIENT_SECRET),
      await ask('wrong'),
    ];
    const proxied = await fetch(`${sidecar.url}/v4.0/words/doc.docx`).then(
      (answer) => answer.status,
    );
    let invalidOption;
    try {
      await cli.startSidecar({
        tokenUrl: emulator.tokenUrl,
        clientId: 'a',
        clientSecret: 'b',
        prot: 1,
      });
    } catch (error) {
      invalidOption = { code: error.code, option: error.option };
    }
    return {
      entries: describeEntries(resolve, { '@cloud-token/cli': cli }),
      exitCodes: cli.EXIT_CODES,
      statuses,
      proxied,
      tokensIssued: emulator.stats.tokenRequests.issued,
      invalidOption,
    };
  } finally {
    await sidecar.close();
    await emulator.close();
  }
}

module.exports = { exerciseCli };
