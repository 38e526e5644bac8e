import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { memoryTokenStore } from '@cloud-token/core';
import type { Emulator } from '@cloud-token/emulator';
import {
  cloudTokenProxy,
  getCloudToken as expressAccessor,
  cloudToken as expressCloudToken,
} from '@cloud-token/express';
import { getCloudToken as koaAccessor, cloudToken as koaCloudToken } from '@cloud-token/koa';
import express from 'express';
import Koa from 'koa';
import { startChild } from '../child-process.js';
import { compareRunners, STANDARD_CONCURRENCY, STANDARD_LOAD } from '../compare-load.js';
import { API_PATH, emulatorCredentials, emulatorSource, withEmulator } from '../emulator.js';
import { type Figure, withTarget } from '../figure.js';
import { listenOnLoopback } from '../listen.js';
import { type LoadGenerator, remoteRunner } from '../remote-load.js';
import type { Suite } from '../suite.js';
import { type ApiServer, startApiServer } from './separate-process-client.js';

/**
 * Express and Koa apps loaded the way users load them: the load generator
 * runs in its own process, the API the routes call in a third one, so this
 * process runs only the app. A route calling the API through the accessor's
 * `fetch` (`getCloudToken(req).fetch`, with its client-disconnect signal)
 * against the same route calling it with plain `fetch` and a header. CPU per
 * request is the app's process.
 */
export const separateProcessServers: Suite = {
  title: '9 server apps, loaded from another process',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const api = await startApiServer();
      const generator: LoadGenerator = await startChild(
        new URL('../children/load-generator.ts', import.meta.url),
      );
      try {
        // The plain apps hold a token obtained once, the way an app without the middleware would.
        const authorization = await plainAuthorization(emulator);
        const figures = [
          ...(await measureExpress(emulator, api, generator, authorization)),
          ...(await measureKoa(emulator, api, generator, authorization)),
          ...(await measureProxy(emulator, api, generator, authorization)),
        ];
        checks.expect(
          emulator.stats.tokenRequests.total === 4,
          `server apps: ${emulator.stats.tokenRequests.total} token requests, expected 4 (the plain apps' one, one per middleware and the proxy's)`,
        );
        return figures;
      } finally {
        await generator.close();
        await api.close();
      }
    }),
};

/** A token obtained once, as the `authorization` header a plain app would send. */
export async function plainAuthorization(emulator: Emulator): Promise<string> {
  const source = emulatorSource(emulator);
  try {
    return (await source.getToken()).authorization;
  } finally {
    source.close();
  }
}

async function measureExpress(
  emulator: Emulator,
  api: ApiServer,
  generator: LoadGenerator,
  authorization: string,
): Promise<Figure[]> {
  const baseUrl = `${api.ready.url}/v4.0/`;
  const middleware = expressCloudToken({
    ...emulatorCredentials(emulator),
    store: memoryTokenStore(),
    baseUrl,
  });
  const withMiddleware = express();
  withMiddleware.use(middleware);
  withMiddleware.get('/cloud', async (req, res) => {
    const answer = await expressAccessor(req).fetch(API_PATH);
    res
      .status(answer.status)
      .type('json')
      .send(await answer.text());
  });
  const plain = express();
  plain.get('/cloud', async (_req, res) => {
    const answer = await fetch(`${baseUrl}${API_PATH}`, { headers: { authorization } });
    res
      .status(answer.status)
      .type('json')
      .send(await answer.text());
  });
  try {
    const figures = await compareApps(
      'express route calling the API',
      withMiddleware,
      plain,
      generator,
      {
        limit: 0.97,
      },
    );
    // The same plain app on two servers: how far apart two identical sides land in this suite.
    const noiseFloor = await compareApps(
      'noise floor, plain fetch route against itself',
      plain,
      plain,
      generator,
      {
        baselineLabel: 'the same app',
      },
    );
    return [...figures, ...noiseFloor.slice(0, 2)];
  } finally {
    middleware.close();
  }
}

async function measureKoa(
  emulator: Emulator,
  api: ApiServer,
  generator: LoadGenerator,
  authorization: string,
): Promise<Figure[]> {
  const baseUrl = `${api.ready.url}/v4.0/`;
  const middleware = koaCloudToken({
    ...emulatorCredentials(emulator),
    store: memoryTokenStore(),
    baseUrl,
  });
  const withMiddleware = new Koa();
  withMiddleware.use(middleware);
  withMiddleware.use(async (ctx) => {
    const answer = await koaAccessor(ctx).fetch(API_PATH);
    ctx.status = answer.status;
    ctx.type = 'json';
    ctx.body = await answer.text();
  });
  const plain = new Koa();
  plain.use(async (ctx) => {
    const answer = await fetch(`${baseUrl}${API_PATH}`, { headers: { authorization } });
    ctx.status = answer.status;
    ctx.type = 'json';
    ctx.body = await answer.text();
  });
  try {
    return await compareApps(
      'koa route calling the API',
      withMiddleware.callback(),
      plain.callback(),
      generator,
      { limit: 0.97 },
    );
  } finally {
    middleware.close();
  }
}

/**
 * `cloudTokenProxy()` against the least a proxy must do: forward the method
 * and path with a fixed `Authorization`, and stream the answer back with its
 * status and content type.
 */
async function measureProxy(
  emulator: Emulator,
  api: ApiServer,
  generator: LoadGenerator,
  authorization: string,
): Promise<Figure[]> {
  const target = `${api.ready.url}/v4.0`;
  const source = emulatorSource(emulator);
  const proxy = cloudTokenProxy({ target, source });
  const withProxy = express();
  withProxy.use('/cloud', proxy);
  const minimal = express();
  minimal.use('/cloud', async (req, res) => {
    const answer = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: { authorization },
    });
    res.status(answer.status);
    res.setHeader('content-type', answer.headers.get('content-type') ?? 'application/octet-stream');
    if (answer.body === null) res.end();
    else Readable.fromWeb(answer.body as WebReadableStream).pipe(res);
  });
  try {
    return await compareApps('proxy', withProxy, minimal, generator, {
      path: `/cloud/${API_PATH}`,
      limit: 0.95,
      baselineLabel: 'minimal fixed-header proxy',
    });
  } finally {
    proxy.close();
    source.close();
  }
}

/**
 * Loads two apps, each on its own loopback server, from the load generator's
 * process: requests/s and the app process's CPU per request, the candidate
 * judged against `limit` when given.
 */
export async function compareApps(
  what: string,
  candidateApp: Parameters<typeof listenOnLoopback>[0],
  baselineApp: Parameters<typeof listenOnLoopback>[0],
  generator: LoadGenerator,
  {
    path = '/cloud',
    limit,
    baselineLabel = 'plain fetch route',
  }: { path?: string; limit?: number; baselineLabel?: string } = {},
): Promise<Figure[]> {
  const candidate = await listenOnLoopback(candidateApp);
  const baseline = await listenOnLoopback(baselineApp);
  try {
    const label = `${what}, concurrency ${STANDARD_CONCURRENCY}`;
    const figures = await compareRunners({
      ...STANDARD_LOAD,
      concurrency: STANDARD_CONCURRENCY,
      label,
      candidate: remoteRunner(generator, `${candidate.url}${path}`),
      baseline: remoteRunner(generator, `${baseline.url}${path}`),
    });
    const judged =
      limit === undefined
        ? figures
        : withTarget(figures, `${label}: requests/s`, { kind: 'ratio-at-least', limit });
    return judged.map((figure) => ({ ...figure, baselineLabel }));
  } finally {
    await candidate.close();
    await baseline.close();
  }
}
