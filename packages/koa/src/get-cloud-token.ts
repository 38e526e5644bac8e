import { UsageError } from '@cloud-token/core';
import type { CloudTokenAccessor } from '@cloud-token/core/node';
import { requestState } from './request-state.js';

/**
 * This request's `{ getToken, fetch }` (as `ctx.state.cloudToken`). With
 * `new Koa({ asyncLocalStorage: true })`, deeper code passes
 * `app.currentContext`. Throws `ERR_USAGE` where `cloudToken()` is not mounted.
 *
 * @example
 * ```ts
 * router.get('/disc', async (ctx) => sendCloudAnswer(ctx, await getCloudToken(ctx).fetch('storage/disc')));
 * const deepDown = () => getCloudToken(app.currentContext).getToken();
 * ```
 */
export function getCloudToken(ctx: object | undefined): CloudTokenAccessor {
  const accessor = ctx === undefined ? undefined : requestState.of(ctx);
  if (accessor === undefined) {
    throw new UsageError(
      'getCloudToken(ctx) found no cloud token: mount cloudToken() first (and for app.currentContext, create the app with new Koa({ asyncLocalStorage: true }))',
    );
  }
  return accessor;
}
