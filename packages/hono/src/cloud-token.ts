import type { TokenSource } from '@cloud-token/core';
import { type CloudTokenMiddlewareOptions, createRequestClients } from '@cloud-token/core/adapter';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { requestConnection } from './request-connection.js';
import type { CloudTokenEnv, CloudTokenMiddleware } from './types.js';

/**
 * Hono middleware that gives every request behind it a cloud token:
 * `c.var.cloudToken` is `{ getToken, fetch }`, typed through
 * {@link CloudTokenEnv}. It takes one client's credentials, a ready token
 * source, or a per-tenant `credentials(c)` function, each with the call
 * policy of `fetch` (`baseUrl`, `allowedOrigins`, …), validated here
 * (`InvalidOptionsError`, never echoing a secret).
 *
 * No token is fetched unless the route asks for one (or `prefetch` is set).
 * On Workers, a token request is handed to `waitUntil`, so the requests waiting
 * for it never hang. Failures go to `app.onError(cloudTokenErrorHandler())`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { type CloudTokenEnv, cloudToken, cloudTokenErrorHandler } from '@cloud-token/hono';
 *
 * const app = new Hono<CloudTokenEnv>();
 * app.use(cloudToken({ tokenUrl, clientId, clientSecret, baseUrl: 'https://api.aspose.cloud/v4.0/' }));
 * app.get('/stats', (c) => c.var.cloudToken.fetch('words/doc.docx/statistics'));
 * app.onError(cloudTokenErrorHandler());
 * ```
 */
export function cloudToken(
  options: CloudTokenMiddlewareOptions<Context> | TokenSource,
): CloudTokenMiddleware {
  const clients = createRequestClients<Context>(options);
  const middleware = createMiddleware<CloudTokenEnv>(async (c, next) => {
    const accessor = clients.forRequest(c, requestConnection(c));
    c.set('cloudToken', accessor);
    if (clients.prefetch) await accessor.getToken();
    await next();
  });
  return Object.assign(middleware, { close: () => clients.close() });
}
