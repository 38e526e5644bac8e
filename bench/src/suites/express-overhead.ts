import { memoryTokenStore } from '@cloud-token/core';
import type { Emulator } from '@cloud-token/emulator';
import { cloudToken, getCloudToken } from '@cloud-token/express';
import express, { type RequestHandler, type Response } from 'express';
import { compareLoad, STANDARD_CONCURRENCY, STANDARD_LOAD } from '../compare-load.js';
import { API_PATH, emulatorCredentials, emulatorSource, withEmulator } from '../emulator.js';
import { type Figure, withTarget } from '../figure.js';
import { listenOnLoopback } from '../listen.js';
import { readOk } from '../read-ok.js';
import type { Suite, SuiteContext } from '../suite.js';

/**
 * Two Express apps, one with `cloudToken()` mounted and one without, loaded
 * from a keep-alive client loop: a route that never asks for a token (the
 * middleware's own cost), and a route that calls the cloud through
 * `getCloudToken(req).fetch` against one calling it with plain `fetch`.
 */
export const expressOverhead: Suite = {
  title: '5 express',
  run: (context) => withEmulator((emulator) => measureExpress(emulator, context)),
};

async function measureExpress(emulator: Emulator, { checks }: SuiteContext): Promise<Figure[]> {
  const middleware = cloudToken({
    ...emulatorCredentials(emulator),
    store: memoryTokenStore(),
    baseUrl: emulator.apiUrl,
  });
  const withMiddleware = express();
  withMiddleware.use(middleware);
  withMiddleware.get('/ping', pong);
  withMiddleware.get('/cloud', async (req, res) => {
    await relay(await getCloudToken(req).fetch(API_PATH), res);
  });

  // The plain app holds a token obtained once, the way an app without the middleware would.
  const authorization = await tokenObtainedOnce(emulator);
  const apiUrl = `${emulator.apiUrl}/${API_PATH}`;
  const without = express();
  without.get('/ping', pong);
  without.get('/cloud', async (_req, res) => {
    await relay(await fetch(apiUrl, { headers: { authorization } }), res);
  });

  // Any middleware costs Express a router layer: this one does nothing else.
  const withNoOp = express();
  withNoOp.use((_req, _res, next) => next());
  withNoOp.get('/ping', pong);

  const cloudServer = await listenOnLoopback(withMiddleware);
  const plainServer = await listenOnLoopback(without);
  const noOpServer = await listenOnLoopback(withNoOp);
  try {
    const load = { ...STANDARD_LOAD, concurrency: STANDARD_CONCURRENCY };
    const noToken = await compareLoad({
      ...load,
      label: 'route without token',
      candidate: async () => readOk(await fetch(`${cloudServer.url}/ping`)),
      baseline: async () => readOk(await fetch(`${plainServer.url}/ping`)),
    });
    const noOpLayer = await compareLoad({
      ...load,
      label: 'route without token, vs a no-op middleware',
      candidate: async () => readOk(await fetch(`${cloudServer.url}/ping`)),
      baseline: async () => readOk(await fetch(`${noOpServer.url}/ping`)),
    });
    checks.expect(
      emulator.stats.tokenRequests.total === 1,
      `express: routes that never ask for a token sent ${emulator.stats.tokenRequests.total - 1} token requests, expected 0`,
    );
    const cloudCalls = await compareLoad({
      ...load,
      label: 'route calling the API',
      candidate: async () => readOk(await fetch(`${cloudServer.url}/cloud`)),
      baseline: async () => readOk(await fetch(`${plainServer.url}/cloud`)),
    });
    checks.expect(
      emulator.stats.tokenRequests.total === 2,
      `express: ${emulator.stats.tokenRequests.total} token requests, expected 2 (the plain app's and the middleware's)`,
    );
    return [
      ...noToken.map((figure) => ({ ...figure, baselineLabel: 'no middleware' })),
      ...noOpLayer.slice(0, 1).map((figure) => ({ ...figure, baselineLabel: 'no-op middleware' })),
      ...withTarget(cloudCalls, 'route calling the API: requests/s', {
        kind: 'ratio-at-least',
        limit: 0.97,
      }).map((figure) => ({ ...figure, baselineLabel: 'plain fetch route' })),
    ];
  } finally {
    await cloudServer.close();
    await plainServer.close();
    await noOpServer.close();
    middleware.close();
  }
}

async function tokenObtainedOnce(emulator: Emulator): Promise<string> {
  const source = emulatorSource(emulator);
  try {
    return (await source.getToken()).authorization;
  } finally {
    source.close();
  }
}

/** A route that never asks for a token. */
const pong: RequestHandler = (_req, res) => {
  res.type('text').send('pong');
};

/** Answers the Express client with the cloud's answer. */
async function relay(answer: globalThis.Response, res: Response): Promise<void> {
  res
    .status(answer.status)
    .type('json')
    .send(await answer.text());
}
