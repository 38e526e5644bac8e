import type { TokenSource } from '@cloud-token/core';
import { optionsSchema, stringRule } from '@cloud-token/core/adapter';
import { createRequestClients, isClientDisconnect } from '@cloud-token/core/node';
import type { Context, Next } from 'koa';
import { requestState } from './request-state.js';
import type { CloudTokenMiddleware, KoaCloudTokenOptions } from './types.js';

/** Koa's own key next to the core middleware's: where the accessor lives on `ctx.state`. */
const stateKeySchema = optionsSchema<Pick<KoaCloudTokenOptions, 'stateKey'>>()({
  stateKey: stringRule('cloudToken', /^[\s\S]+$/, 'a non-empty string'),
});

/**
 * Koa middleware (2.16+ and 3): `ctx.state.cloudToken` (typed after
 * `app.use()`) and `getCloudToken(ctx)` hold `{ getToken, fetch }`. Takes
 * credentials, a token source or a per-tenant `credentials(ctx)`, with the
 * call policy of `fetch`; options are checked here (`ERR_INVALID_OPTIONS`).
 * No token is fetched unless a handler asks (or `prefetch`); a client that
 * disconnects aborts the request's cloud calls, and is no error.
 *
 * @example
 * ```ts
 * const app = new Koa().use(cloudToken({ ...asposeCloud, clientId, clientSecret }));
 * app.use(async (ctx) => (ctx.body = await (await ctx.state.cloudToken.fetch('storage/disc')).json()));
 * ```
 */
export function cloudToken<K extends string = 'cloudToken'>(
  options: KoaCloudTokenOptions<K> | TokenSource,
): CloudTokenMiddleware<K> {
  const clients = createRequestClients<Context, { readonly stateKey: string }>(options, {
    options: stateKeySchema,
  });
  const key = clients.adapterOptions.stateKey;
  // A method: a bundler keeps its name, `cloudToken`, for stack traces and Koa's debug output.
  const { cloudToken } = {
    async cloudToken(ctx: Context, next: Next): Promise<void> {
      const accessor = clients.forRequest(ctx, ctx.res);
      requestState.attach(ctx, accessor);
      ctx.state[key] = accessor;
      try {
        if (clients.prefetch) await accessor.getToken();
        await next();
      } catch (error) {
        if (!isClientDisconnect(error)) throw error;
        ctx.respond = false;
      }
    },
  };
  const middleware = Object.assign(cloudToken, { close: () => clients.close() });
  return Object.defineProperty(middleware, 'tenants', { get: () => clients.tenants }) as never;
}
