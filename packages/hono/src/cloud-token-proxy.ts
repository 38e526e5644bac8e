import {
  createWebRequestForwarder,
  type ProxyOptions,
  pathBelowMount,
} from '@cloud-token/core/adapter';
import type { Context } from 'hono';
import { requestConnection } from './request-connection.js';
import type { CloudTokenProxy } from './types.js';

/**
 * Options of {@link cloudTokenProxy}: the `target` API URL, a token `source` or
 * credentials, `maxBufferedBodyBytes` (default 1 MiB) and the call policy's options.
 *
 * @example
 * ```ts
 * const options: CloudTokenProxyOptions = { target: 'https://api.aspose.cloud/v4.0', source };
 * ```
 */
export type CloudTokenProxyOptions = ProxyOptions;

/**
 * A backend-for-frontend proxy for a wildcard route, on Web streams: what
 * follows the route's fixed prefix as sent goes to the cloud API with the
 * server-held token (`/cloud/words/x?s=1` under `app.all('/cloud/*', …)` to
 * `${target}/words/x?s=1`); a path that would leave the target's prefix is a
 * 400, one not below the route's prefix as sent (`/clou%64/x`) a 404. The
 * client's `Authorization`, `Cookie` and hop-by-hop headers never reach the
 * cloud, nor its `Set-Cookie` the client. A body up to `maxBufferedBodyBytes`
 * is buffered, so a 401 gets one renewal and a replay; a short 429/503 is
 * waited out; the answer streams back; a client that leaves aborts the cloud
 * request. Failures go to `app.onError(cloudTokenErrorHandler())`.
 *
 * @example
 * ```ts
 * app.all('/cloud/*', cloudTokenProxy({ target: 'https://api.aspose.cloud/v4.0', tokenUrl, clientId, clientSecret }));
 * app.onError(cloudTokenErrorHandler());
 * ```
 */
export function cloudTokenProxy(options: CloudTokenProxyOptions): CloudTokenProxy {
  const forwarder = createWebRequestForwarder(options);
  const proxy = async (c: Context): Promise<Response> => {
    // As sent (`new URL` resolves `..`); Hono routes decoded paths, which may not be below.
    const raw = c.req.url.slice(c.req.url.indexOf('/', c.req.url.indexOf('//') + 2));
    const path = pathBelowMount(raw, c.req.routePath.replace(/\/?[*:].*$/, ''));
    if (path === undefined) return c.notFound();
    return forwarder.forward(c.req.raw, path, requestConnection(c).context);
  };
  return Object.assign(proxy, { close: () => forwarder.close() });
}
