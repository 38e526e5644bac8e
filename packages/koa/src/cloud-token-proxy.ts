import { InvalidOptionsError } from '@cloud-token/core';
import { createRequestForwarder } from '@cloud-token/core/node';
import type { Context, Middleware, Next } from 'koa';
import type { CloudTokenProxyOptions } from './types.js';

/**
 * A backend-for-frontend proxy: forwards every request under `prefix` (or
 * every request that reaches it) to the cloud API with the server-held
 * token, with the Express proxy's behaviour: browser credentials and
 * hop-by-hop headers stripped, bodies up to `maxBufferedBodyBytes` buffered
 * so a 401 is renewed and replayed, streaming both ways, a client abort
 * aborting the cloud request, escaping paths refused (400 problem+json).
 * It writes the Node response itself (`ctx.respond = false`), so a gzip
 * answer arrives intact. Mount it before any body parser: after one, it
 * fails at once with `ERR_USAGE`. Failures are thrown with `status`/`headers`.
 *
 * @example
 * ```ts
 * app.use(cloudTokenProxy({ target: 'https://api.aspose.cloud/v4.0', prefix: '/cloud', tokenUrl, clientId, clientSecret }));
 * app.use(bodyParser()); // after the proxy
 * ```
 */
export function cloudTokenProxy(options: CloudTokenProxyOptions): Middleware & { close(): void } {
  const { prefix = '', ...proxyOptions } = options ?? {};
  if (typeof prefix !== 'string' || (prefix !== '' && !/^\/.*[^/]$/.test(prefix))) {
    throw new InvalidOptionsError('prefix', 'must be a path like "/cloud" (no trailing slash)');
  }
  const forwarder = createRequestForwarder(proxyOptions as CloudTokenProxyOptions);

  async function cloudTokenProxy(ctx: Context, next: Next): Promise<void> {
    const url = ctx.url;
    const below = url.slice(prefix.length);
    if (!url.startsWith(prefix) || !/^(\/|\?|$)/.test(below)) return next();
    ctx.respond = false;
    try {
      await forwarder.forward(ctx.req, ctx.res, below.startsWith('/') ? below : `/${below}`);
    } catch (error) {
      if (!ctx.res.headersSent) ctx.respond = true;
      throw error;
    }
  }
  return Object.assign(cloudTokenProxy, { close: () => forwarder.close() });
}
