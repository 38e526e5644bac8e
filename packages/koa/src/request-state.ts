import { createRequestState } from '@cloud-token/core/node';

/** Each context's accessor, whatever its `ctx.state` key. */
export const requestState = createRequestState('@cloud-token/koa.state');
