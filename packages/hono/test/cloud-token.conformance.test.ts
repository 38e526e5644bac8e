import { listenOnLoopback, runServerAdapterConformance } from '@cloud-token/core/testing';
import { getRequestListener } from '@hono/node-server';
import * as vitest from 'vitest';
import { createApp } from './support/guests/app.js';

runServerAdapterConformance(vitest, {
  name: 'Hono on Node (@hono/node-server)',
  async mount({ credentials, baseUrl, proxyTarget, clock }) {
    const { app, close } = createApp({ ...credentials, baseUrl, proxyTarget, clock });
    const server = await listenOnLoopback(getRequestListener(app.fetch));
    return {
      url: server.url,
      async close() {
        await server.close();
        close();
      },
    };
  },
});
