import type { Clock } from '@cloud-token/core';
import { Hono } from 'hono';
import {
  type CloudTokenEnv,
  clientCredentials,
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  cloudTokenReadiness,
  createTokenSource,
} from '../../src/index.js';

/** What the conformance suite's mount hands over (the clock only where the app runs in the test's process). */
export interface AppSetup {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly baseUrl: string;
  readonly proxyTarget: string;
  readonly clock?: Clock;
}

/**
 * The conformance app (`/call`, `/proxy/*`, `/readyz`, and `/give-up`), the same on every
 * runtime: Node, Bun, Deno and workerd run this code.
 */
export function conformanceApp({
  tokenUrl,
  clientId,
  clientSecret,
  baseUrl,
  proxyTarget,
  clock,
}: AppSetup) {
  const source = createTokenSource(clientCredentials({ tokenUrl, clientId, clientSecret }), {
    clock,
  });
  const middleware = cloudToken({ source, baseUrl, clock });
  const proxy = cloudTokenProxy({ source, target: proxyTarget, clock });
  const app = new Hono<CloudTokenEnv>();
  app.get('/readyz', cloudTokenReadiness(source));
  app.all('/proxy/*', proxy);
  app.all('/call', middleware, async (c) => {
    const to = c.req.query('to');
    if (to === undefined) return c.text('the /call route needs a "to" query parameter', 400);
    const method = c.req.method;
    const type = c.req.header('content-type');
    const body = method === 'GET' || method === 'HEAD' ? null : await c.req.arrayBuffer();
    return c.var.cloudToken.fetch(to, {
      method,
      headers: type === undefined ? {} : { 'content-type': type },
      body,
    });
  });
  // Asks for a token and gives up after 300 ms: the request ends while the token request it
  // started is still running (on Workers, its own work is then cancelled unless under waitUntil).
  app.get('/give-up', middleware, async (c) => {
    const giveUp = new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.race([c.var.cloudToken.getToken(), giveUp]);
    return c.text('gave up', 504);
  });
  app.onError(cloudTokenErrorHandler());
  return {
    app,
    close() {
      middleware.close();
      proxy.close();
      source.close();
    },
  };
}
