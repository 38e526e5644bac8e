import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenSource } from '@cloud-token/core';
import {
  type CloudTokenMiddlewareOptions,
  createRequestClients,
  isClientDisconnect,
} from '@cloud-token/core/node';
import { requestState } from './request-state.js';
import type { CloudTokenMiddleware } from './types.js';

/**
 * Express middleware (4.21+ and 5) that gives every request behind it a
 * cloud token: `getCloudToken(req)` (or `req.cloudToken` with
 * `@cloud-token/express/env`) returns `{ getToken, fetch }`. It takes one
 * client's credentials, a ready token source, or a per-tenant
 * `credentials(req)` function, each with the call policy of `fetch`
 * (`baseUrl`, `allowedOrigins`, …). Every option is validated here,
 * synchronously (`InvalidOptionsError`, code `ERR_INVALID_OPTIONS`, never
 * echoing a secret); token sources and authorized fetches are built once.
 *
 * Per request it only attaches a lazy accessor: no token is fetched unless
 * the route asks for one (or `prefetch` is set). Failures reach Express as
 * errors carrying `status` (502/503) and `headers` (`retry-after`), which
 * Express's default handler and `cloudTokenErrorHandler()` both use.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { cloudToken, getCloudToken } from '@cloud-token/express';
 *
 * const app = express();
 * app.use(
 *   cloudToken({
 *     tokenUrl: 'https://api.aspose.cloud/connect/token',
 *     clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *     clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 *     baseUrl: 'https://api.aspose.cloud/v4.0/',
 *   }),
 * );
 * app.get('/words/:name/statistics', async (req, res) => {
 *   const answer = await getCloudToken(req).fetch(`words/${encodeURIComponent(req.params.name)}/statistics`);
 *   res.status(answer.status).json(await answer.json());
 * });
 * ```
 */
export function cloudToken<Req extends IncomingMessage = IncomingMessage>(
  options: CloudTokenMiddlewareOptions<Req> | TokenSource,
): CloudTokenMiddleware<Req> {
  const clients = createRequestClients(options);

  const middleware = (req: Req, res: ServerResponse, next: (error?: unknown) => void): void => {
    const accessor = clients.forRequest(req, res);
    requestState.attach(req, accessor);
    if (!clients.prefetch) {
      next();
      return;
    }
    // Express 4 ignores a rejected promise, so the middleware hands its own failures to next();
    // a client that left is nobody's failure, and Express would print its stack.
    accessor.getToken().then(
      () => next(),
      (error: unknown) => {
        if (!isClientDisconnect(error)) next(error);
      },
    );
  };
  return Object.assign(middleware, { close: () => clients.close() });
}
