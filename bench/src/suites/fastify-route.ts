import { createServer, type RequestListener } from 'node:http';
import { memoryTokenStore } from '@cloud-token/core';
import { cloudToken } from '@cloud-token/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { startChild } from '../child-process.js';
import { API_PATH, emulatorCredentials, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import type { LoadGenerator } from '../remote-load.js';
import { relayFastify } from '../routes/route-candidates.js';
import type { Suite } from '../suite.js';
import { startApiServer } from './separate-process-client.js';
import { compareApps, plainAuthorization } from './separate-process-servers.js';

/**
 * A Fastify route calling the API through the plugin's
 * `request.cloudToken.fetch` against the same route calling it with plain
 * `fetch` and a fixed header, loaded from another process, the API in a
 * third (as suite 9 loads Express and Koa). CPU per request is this
 * process's. The proxy against `@fastify/http-proxy` is suite 14's (branch perf).
 */
export const fastifyRoute: Suite = {
  title: '17 Fastify route, loaded from another process',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const api = await startApiServer();
      const generator: LoadGenerator = await startChild(
        new URL('../children/load-generator.ts', import.meta.url),
      );
      const baseUrl = `${api.ready.url}/v4.0/`;
      const authorization = await plainAuthorization(emulator);
      const { app: withPlugin, handler: candidate } = fastifyApp();
      const { app: plain, handler: baseline } = fastifyApp();
      try {
        await withPlugin.register(cloudToken, {
          ...emulatorCredentials(emulator),
          store: memoryTokenStore(),
          baseUrl,
        });
        withPlugin.get('/cloud', async (request, reply) =>
          relayFastify(await request.cloudToken.fetch(API_PATH), reply),
        );
        plain.get('/cloud', async (_request, reply) =>
          relayFastify(await fetch(`${baseUrl}${API_PATH}`, { headers: { authorization } }), reply),
        );
        await Promise.all([withPlugin.ready(), plain.ready()]);
        const figures: Figure[] = await compareApps(
          'fastify route calling the API',
          candidate,
          baseline,
          generator,
          { limit: 0.97 },
        );
        checks.expect(
          emulator.stats.tokenRequests.total === 2,
          `fastify route: ${emulator.stats.tokenRequests.total} token requests, expected 2 (the plain app's and the plugin's)`,
        );
        return figures;
      } finally {
        await withPlugin.close();
        await plain.close();
        await generator.close();
        await api.close();
      }
    }),
};

/**
 * A Fastify app and its request handler (Fastify's own, every hook
 * included), which Fastify hands to `serverFactory`: the bench serves it on
 * its own loopback server, as it serves the Express and Koa apps.
 */
function fastifyApp(): { app: FastifyInstance; handler: RequestListener } {
  let handler: RequestListener | undefined;
  const app = Fastify({
    serverFactory: (fastifyHandler) => {
      handler = fastifyHandler;
      return createServer(fastifyHandler);
    },
  });
  if (handler === undefined) throw new Error('Fastify did not call serverFactory');
  return { app, handler };
}
