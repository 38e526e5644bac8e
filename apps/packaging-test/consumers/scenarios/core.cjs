const { describeEntries } = require('./entries.cjs');

function thrownBy(action) {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function invalidTokenUrl(core) {
  return thrownBy(() =>
    core.clientCredentials({ tokenUrl: 'not a url', clientId: 'consumer', clientSecret: 'secret' }),
  );
}

/**
 * What the `./testing` entry gives a user's suite: the conformance suites
 * register their tests with the runner they are given (here one that only
 * records titles: nothing runs), the helpers work, a bad option is the main
 * entry's typed error.
 */
async function exerciseTesting(core, testing) {
  const titles = [];
  const hook = () => {};
  const runner = {
    describe: (_title, body) => body(),
    it: (title) => titles.push(title),
    expect: () => {
      throw new Error('no test runs here');
    },
    beforeAll: hook,
    afterAll: hook,
    beforeEach: hook,
    afterEach: hook,
  };
  const store = core.memoryTokenStore();
  testing.runTokenStoreConformance(runner, { name: 'packaged', createStore: () => store });
  const storeTests = titles.splice(0).length;
  testing.runServerAdapterConformance(runner, {
    name: 'packaged',
    mount: async () => ({ url: 'http://127.0.0.1:9', close: async () => {} }),
  });
  const adapterTests = titles.splice(0).length;
  const clock = testing.createFakeClock(0);
  let fired = 0;
  clock.setTimeout(() => {
    fired += 1;
  }, 10);
  await clock.advance(10);
  const error = thrownBy(() =>
    testing.runTokenStoreConformance(runner, { name: 'typo', createStor: () => store }),
  );
  return {
    storeTests,
    adapterTests,
    fakeClockFired: fired,
    errorOption: error.option,
    errorOfTheMainEntrysClass: error instanceof core.InvalidOptionsError,
  };
}

/**
 * What a user of `@cloud-token/core` does first, with whichever build the
 * consumer loaded: a grant and a token source, a typed error for a bad
 * option (also one thrown by `otherFormat`, the other build's copy), the
 * `./node` entry's forwarder, and the `./testing` entry.
 */
async function exerciseCore({ resolve, core, node, adapter, store, testing, otherFormat }) {
  const source = core.createTokenSource(
    core.clientCredentials({
      tokenUrl: 'http://127.0.0.1:9/connect/token',
      clientId: 'consumer',
      clientSecret: 'consumer-secret',
    }),
  );
  const sourceMethods = ['getToken', 'invalidate', 'close'].filter(
    (method) => typeof source[method] === 'function',
  );
  source.close();

  const ownError = invalidTokenUrl(core);
  const otherFormatError = invalidTokenUrl(otherFormat);
  const forwarderError = thrownBy(() => node.createRequestForwarder({ target: 'not a url' }));
  return {
    entries: describeEntries(resolve, {
      '@cloud-token/core': core,
      '@cloud-token/core/node': node,
      '@cloud-token/core/adapter': adapter,
      '@cloud-token/core/store': store,
      '@cloud-token/core/testing': testing,
    }),
    // A store author's key of a grant, and an adapter author's schema refusing a typo.
    storeKey: store.shortStoreKey(
      core.clientCredentials({
        tokenUrl: 'http://127.0.0.1:9/connect/token',
        clientId: 'consumer',
        clientSecret: 'consumer-secret',
      }).storeKey,
    ).length,
    schemaError: thrownBy(() => adapter.callPolicySchema.read({ baseURL: 'https://a.test/' }))
      .message,
    clientCredentials: typeof core.clientCredentials,
    sourceMethods,
    ownError: {
      recognised: core.isCloudTokenError(ownError, 'ERR_INVALID_OPTIONS'),
      option: ownError.option,
    },
    otherFormat: {
      ourGuardRecognisesTheirError: core.isCloudTokenError(otherFormatError, 'ERR_INVALID_OPTIONS'),
      theirGuardRecognisesOurError: otherFormat.isCloudTokenError(ownError, 'ERR_INVALID_OPTIONS'),
      theirErrorIsOurClass: otherFormatError instanceof core.CloudTokenError,
    },
    forwarder: {
      createRequestForwarder: typeof node.createRequestForwarder,
      errorOption: forwarderError.option,
      errorOfTheMainEntrysClass: forwarderError instanceof core.InvalidOptionsError,
    },
    testing: await exerciseTesting(core, testing),
  };
}

module.exports = { exerciseCore };
