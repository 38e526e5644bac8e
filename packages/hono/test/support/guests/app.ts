import {
  type Clock,
  type CloudTokenEnv,
  clientCredentials,
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  cloudTokenReadiness,
  createTokenSource,
} from '@cloud-token/hono';
import { Hono } from 'hono';

/** Where the token comes from, which API `fetch` calls, where `/proxy/*` goes. */
export interface AppSettings {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly baseUrl: string;
  readonly proxyTarget: string;
  readonly clock?: Clock;
}

/** The settings from a runtime's environment: env variables, or a Worker's bindings. */
export function settingsFrom(read: (name: string) => string | undefined): AppSettings {
  const value = (name: string): string => read(name) ?? '';
  return {
    tokenUrl: value('TOKEN_URL'),
    clientId: value('CLIENT_ID'),
    clientSecret: value('CLIENT_SECRET'),
    baseUrl: value('BASE_URL'),
    proxyTarget: value('PROXY_TARGET'),
  };
}

/** One Hono app for Node, Bun, Deno and Workers: `/call`, `/proxy/*`, `/readyz`, `/give-up`. */
export function createApp({
  tokenUrl,
  clientId,
  clientSecret,
  baseUrl,
  proxyTarget,
  clock,
}: AppSettings) {
  const source = createTokenSource(clientCredentials({ tokenUrl, clientId, clientSecret }), {
    clock,
  });
  const middleware = cloudToken({ source, baseUrl, clock });
  const proxy = cloudTokenProxy({ source, target: proxyTarget, clock });
  const app = new Hono<CloudTokenEnv>();
  app.get('/readyz', cloudTokenReadiness(source));
  app.all('/proxy/*', proxy);
  // Calls `to` through the request's authorized fetch, with the request's method and body.
  app.all('/call', middleware, async (c) => {
    const method = c.req.method;
    const type = c.req.header('content-type');
    return c.var.cloudToken.fetch(c.req.query('to') ?? '', {
      method,
      headers: type === undefined ? {} : { 'content-type': type },
      body: method === 'GET' || method === 'HEAD' ? null : await c.req.arrayBuffer(),
    });
  });
  // Asks for a token and gives up after 300 ms: the request ends while the token request it
  // started still runs (on Workers, a request's work is then cancelled unless under waitUntil).
  app.get('/give-up', middleware, async (c) => {
    const giveUp = new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.race([c.var.cloudToken.getToken(), giveUp]);
    return c.text('gave up', 504);
  });
  app.onError(cloudTokenErrorHandler());
  const close = () => {
    middleware.close();
    proxy.close();
    source.close();
  };
  return { app, close };
}
