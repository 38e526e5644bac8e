import { type CloudTokenAccessor, createRequestState } from '@cloud-token/core/node';

/** Each request's accessor, under the brand key. */
export const requestState = createRequestState('@cloud-token/express.state');

/**
 * Stores the request's accessor under the brand key, and as `req.cloudToken`
 * (typed by the opt-in `@cloud-token/express/env`) unless another library
 * already uses that name. An inner `cloudToken()` mount replaces an outer one.
 */
export function attachCloudToken(req: object, accessor: CloudTokenAccessor): void {
  const target = req as { cloudToken?: unknown };
  const nameIsFree = !('cloudToken' in target) || requestState.of(req) !== undefined;
  requestState.attach(req, accessor);
  if (nameIsFree) target.cloudToken = accessor;
}
