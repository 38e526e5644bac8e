import type { CloudTokenAccessor } from '@cloud-token/core/node';

const stateKey = Symbol.for('@cloud-token/koa.state');

/** Stores the request's accessor on the context, whatever its `ctx.state` key. */
export function attachCloudToken(ctx: object, accessor: CloudTokenAccessor): void {
  (ctx as { [stateKey]?: CloudTokenAccessor })[stateKey] = accessor;
}

/** The accessor `cloudToken()` stored on this context, if it ran. */
export function attachedCloudToken(ctx: object): CloudTokenAccessor | undefined {
  return (ctx as { [stateKey]?: CloudTokenAccessor })[stateKey];
}
