import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidOptionsError, type TokenSource } from '@cloud-token/core';
import { RequestCloudToken } from './request-cloud-token.js';
import { attachCloudToken } from './request-state.js';
import { resolveClients } from './resolve-clients.js';
import type { CloudTokenMiddleware, CloudTokenMiddlewareOptions } from './types.js';

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
  const prefetch = readPrefetch(options);
  const clients = resolveClients(options);

  const middleware = (req: Req, res: ServerResponse, next: (error?: unknown) => void): void => {
    const accessor = new RequestCloudToken(req, res, clients.lookup);
    attachCloudToken(req, accessor);
    if (!prefetch) {
      next();
      return;
    }
    // Express 4 ignores a rejected promise, so the middleware hands its own failures to next().
    accessor.getToken().then(
      () => next(),
      (error: unknown) => next(error),
    );
  };
  return Object.assign(middleware, { close: clients.close });
}

function readPrefetch(options: unknown): boolean {
  const prefetch =
    typeof options === 'object' && options !== null
      ? (options as { prefetch?: unknown }).prefetch
      : undefined;
  if (prefetch === undefined) return false;
  if (typeof prefetch !== 'boolean') throw new InvalidOptionsError('prefetch', 'must be a boolean');
  return prefetch;
}
