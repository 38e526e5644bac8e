import { InvalidOptionsError } from '@cloud-token/core';
import { createRequestForwarder } from '@cloud-token/core/node';
import type { Context, Middleware, Next } from 'koa';
import type { CloudTokenProxyOptions } from './types.js';

/**
 * The backend-for-frontend proxy of `@cloud-token/express`, for Koa: forwards
 * requests under `prefix` to the cloud API with the server-held token (see
 * the core's `createRequestForwarder`). It writes the Node response itself
 * (`ctx.respond = false`), so a gzip answer arrives intact. After a body
 * parser it fails at once with `ERR_USAGE`; failures are thrown.
 *
 * @example
 * ```ts
 * app.use(cloudTokenProxy({ target: 'https://api.aspose.cloud/v4.0', prefix: '/cloud', source }));
 * ```
 */
export function cloudTokenProxy(options: CloudTokenProxyOptions): Middleware & { close(): void } {
  const { prefix = '', ...proxyOptions } = options ?? {};
  if (typeof prefix !== 'string' || (prefix !== '' && !/^\/.*[^/]$/.test(prefix))) {
    throw new InvalidOptionsError('prefix', 'must be a path like "/cloud" (no trailing slash)');
  }
  const forwarder = createRequestForwarder(proxyOptions as CloudTokenProxyOptions);
  const { cloudTokenProxy } = {
    async cloudTokenProxy(ctx: Context, next: Next): Promise<void> {
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
    },
  };
  return Object.assign(cloudTokenProxy, { close: () => forwarder.close() });
}
