import { optionsSchema, pathBelowMount, stringRule } from '@cloud-token/core/adapter';
import { createRequestForwarder } from '@cloud-token/core/node';
import type { Context, Middleware, Next } from 'koa';
import type { CloudTokenProxyOptions } from './types.js';

/** Koa's own key next to the core proxy's: the path it serves. */
const prefixSchema = optionsSchema<Pick<CloudTokenProxyOptions, 'prefix'>>()({
  prefix: stringRule('', /^(?:\/.*[^/])?$/, 'a path like "/cloud" (no trailing slash)'),
});

/**
 * Forwards requests under `prefix` to the cloud API with the server-held token
 * (the core's `createRequestForwarder`), writing the Node response itself so a
 * gzip answer arrives intact. After a body parser it fails with `ERR_USAGE`.
 *
 * @example
 * ```ts
 * app.use(cloudTokenProxy({ target: 'https://api.aspose.cloud/v4.0', prefix: '/cloud', source }));
 * ```
 */
export function cloudTokenProxy(options: CloudTokenProxyOptions): Middleware & { close(): void } {
  const forwarder = createRequestForwarder(options, { options: prefixSchema });
  const { prefix } = forwarder.adapterOptions;
  const { cloudTokenProxy } = {
    async cloudTokenProxy(ctx: Context, next: Next): Promise<void> {
      const below = pathBelowMount(ctx.url, prefix);
      if (below === undefined) return next();
      ctx.respond = false;
      try {
        await forwarder.forward(ctx.req, ctx.res, below);
      } catch (error) {
        if (!ctx.res.headersSent) ctx.respond = true;
        throw error;
      }
    },
  };
  return Object.assign(cloudTokenProxy, { close: () => forwarder.close() });
}
