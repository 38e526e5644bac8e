import { UsageError } from '@cloud-token/core';
import type { CloudTokenAccessor } from '@cloud-token/core/node';
import { attachedCloudToken } from './request-state.js';

/**
 * This request's `{ getToken, fetch }` (as `ctx.state.cloudToken`). With
 * `new Koa({ asyncLocalStorage: true })`, deeper code passes
 * `app.currentContext`. Throws `ERR_USAGE` where `cloudToken()` is not mounted.
 *
 * @example
 * ```ts
 * router.get('/storage', async (ctx) => {
 *   ctx.body = await (await getCloudToken(ctx).fetch('storage/disc')).json();
 * });
 * const deepDown = () => getCloudToken(app.currentContext).getToken();
 * ```
 */
export function getCloudToken(ctx: object | undefined): CloudTokenAccessor {
  const accessor = ctx === undefined ? undefined : attachedCloudToken(ctx);
  if (accessor === undefined) {
    throw new UsageError(
      ctx === undefined
        ? 'getCloudToken(ctx) got no context: outside a request, or app.currentContext without new Koa({ asyncLocalStorage: true })'
        : 'getCloudToken(ctx) found no cloud token on this request: mount cloudToken() first, e.g. app.use(cloudToken(options))',
    );
  }
  return accessor;
}
