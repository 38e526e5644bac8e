const { describeEntries } = require('./entries.cjs');

/**
 * A MeterProvider of its own that records what is added (the consumer has no
 * OpenTelemetry SDK), handed to instrumentCloudToken(); then one token source
 * gets a token from the emulator.
 */
function recordingMeterProvider() {
  const recorded = [];
  const instrument = (name) => ({
    add: (value, attributes) => recorded.push({ name, value, attributes }),
    record: (value, attributes) => recorded.push({ name, value: typeof value, attributes }),
  });
  return {
    recorded,
    getMeter: () => ({ createCounter: instrument, createHistogram: instrument }),
  };
}

async function exerciseOtel({ resolve, otel, core, emulatorModule }) {
  const emulator = await emulatorModule.startEmulator();
  const provider = recordingMeterProvider();
  const instrumentation = otel.instrumentCloudToken({ meterProvider: provider });
  const source = core.createTokenSource(
    core.clientCredentials({
      tokenUrl: emulator.tokenUrl,
      clientId: emulatorModule.DEFAULT_CLIENT_ID,
      clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
    }),
  );
  try {
    await source.getToken();
    return {
      entries: describeEntries(resolve, { '@cloud-token/otel': otel }),
      instrumentCloudToken: typeof otel.instrumentCloudToken,
      recorded: provider.recorded.map(({ name, value, attributes }) => ({
        name,
        value,
        outcome: attributes?.outcome,
      })),
    };
  } finally {
    instrumentation.close();
    source.close();
    await emulator.close();
  }
}

module.exports = { exerciseOtel };
