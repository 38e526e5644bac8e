import { sendCloudAnswer as sendToNodeResponse } from '@cloud-token/core/node';
import type { Context } from 'koa';

/**
 * Sends a cloud answer (what `fetch()` resolved) to the client as it is,
 * binary included, through the core's `sendCloudAnswer` (`ctx.respond =
 * false`): never assign a `Response` to `ctx.body`, which would copy
 * `Content-Encoding` over a body fetch already decoded.
 *
 * @example
 * ```ts
 * router.get('/documents/:name.pdf', async (ctx) => {
 *   await sendCloudAnswer(ctx, await getCloudToken(ctx).fetch(`words/${ctx.params.name}?format=pdf`));
 * });
 * ```
 */
export function sendCloudAnswer(ctx: Context, answer: Response): Promise<void> {
  ctx.respond = false;
  return sendToNodeResponse(ctx.res, answer);
}
