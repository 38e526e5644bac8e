import { createRequestState } from '@cloud-token/core/node';

/**
 * Each request's accessor: as `req.cloudToken` (typed by the opt-in
 * `@cloud-token/express/env`), or under the brand key when another library
 * already uses that name. An inner `cloudToken()` mount replaces an outer one.
 */
export const requestState = createRequestState('@cloud-token/express.state', 'cloudToken');
