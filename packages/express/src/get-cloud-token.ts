import type { IncomingMessage } from 'node:http';
import { UsageError } from '@cloud-token/core';
import type { CloudTokenAccessor } from '@cloud-token/core/node';
import { requestState } from './request-state.js';

/**
 * The cloud token of this request: `getToken()` and an authorized `fetch`,
 * both aborted when the client disconnects. Costs nothing until you call one
 * of them. Throws a `UsageError` (`ERR_USAGE`, synchronously) when
 * `cloudToken()` is not mounted before this route; Express 4 and 5 both
 * turn a synchronous throw in a handler into `next(err)`.
 *
 * In Express 4 a rejected promise of an `async` route never reaches Express:
 * catch it and call `next(err)` yourself (Express 5 does that for you).
 *
 * @example
 * ```ts
 * app.use(cloudToken({ tokenUrl, clientId, clientSecret, baseUrl: 'https://api.aspose.cloud/v4.0/' }));
 *
 * app.get('/storage', async (req, res, next) => {
 *   try {
 *     const answer = await getCloudToken(req).fetch('storage/exist/report.docx');
 *     res.status(answer.status).json(await answer.json());
 *   } catch (error) {
 *     next(error); // needed in Express 4, harmless in Express 5
 *   }
 * });
 * ```
 */
export function getCloudToken(req: IncomingMessage): CloudTokenAccessor {
  const accessor = requestState.of(req);
  if (accessor === undefined) {
    throw new UsageError(
      'getCloudToken(req) found no cloud token on this request: mount cloudToken() before this route, e.g. app.use(cloudToken(options))',
    );
  }
  return accessor;
}
