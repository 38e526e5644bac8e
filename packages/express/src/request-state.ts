import type { CloudTokenAccessor } from '@cloud-token/core/node';

// Symbol.for, so that two copies of this package (ESM and CJS) share the key,
// and a symbol, so that no other library's property can collide with it.
const stateKey = Symbol.for('@cloud-token/express.state');

interface RequestWithState {
  [stateKey]?: CloudTokenAccessor;
  cloudToken?: unknown;
}

/**
 * Stores the request's accessor under the brand key, and as `req.cloudToken`
 * (typed by the opt-in `@cloud-token/express/env`) unless another library
 * already uses that name. An inner `cloudToken()` mount replaces an outer one.
 */
export function attachCloudToken(req: object, accessor: CloudTokenAccessor): void {
  const target = req as RequestWithState;
  const nameIsFree = !('cloudToken' in target) || target[stateKey] !== undefined;
  target[stateKey] = accessor;
  if (nameIsFree) target.cloudToken = accessor;
}

/** The accessor `cloudToken()` stored on this request, if it ran. */
export function attachedCloudToken(req: object): CloudTokenAccessor | undefined {
  return (req as RequestWithState)[stateKey];
}
